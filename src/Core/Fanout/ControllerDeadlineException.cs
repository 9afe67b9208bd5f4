using System;

namespace EwcUpgrade.Fanout;

/// <summary>A controller's work ran past its deadline (-TimeoutSeconds of the cmdlet).</summary>
public sealed class ControllerDeadlineException : TimeoutException
{
    public ControllerDeadlineException(string controller, TimeSpan deadline)
        : base($"{controller} did not finish within {deadline.TotalSeconds:0} s; its work was stopped.") { }
}
