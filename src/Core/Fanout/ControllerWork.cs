using System;
using System.Collections.Generic;
using System.Threading;

namespace EwcUpgrade.Fanout;

/// <summary>
/// What one controller's work sees: its cancellation token (the run's stop and the controller's
/// deadline together) and the ways to report. Safe to call from the worker thread.
/// </summary>
public sealed class ControllerContext
{
    private readonly Action<RunnerMessage> _post;
    private readonly List<string> _done = new();

    internal ControllerContext(string controller, int attempt, CancellationToken token, Action<RunnerMessage> post)
    {
        Controller = controller;
        Attempt = attempt;
        Token = token;
        _post = post;
    }

    public string Controller { get; }
    /// <summary>1, or 2 when read-only work runs again after a dropped connection.</summary>
    public int Attempt { get; }
    public CancellationToken Token { get; }
    internal IReadOnlyList<string> DoneSteps => _done;

    public void Output(object value) => _post(new RunnerOutput(Controller, value));
    public void Progress(string status, int? percent = null) => _post(new RunnerProgress(Controller, status, percent));
    public void Verbose(string text) => _post(new RunnerText(Controller, RunnerTextKind.Verbose, text));
    /// <summary>A line for the console, shown by default (the information stream, as Write-Host).</summary>
    public void HostLine(string text) => _post(new RunnerText(Controller, RunnerTextKind.HostLine, text));
    public void Warning(string text) => _post(new RunnerText(Controller, RunnerTextKind.Warning, text));
    /// <summary>
    /// Runs <paramref name="call"/> on the pipeline thread and returns its answer (ShouldProcess);
    /// <paramref name="otherwise"/> when the pipeline thread could not answer (it was stopping).
    /// </summary>
    public T OnPipeline<T>(Func<T> call, T otherwise)
    {
        var answer = otherwise;
        var message = new RunnerCall(Controller, () => answer = call());
        _post(message);
        message.Wait(Token);
        return answer;
    }

    /// <summary>Records a step as done, for the controller's result.</summary>
    public void Done(string step)
    {
        lock (_done) _done.Add(step);
    }
}

/// <summary>One controller to work on: its name for messages, the object errors are about, and the work.</summary>
public sealed class ControllerWork
{
    public ControllerWork(string controller, object? target, Action<ControllerContext> work)
    {
        Controller = controller;
        Target = target;
        Work = work ?? throw new ArgumentNullException(nameof(work));
    }

    public string Controller { get; }
    public object? Target { get; }
    public Action<ControllerContext> Work { get; }
}
