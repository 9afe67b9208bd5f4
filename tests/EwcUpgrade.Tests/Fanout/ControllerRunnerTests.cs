using EwcUpgrade.Cli;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Tests.Fanout;

/// <summary>The runner every controller cmdlet uses: bounded parallelism, results as they come, stop, deadline, one retry.</summary>
public sealed class ControllerRunnerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>Every message until the run is over (bounded).</summary>
    private static List<RunnerMessage> Drain(ControllerRunner runner)
    {
        var messages = new List<RunnerMessage>();
        var deadline = DateTime.UtcNow + Bound;
        while (!runner.IsDone)
        {
            Assert.True(DateTime.UtcNow < deadline, "the run did not end");
            if (runner.Take(TimeSpan.FromMilliseconds(50), out var m)) messages.Add(m!);
        }
        return messages;
    }

    private static RunnerMessage Next(ControllerRunner runner)
    {
        Assert.True(runner.Take(Bound, out var m), "no message came");
        return m!;
    }

    [Fact]
    public void Never_runs_more_controllers_at_once_than_the_throttle_limit_and_uses_all_of_it()
    {
        using var runner = new ControllerRunner(new RunnerOptions { ThrottleLimit = 4 });
        var running = 0;
        var peak = 0;
        var fourRunning = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        for (var i = 0; i < 10; i++)
        {
            runner.Add(new ControllerWork($"EWC-{i}", null, c =>
            {
                var now = Interlocked.Increment(ref running);
                lock (runner) peak = Math.Max(peak, now);
                if (now == 4) fourRunning.Set();
                release.Wait(c.Token);
                Interlocked.Decrement(ref running);
            }));
        }
        runner.Complete();
        Assert.True(fourRunning.Wait(Bound), "four controllers should run at once");
        release.Set();
        var finished = Drain(runner).OfType<RunnerFinished>().ToList();
        Assert.Equal(10, finished.Count);
        Assert.All(finished, f => Assert.Equal(ControllerOutcome.Succeeded, f.Result.Outcome));
        Assert.Equal(4, peak);
        Assert.Equal(4, runner.PeakConcurrency);
    }

    [Fact]
    public void Results_come_out_as_each_controller_finishes_not_at_the_end()
    {
        using var runner = new ControllerRunner(new RunnerOptions { ThrottleLimit = 2 });
        var slowMayEnd = new ManualResetEventSlim();
        runner.Add(new ControllerWork("SLOW", null, c => slowMayEnd.Wait(c.Token)));
        runner.Add(new ControllerWork("FAST", null, c => c.Output("fast result")));
        runner.Complete();
        var output = Assert.IsType<RunnerOutput>(Next(runner));
        Assert.Equal("FAST", output.Controller);
        Assert.Equal("fast result", output.Value);
        Assert.Equal("FAST", Assert.IsType<RunnerFinished>(Next(runner)).Controller);
        Assert.False(runner.IsDone);
        slowMayEnd.Set();
        Assert.Equal("SLOW", Assert.IsType<RunnerFinished>(Drain(runner).Single()).Controller);
    }

    [Fact]
    public void Stop_cancels_running_and_queued_work_and_every_controller_reports_stopped()
    {
        using var runner = new ControllerRunner(new RunnerOptions { ThrottleLimit = 2 });
        var started = new CountdownEvent(2);
        for (var i = 0; i < 5; i++)
        {
            runner.Add(new ControllerWork($"EWC-{i}", null, c =>
            {
                started.Signal();
                Task.Delay(Timeout.Infinite, c.Token).Wait(); // a command waiting on a device that never answers
            }));
        }
        runner.Complete();
        Assert.True(started.Wait(Bound));
        runner.Stop();
        var finished = Drain(runner).OfType<RunnerFinished>().Select(f => f.Result).ToList();
        Assert.Equal(5, finished.Count);
        Assert.All(finished, r => Assert.Equal(ControllerOutcome.Stopped, r.Outcome));
        Assert.All(finished, r => Assert.Equal(EwcErrorIds.Stopped, r.ErrorId));
        Assert.Equal(2, finished.Count(r => r.Attempts == 1));
    }

    [Fact]
    public void A_controller_past_its_deadline_times_out_and_the_others_finish()
    {
        using var runner = new ControllerRunner(new RunnerOptions { ThrottleLimit = 4, Deadline = TimeSpan.FromMilliseconds(200) });
        runner.Add(new ControllerWork("HUNG", "hung-target", c => Task.Delay(Timeout.Infinite, c.Token).Wait()));
        runner.Add(new ControllerWork("OK", null, c => c.Done("read")));
        runner.Complete();
        var messages = Drain(runner);
        var results = messages.OfType<RunnerFinished>().ToDictionary(f => f.Controller, f => f.Result);
        Assert.Equal(ControllerOutcome.TimedOut, results["HUNG"].Outcome);
        Assert.Equal(EwcErrorIds.ControllerDeadline, results["HUNG"].ErrorId);
        Assert.Equal(EwcErrorCategory.OperationTimeout, results["HUNG"].ErrorCategory);
        var error = Assert.Single(messages.OfType<RunnerError>());
        Assert.Equal("hung-target", error.Target);
        Assert.Equal(ControllerOutcome.Succeeded, results["OK"].Outcome);
        Assert.Equal(new[] { "read" }, results["OK"].Done);
    }

    [Theory]
    [InlineData(true, ControllerOutcome.Succeeded, 2)]
    [InlineData(false, ControllerOutcome.Failed, 1)]
    public void Read_only_work_runs_once_more_after_a_dropped_connection(bool retry, ControllerOutcome outcome, int attempts)
    {
        using var runner = new ControllerRunner(new RunnerOptions { RetryOnDrop = retry });
        runner.Add(new ControllerWork("FLAKY", null, c =>
        {
            if (c.Attempt == 1) throw new EwcConnectionException("the connection closed");
            c.Output("second try");
        }));
        runner.Complete();
        var result = Drain(runner).OfType<RunnerFinished>().Single().Result;
        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(attempts, result.Attempts);
        if (!retry) Assert.Equal(EwcErrorIds.ConnectionFailed, result.ErrorId);
    }

    [Fact]
    public void A_refused_login_is_not_retried()
    {
        using var runner = new ControllerRunner(new RunnerOptions { RetryOnDrop = true });
        var tries = 0;
        runner.Add(new ControllerWork("EWC", null, _ => { tries++; throw new EwcAuthenticationException("Authentication failed for user 'x'"); }));
        runner.Complete();
        var result = Drain(runner).OfType<RunnerFinished>().Single().Result;
        Assert.Equal(1, tries);
        Assert.Equal(EwcErrorIds.AuthenticationFailed, result.ErrorId);
        Assert.Equal(EwcErrorCategory.AuthenticationError, result.ErrorCategory);
    }

    [Fact]
    public void A_bug_in_one_controllers_work_fails_that_controller_only()
    {
        using var runner = new ControllerRunner(new RunnerOptions());
        runner.Add(new ControllerWork("BUGGY", null, _ => throw new NullReferenceException("oops")));
        runner.Add(new ControllerWork("FINE", null, c => c.Output(1)));
        runner.Complete();
        var results = Drain(runner).OfType<RunnerFinished>().ToDictionary(f => f.Controller, f => f.Result);
        Assert.Equal(ControllerOutcome.Failed, results["BUGGY"].Outcome);
        Assert.Equal(EwcErrorIds.ControllerError, results["BUGGY"].ErrorId);
        Assert.Equal(ControllerOutcome.Succeeded, results["FINE"].Outcome);
    }

    [Fact]
    public void Work_added_after_complete_is_refused_and_an_empty_run_ends_at_once()
    {
        using var runner = new ControllerRunner(new RunnerOptions());
        runner.Complete();
        Assert.True(runner.IsDone);
        Assert.Throws<InvalidOperationException>(() => runner.Add(new ControllerWork("LATE", null, _ => { })));
    }

    public static TheoryData<Exception, string> Failures => new()
    {
        { new EwcKeyFileException("Cannot read the private key file"), "KeyFileUnreadable" },
        { new EwcCredentialMissingException("no login"), "CredentialMissing" },
        { new EwcSessionClosedException(3, "EWC", "admin@10.0.0.5:22"), "SessionClosed" },
        { new EwcTimeoutException("slow"), "DeviceTimeout" },
        { new EwcCommandRefusedException("two lines"), "InvalidCommand" },
        { new EwcHostKeyException("changed", "SHA256:x", changed: true), "HostKeyChanged" },
        { new EwcHostKeyException("unknown", "SHA256:x", changed: false), "HostKeyUnknown" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Every_failure_has_its_own_id(Exception e, string id) => Assert.Equal(id, EwcErrors.Classify(e).Id);

    [Fact]
    public void A_runner_disposed_while_its_work_winds_down_after_a_stop_does_not_crash_the_process()
    {
        // A stopped cmdlet is disposed while its workers still finish: their last message must go nowhere quietly.
        var runner = new ControllerRunner(new RunnerOptions { ThrottleLimit = 2 });
        using var cancelled = new ManualResetEventSlim();
        using var ended = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        runner.Add(new ControllerWork("EWC-1", null, c =>
        {
            try
            {
                started.Set();
                c.Token.WaitHandle.WaitOne(Bound);
                cancelled.Set();
                Thread.Sleep(200); // still cleaning up when the runner is disposed
            }
            finally
            {
                ended.Set();
            }
        }));
        runner.Complete();
        Assert.True(started.Wait(Bound));
        runner.Stop();
        Assert.True(cancelled.Wait(Bound));
        runner.Dispose();
        Assert.True(ended.Wait(Bound));
        Thread.Sleep(300); // the worker's Finish runs after the work returned
    }
}
