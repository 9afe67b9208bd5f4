using System;

namespace EwcUpgrade.Fanout;

/// <summary>
/// What a worker has to say. Workers only enqueue these; the pipeline thread writes them (PowerShell
/// accepts output, progress and records from that thread alone).
/// </summary>
public abstract class RunnerMessage
{
    protected RunnerMessage(string controller) => Controller = controller;

    /// <summary>The controller the message is about.</summary>
    public string Controller { get; }
}

public sealed class RunnerOutput : RunnerMessage
{
    public RunnerOutput(string controller, object value) : base(controller) => Value = value;
    public object Value { get; }
}

public sealed class RunnerProgress : RunnerMessage
{
    public RunnerProgress(string controller, string status, int? percent) : base(controller)
    {
        Status = status;
        Percent = percent;
    }

    public string Status { get; }
    /// <summary>0-100, or null when the work cannot tell.</summary>
    public int? Percent { get; }
}

public sealed class RunnerVerbose : RunnerMessage
{
    public RunnerVerbose(string controller, string text) : base(controller) => Text = text;
    public string Text { get; }
}

public sealed class RunnerWarning : RunnerMessage
{
    public RunnerWarning(string controller, string text) : base(controller) => Text = text;
    public string Text { get; }
}

/// <summary>A failure of one controller's work (also carried by its result).</summary>
public sealed class RunnerError : RunnerMessage
{
    public RunnerError(string controller, EwcError error, object? target) : base(controller)
    {
        Error = error;
        Target = target;
    }

    public EwcError Error { get; }
    /// <summary>The object the error is about (for the error record's TargetObject).</summary>
    public object? Target { get; }
}

/// <summary>One controller finished, one way or another: the last message about it.</summary>
public sealed class RunnerFinished : RunnerMessage
{
    public RunnerFinished(ControllerResult result) : base(result.Controller) => Result = result;
    public ControllerResult Result { get; }
}
