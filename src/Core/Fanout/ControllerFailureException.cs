using System;

namespace EwcUpgrade.Fanout;

/// <summary>A controller's work ended in a failure it already described (an upgrade's result): its error record, with its own id.</summary>
public sealed class ControllerFailureException : Exception
{
    public ControllerFailureException(string message, string id, EwcErrorCategory category) : base(message)
    {
        Id = id;
        Category = category;
    }

    public string Id { get; }
    public EwcErrorCategory Category { get; }
}
