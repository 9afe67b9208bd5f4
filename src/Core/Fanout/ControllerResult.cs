using System;
using System.Collections.Generic;

namespace EwcUpgrade.Fanout;

public enum ControllerOutcome
{
    Succeeded,
    Failed,
    /// <summary>The per-controller deadline ran out.</summary>
    TimedOut,
    /// <summary>The whole run was stopped (Ctrl+C, a runbook's stop) before this controller finished.</summary>
    Stopped,
}

/// <summary>One controller's end of a run: what was done, what failed, how long it took.</summary>
public sealed class ControllerResult
{
    internal ControllerResult(string controller, ControllerOutcome outcome, IReadOnlyList<string> done, EwcError? error, TimeSpan duration, int attempts)
    {
        Controller = controller;
        Outcome = outcome;
        Done = done;
        Error = error;
        Duration = duration;
        Attempts = attempts;
    }

    public string Controller { get; }
    public ControllerOutcome Outcome { get; }
    public bool Succeeded => Outcome == ControllerOutcome.Succeeded;
    /// <summary>The steps the work reported as done, in order.</summary>
    public IReadOnlyList<string> Done { get; }
    public EwcError? Error { get; }
    public string? ErrorId => Error?.Id;
    public EwcErrorCategory? ErrorCategory => Error?.Category;
    public TimeSpan Duration { get; }
    /// <summary>2 when a dropped connection was retried once (read-only work only).</summary>
    public int Attempts { get; }

    public override string ToString() => $"{Controller}: {Outcome}" + (Error != null ? $" ({Error.Id})" : "");
}
