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

public enum RunnerTextKind
{
    Verbose,
    Warning,
    /// <summary>A line for the console, as Write-Host writes it: shown by default, in the information stream.</summary>
    HostLine,
}

/// <summary>A line of text for one of PowerShell's streams.</summary>
public sealed class RunnerText : RunnerMessage
{
    public RunnerText(string controller, RunnerTextKind kind, string text) : base(controller)
    {
        Kind = kind;
        Text = text;
    }

    public RunnerTextKind Kind { get; }
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

/// <summary>
/// Something only the pipeline thread may do for a worker (ShouldProcess: -WhatIf text and -Confirm
/// prompts go through the host). The worker waits until the pipeline thread has run it.
/// </summary>
public sealed class RunnerCall : RunnerMessage
{
    private readonly Action _action;
    private readonly System.Threading.ManualResetEventSlim _done = new(false);

    public RunnerCall(string controller, Action action) : base(controller) => _action = action;

    /// <summary>Runs the call on the pipeline thread; the waiting worker goes on even when it throws.</summary>
    public void Run()
    {
        try
        {
            _action();
        }
        finally
        {
            _done.Set();
        }
    }

    /// <summary>Waits on the worker until <see cref="Run"/> ended; a stop ends the wait.</summary>
    public void Wait(System.Threading.CancellationToken cancel) => _done.Wait(cancel);
}
