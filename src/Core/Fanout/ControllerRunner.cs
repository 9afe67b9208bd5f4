using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using EwcUpgrade.Cli;

namespace EwcUpgrade.Fanout;

/// <summary>How a run behaves: how many controllers at once, each one's deadline, and whether dropped work runs again.</summary>
public sealed class RunnerOptions
{
    /// <summary>Controllers worked on at once (the cmdlets' -ThrottleLimit).</summary>
    public int ThrottleLimit { get; set; } = 8;
    /// <summary>Each controller's deadline; null for none.</summary>
    public TimeSpan? Deadline { get; set; }
    /// <summary>Read-only work is run once more after a dropped connection (a fresh session); work that changes a device never is.</summary>
    public bool RetryOnDrop { get; set; }
}

/// <summary>
/// Runs one piece of work per controller on worker threads, at most ThrottleLimit at once. Work is
/// added as the pipeline delivers targets and starts at once when a slot is free; everything the
/// workers say is queued and handed to the pipeline thread through <see cref="Take"/>, each
/// controller ending with a <see cref="RunnerFinished"/>. <see cref="Stop"/> cancels every
/// controller's token: work that honours it (the SSH read loop does) ends within a second.
/// </summary>
public sealed class ControllerRunner : IDisposable
{
    private readonly RunnerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly BlockingCollection<RunnerMessage> _messages = new(new ConcurrentQueue<RunnerMessage>());
    private readonly Queue<ControllerWork> _pending = new();
    private readonly object _gate = new();
    private int _workers;
    private int _running;
    private int _added;
    private int _finished;
    private bool _completed;

