using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>
/// The retry policy on a clock the test drives (no wall time): retransmission follows the measured
/// round trip, giving up follows time without progress — never a count of quick resends.
/// </summary>
public sealed class RetryPolicyTests
{
    private static readonly TimeSpan s_client = TimeSpan.FromSeconds(5);

    /// <summary>Times out at every wait until the policy gives up; returns when, and the waits it asked for.</summary>
    private static (TimeSpan GaveUpAt, List<TimeSpan> Waits) StallFrom(RetryPolicy policy, TimeSpan start)
    {
        var now = start;
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 10_000; i++)
        {
            var wait = policy.Wait(now);
            waits.Add(wait);
            now += wait;
            if (policy.OnTimeout(now) == TimeoutAction.GiveUp) return (now, waits);
        }
        throw new InvalidOperationException("the policy never gave up");
    }

    private static void Measure(RetryPolicy policy, TimeSpan roundTrip, int samples = 20)
    {
        for (var i = 0; i < samples; i++) policy.OnProgress(TimeSpan.Zero, roundTrip);
    }

    [Fact]
    public void It_gives_up_only_after_the_clients_timeout_times_the_retries_without_progress()
    {
        var policy = new RetryPolicy(s_client, maxRetries: 5, windowed: false);
        Measure(policy, TimeSpan.FromMilliseconds(0.2));
        var (gaveUpAt, waits) = StallFrom(policy, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(25), policy.Budget);
        Assert.True(gaveUpAt >= TimeSpan.FromSeconds(25), $"gave up after {gaveUpAt}");
        // Many quick retransmissions fit in that time: the old policy's "5 retries" was the defect.
        Assert.True(waits.Count > 10, $"{waits.Count} waits");
        // And at least one wait is longer than the client's own timer, so a client that speaks only
        // when its timer fires (atftp after its one extra ACK) gets to speak.
        Assert.Contains(waits, w => w > s_client);
    }

    [Fact]
    public void Progress_restarts_the_budget()
    {
        var policy = new RetryPolicy(s_client, maxRetries: 2, windowed: false);
        var now = TimeSpan.Zero;
        for (var i = 0; i < 200 && now + policy.Wait(now) < TimeSpan.FromSeconds(9); i++)
        {
            now += policy.Wait(now);
            Assert.NotEqual(TimeoutAction.GiveUp, policy.OnTimeout(now));
        }
        policy.OnProgress(now, roundTrip: null);
        Assert.Equal(0, policy.Timeouts);
        var (gaveUpAt, _) = StallFrom(policy, now);
        Assert.True(gaveUpAt - now >= TimeSpan.FromSeconds(10), $"gave up {gaveUpAt - now} after the progress");
    }

    [Fact]
    public void A_negotiated_timeout_longer_than_the_servers_is_the_clients_expectation()
    {
        var options = new TftpServerOptions { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(TimeSpan.FromSeconds(6), TftpSender.ClientTimeout(new NegotiatedTransfer { Timeout = TimeSpan.FromSeconds(6) }, options));
        // Shorter than the server's: the server still waits at least its own Timeout per retry.
        Assert.Equal(TimeSpan.FromSeconds(5), TftpSender.ClientTimeout(new NegotiatedTransfer { Timeout = TimeSpan.FromSeconds(1) }, options));
        Assert.Equal(TimeSpan.FromSeconds(5), TftpSender.ClientTimeout(new NegotiatedTransfer(), options));
        var policy = new RetryPolicy(TimeSpan.FromSeconds(6), maxRetries: 5, windowed: true);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.Budget);
    }

    [Fact]
    public void The_retransmission_timeout_follows_the_measured_round_trip_within_floor_and_ceiling()
    {
        var lan = new RetryPolicy(s_client, 5, windowed: false);
        Assert.Equal(RetryPolicy.InitialTimeout, lan.Rto); // nothing measured yet: RFC 6298's 1 s
        Measure(lan, TimeSpan.FromMilliseconds(0.1));
        Assert.Equal(RetryPolicy.DefaultFloor, lan.Rto); // a loopback round trip is below the floor

        var wan = new RetryPolicy(s_client, 5, windowed: false);
        Measure(wan, TimeSpan.FromMilliseconds(80));
        Assert.InRange(wan.Rto, TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(120));
        // Jitter widens it (RTTVAR): alternate 40 and 120 ms.
        for (var i = 0; i < 20; i++) wan.OnProgress(TimeSpan.Zero, TimeSpan.FromMilliseconds(i % 2 == 0 ? 40 : 120));
        Assert.InRange(wan.Rto, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400));

        var slow = new RetryPolicy(s_client, 5, windowed: false);
        Measure(slow, TimeSpan.FromSeconds(30));
        Assert.Equal(slow.Ceiling, slow.Rto);
        Assert.Equal(TimeSpan.FromSeconds(10), slow.Ceiling);
    }

    [Fact]
    public void Each_timeout_in_a_row_doubles_the_wait_up_to_the_ceiling_and_Karn_keeps_resends_out_of_the_estimate()
    {
        var policy = new RetryPolicy(s_client, 5, windowed: false);
        Measure(policy, TimeSpan.FromMilliseconds(10));
        var rto = policy.Rto;
        var now = TimeSpan.Zero;
        Assert.Equal(rto, policy.Wait(now));
        policy.OnTimeout(now += rto);
        Assert.Equal(rto * 2, policy.Wait(now));
        policy.OnTimeout(now += rto * 2);
        Assert.Equal(rto * 4, policy.Wait(now));
        for (var i = 0; i < 20; i++) policy.OnTimeout(now);
        Assert.Equal(policy.Ceiling, policy.Wait(now));
        // The answer to a resend is no sample: the estimate is the same as before the stall.
        policy.OnProgress(now, TimeSpan.FromSeconds(3), ambiguous: true);
        Assert.Equal(rto, policy.Wait(now));
    }

    [Fact]
    public void Before_any_clean_sample_an_ambiguous_one_replaces_the_initial_second()
    {
        var policy = new RetryPolicy(s_client, 5, windowed: true);
        policy.OnProgress(TimeSpan.Zero, TimeSpan.FromMilliseconds(30), ambiguous: true);
        Assert.InRange(policy.Rto, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Windowed_timeouts_alternate_a_probe_and_a_resend_lock_step_only_resends()
    {
        var windowed = new RetryPolicy(s_client, 5, windowed: true);
        Assert.Equal(new[] { TimeoutAction.Probe, TimeoutAction.Retry, TimeoutAction.Probe, TimeoutAction.Retry },
            Enumerable.Range(0, 4).Select(_ => windowed.OnTimeout(TimeSpan.Zero)));
        var lockStep = new RetryPolicy(s_client, 5, windowed: false);
        Assert.All(Enumerable.Range(0, 4).Select(_ => lockStep.OnTimeout(TimeSpan.Zero)), a => Assert.Equal(TimeoutAction.Retry, a));
    }

    [Fact]
    public void The_doubling_pauses_at_64_times_the_RTO_for_six_timeouts_then_goes_on_to_the_ceiling()
    {
        var policy = new RetryPolicy(s_client, maxRetries: 5, windowed: true);
        Measure(policy, TimeSpan.FromMilliseconds(10));
        var rto = policy.Rto;
        var factors = new List<long>();
        for (var i = 0; i < 16; i++)
        {
            factors.Add(policy.Wait(TimeSpan.Zero).Ticks / rto.Ticks);
            policy.OnTimeout(TimeSpan.Zero);
        }
        Assert.Equal(new long[] { 1, 2, 4, 8, 16, 32, 64, 64, 64, 64, 64, 64, 64, 128, 256, 512 }, factors);
    }

    [Fact]
    public void A_client_that_answers_ends_the_backoff_but_not_the_stall()
    {
        var policy = new RetryPolicy(s_client, maxRetries: 5, windowed: true);
        Measure(policy, TimeSpan.FromMilliseconds(10));
        var rto = policy.Wait(TimeSpan.Zero);
        var now = TimeSpan.Zero;
        for (var i = 0; i < 6; i++) policy.OnTimeout(now += policy.Wait(now));
        Assert.True(policy.Wait(now) >= 32 * rto, $"backed off to {policy.Wait(now)} from {rto}");

        policy.OnClientAnswered(); // it named its gap again: the path works
        Assert.Equal(rto, policy.Wait(now));
        Assert.Equal(TimeoutAction.GiveUp, policy.OnTimeout(TimeSpan.FromSeconds(25))); // still nothing acknowledged since 0
    }

    [Fact]
    public void The_last_wait_ends_when_the_budget_does()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(1), maxRetries: 1, windowed: false);
        var now = TimeSpan.FromMilliseconds(900);
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Wait(now));
        Assert.Equal(TimeoutAction.GiveUp, policy.OnTimeout(TimeSpan.FromSeconds(1)));
    }
}
