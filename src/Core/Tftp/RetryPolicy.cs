using System;

namespace EwcUpgrade.Tftp;

internal enum TimeoutAction
{
    /// <summary>A windowed transfer's cheap question: one block (see TftpSender), not the whole window.</summary>
    Probe,
    /// <summary>Resend everything not acknowledged.</summary>
    Retry,
    GiveUp,
}

/// <summary>
/// When to retransmit, and when to give up. Two clocks, kept apart on purpose:
/// - Retransmission follows the measured round trip (RFC 6298): SRTT and RTTVAR from every
///   unambiguous sample (Karn: none from a retransmitted window), RTO = SRTT + 4·RTTVAR between a
///   floor and a ceiling, doubled on every timeout in a row (with a pause: see Wait). A LAN round trip is well under a
///   millisecond, so a lost packet costs milliseconds, not the client's timeout.
/// - Giving up is a matter of time without progress, never of a count of quick resends: only after
///   the client's own timeout (the negotiated RFC 2349 one, or the server's Timeout for a client
///   that negotiates none) times MaxRetries has passed with nothing acknowledged. Clients such as
///   atftp answer a stall once and then stay silent until their own timer fires; a server that gave
///   up after a few quick resends would leave while the client was still there.
/// The ceiling is twice the client's timeout, so a long stall contains silences longer than the
/// client's timer: every retransmission restarts that timer, and a client that speaks only when it
/// fires gets its turn. Windowed transfers alternate a probe and a full resend (see TftpSender).
/// The policy reads no clock: the sender passes the elapsed time in, and tests pass any time they like.
/// </summary>
internal sealed class RetryPolicy
{
    /// <summary>The default floor: below it no timer is worth setting (the OS wakes a thread about every millisecond anyway).</summary>
    public static readonly TimeSpan DefaultFloor = TimeSpan.FromMilliseconds(2);
    /// <summary>RFC 6298's first RTO, used before the first round trip is measured (when the client's timeout is longer).</summary>
    public static readonly TimeSpan InitialTimeout = TimeSpan.FromSeconds(1);

    private readonly bool _windowed;
    private double _srtt = -1, _rttvar;
    private TimeSpan _lastProgress; // on the caller's clock, which starts at zero with the transfer
    private int _timeouts;

    /// <param name="clientTimeout">How long the client waits before it repeats itself: the negotiated timeout, else the server's Timeout.</param>
    /// <param name="maxRetries">How many of the client's timeouts may pass without progress before the transfer fails.</param>
    /// <param name="windowed">Whether timeouts alternate a probe and a full resend (windowsize above 1).</param>
    /// <param name="floor">The shortest retransmission timeout; DefaultFloor when null.</param>
    public RetryPolicy(TimeSpan clientTimeout, int maxRetries, bool windowed, TimeSpan? floor = null)
    {
        Floor = floor ?? DefaultFloor;
        ClientTimeout = clientTimeout;
        Budget = TimeSpan.FromTicks(clientTimeout.Ticks * Math.Max(1, maxRetries));
        Ceiling = TimeSpan.FromTicks(clientTimeout.Ticks * 2);
        _windowed = windowed;
    }

    public TimeSpan ClientTimeout { get; }
    /// <summary>Time without progress after which the transfer fails.</summary>
    public TimeSpan Budget { get; }
    /// <summary>The shortest retransmission timeout.</summary>
    public TimeSpan Floor { get; }
    /// <summary>The longest single wait.</summary>
    public TimeSpan Ceiling { get; }
    /// <summary>Timeouts since the last progress.</summary>
    public int Timeouts => _timeouts;

    /// <summary>The retransmission timeout before backoff: from the measured round trip, or the initial one.</summary>
    public TimeSpan Rto
    {
        get
        {
            if (_srtt < 0) return Clamp(InitialTimeout < ClientTimeout ? InitialTimeout : ClientTimeout);
            return Clamp(TimeSpan.FromSeconds(_srtt + 4 * _rttvar));
        }
    }

    /// <summary>The smoothed round trip (SRTT); the RTO while none is measured.</summary>
    public TimeSpan RoundTrip => _srtt < 0 ? Rto : TimeSpan.FromSeconds(_srtt);

    /// <summary>Timeouts in a row after which the doubling pauses at 64 × RTO, and for how many more.</summary>
    internal const int PlateauStart = 6, PlateauLength = 6;

    /// <summary>
    /// How long to wait for the next acknowledgement, at <paramref name="now"/>: the RTO doubled per
    /// timeout in a row, within the ceiling and what is left of the budget. The doubling pauses at
    /// 64 × RTO for six timeouts: random loss, not congestion, is what a LAN transfer meets, and at 20%
    /// loss runs of a few failed turns are common, so a plain doubling reached seconds inside healthy
    /// transfers (atftp fetches stalled 2–17 s that way) while the client answered whatever arrived.
    /// Past the plateau it doubles on to the ceiling, so a client that speaks only on its own timer
    /// still gets a silence long enough.
    /// </summary>
    public TimeSpan Wait(TimeSpan now)
    {
        var doublings = _timeouts <= PlateauStart ? _timeouts
            : _timeouts <= PlateauStart + PlateauLength ? PlateauStart
            : _timeouts - PlateauLength;
        var backedOff = Rto.Ticks << Math.Min(doublings, 30);
        var wait = backedOff <= 0 || backedOff > Ceiling.Ticks ? Ceiling : TimeSpan.FromTicks(backedOff);
        var left = _lastProgress + Budget - now;
        if (left < wait) wait = left;
        return wait < Floor ? Floor : wait;
    }

    /// <summary>
    /// Progress was made at <paramref name="now"/>: the stall is over. <paramref name="roundTrip"/> is a
    /// clean sample when what was acknowledged was sent once; <paramref name="ambiguous"/> when it was
    /// resent (Karn's algorithm: no sample then, except while none exists — measured from the last
    /// send it is a lower bound, and far better than RFC 6298's 1 s on a LAN).
    /// </summary>
    public void OnProgress(TimeSpan now, TimeSpan? roundTrip, bool ambiguous = false)
    {
        _lastProgress = now;
        _timeouts = 0;
        if (roundTrip is not { } sample || (ambiguous && _srtt >= 0)) return;
        var r = Math.Max(0, sample.TotalSeconds);
        if (_srtt < 0)
        {
            _srtt = r;
            _rttvar = r / 2;
        }
        else
        {
            _rttvar = 0.75 * _rttvar + 0.25 * Math.Abs(_srtt - r);
            _srtt = 0.875 * _srtt + 0.125 * r;
        }
    }

    /// <summary>
    /// The client answered without acknowledging anything new (it named its gap again): the backoff
    /// ends, as it would on progress, but the stall's clock and the round trip stay as they are.
    /// </summary>
    public void OnClientAnswered() => _timeouts = 0;

    /// <summary>A wait ran out at <paramref name="now"/>: what to do next.</summary>
    public TimeoutAction OnTimeout(TimeSpan now)
    {
        if (now - _lastProgress >= Budget) return TimeoutAction.GiveUp;
        _timeouts++;
        // Windowed: odd timeouts probe, even ones resend the window (TftpSender says why).
        return _windowed && _timeouts % 2 == 1 ? TimeoutAction.Probe : TimeoutAction.Retry;
    }

    private TimeSpan Clamp(TimeSpan rto) => rto < Floor ? Floor : rto > Ceiling ? Ceiling : rto;
}