    public ControllerRunner(RunnerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.ThrottleLimit < 1) throw new ArgumentOutOfRangeException(nameof(options), "ThrottleLimit must be at least 1.");
    }

    public int Added => Volatile.Read(ref _added);
    public int Finished => Volatile.Read(ref _finished);
    /// <summary>The most controllers that were worked on at the same moment in this run.</summary>
    public int PeakConcurrency { get; private set; }
    public bool IsStopping => _stop.IsCancellationRequested;

    /// <summary>Queues a controller's work; it starts at once when fewer than ThrottleLimit are running.</summary>
    public void Add(ControllerWork work)
    {
        if (work == null) throw new ArgumentNullException(nameof(work));
        lock (_gate)
        {
            if (_completed) throw new InvalidOperationException("The run was completed: no more work can be added.");
            _added++;
            _pending.Enqueue(work);
            if (_workers >= _options.ThrottleLimit) return; // a running worker takes it when it is free
            _workers++;
        }
        new Thread(WorkLoop) { IsBackground = true, Name = "ewc-controller-worker" }.Start();
    }

    /// <summary>At most ThrottleLimit of these run; each takes queued work until none is left.</summary>
    private void WorkLoop()
    {
        while (true)
        {
            ControllerWork work;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _workers--;
                    return;
                }
                work = _pending.Dequeue();
            }
            Execute(work);
        }
    }

    /// <summary>No more work will be added: <see cref="Take"/> ends once every controller finished.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            if (_finished == _added) CompleteMessages();
        }
    }

    /// <summary>Cancels every controller's work (Ctrl+C, StopProcessing); queued work is not started.</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>
    /// Waits (at most <paramref name="wait"/>) until no controller's work is running: after
    /// <see cref="Stop"/>, so a stopped cmdlet returns only once its sessions were cleaned up.
    /// </summary>
    public bool WaitIdle(TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        while (true)
        {
            lock (_gate)
            {
                if (_workers == 0) return true;
            }
            if (DateTime.UtcNow >= until) return false;
            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// The next message, waiting at most <paramref name="wait"/>; false when there is none yet, or
    /// (with <see cref="IsDone"/>) when the run is over.
    /// </summary>
    public bool Take(TimeSpan wait, out RunnerMessage? message)
    {
        try
        {
            return _messages.TryTake(out message, wait);
        }
        catch (ObjectDisposedException)
        {
            message = null;
            return false;
        }
    }

    public bool IsDone => _messages.IsCompleted;

    private void Execute(ControllerWork work)
    {
        var clock = Stopwatch.StartNew();
        ControllerResult result;
        if (_stop.IsCancellationRequested)
        {
            Finish(work, new ControllerResult(work.Controller, ControllerOutcome.Stopped, Array.Empty<string>(), Stopped(work), clock.Elapsed, 0));
            return;
        }
        try
        {
            try
            {
                lock (_gate) PeakConcurrency = Math.Max(PeakConcurrency, ++_running);
                result = RunAttempts(work, clock);
            }
            finally
            {
                lock (_gate) _running--;
            }
        }
        catch (Exception e)
        {
            // A bug in the work: this controller fails with it, the run and the process go on.
            result = new ControllerResult(work.Controller, ControllerOutcome.Failed, Array.Empty<string>(), EwcErrors.Classify(e), clock.Elapsed, 1);
        }
        Finish(work, result);
    }

    private ControllerResult RunAttempts(ControllerWork work, Stopwatch clock)
    {
        using var deadline = _options.Deadline is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, deadline.Token);
        for (var attempt = 1; ; attempt++)
        {
            var context = new ControllerContext(work.Controller, attempt, linked.Token, Post);
            try
            {
                linked.Token.ThrowIfCancellationRequested();
                work.Work(context);
                return new ControllerResult(work.Controller, ControllerOutcome.Succeeded, context.DoneSteps, null, clock.Elapsed, attempt);
            }
            catch (Exception) when (linked.IsCancellationRequested)
            {
                // Whatever a cancelled command throws (a closed socket, a disposed session), the cause is the stop or the deadline.
                var timedOut = deadline.IsCancellationRequested && !_stop.IsCancellationRequested;
                var error = timedOut ? EwcErrors.Classify(new ControllerDeadlineException(work.Controller, _options.Deadline!.Value)) : Stopped(work);
                if (timedOut) Post(new RunnerError(work.Controller, error, work.Target));
                return new ControllerResult(work.Controller, timedOut ? ControllerOutcome.TimedOut : ControllerOutcome.Stopped, context.DoneSteps, error, clock.Elapsed, attempt);
            }
            catch (EwcConnectionException e) when (_options.RetryOnDrop && attempt == 1 && IsDrop(e))
            {
                Post(new RunnerText(work.Controller, RunnerTextKind.Verbose, $"The connection to {work.Controller} dropped ({e.Message}); reading again on a new session."));
            }
            catch (Exception e) when (EwcErrors.IsControllerFailure(e))
            {
                var error = EwcErrors.Classify(e);
                Post(new RunnerError(work.Controller, error, work.Target));
                return new ControllerResult(work.Controller, ControllerOutcome.Failed, context.DoneSteps, error, clock.Elapsed, attempt);
            }
        }
    }

    // Refused logins and host keys are answers, not drops: asking again would only repeat them.
    private static bool IsDrop(EwcConnectionException e) => e is not (EwcHostKeyException or EwcAuthenticationException);

    private static EwcError Stopped(ControllerWork work) =>
        EwcErrors.Classify(new OperationCanceledException($"The work on {work.Controller} was stopped."));

    private void Post(RunnerMessage message)
    {
        try { _messages.Add(message); }
        catch (InvalidOperationException) { } // the run is over: nobody is listening any more
    }

    private void Finish(ControllerWork work, ControllerResult result)
    {
        Post(new RunnerFinished(result));
        lock (_gate)
        {
            _finished++;
            if (_completed && _finished == _added) CompleteMessages();
        }
    }

    // A stopped cmdlet is disposed while its workers still wind down: their last words go nowhere.
    private void CompleteMessages()
    {
        try { _messages.CompleteAdding(); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _messages.Dispose();
    }
}
