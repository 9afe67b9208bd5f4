using System;

namespace EwcUpgrade.Tftp;

internal enum TimeoutAction
{
    /// <summary>Resend the window's last block only: a cheap question to a client that may have lost the tail.</summary>
    Probe,
    /// <summary>Resend everything not acknowledged.</summary>
    Retry,
    GiveUp,
}

/// <summary>
/// When to retransmit. Lock-step transfers wait the full timeout (RFC 1350/2349), doubling up to 4x
/// on each retry. A windowed transfer whose burst overflowed the receiver's socket buffer would
/// otherwise wait out the client's timeout (a second or more) for every lost tail: it first sends a
/// tail-loss probe after a few round trips — the last block again, which makes the client either
/// re-acknowledge the end or name its gap — and only when probes go unanswered do the counted,
/// full-length retries begin.
/// </summary>
internal sealed class RetryPolicy
{
    private const int FastProbes = 2;
    private static readonly TimeSpan s_minimumProbe = TimeSpan.FromMilliseconds(20);

    private readonly TimeSpan _timeout;
    private readonly int _maxRetries;
    private readonly bool _windowed;
    private double _srttSeconds = -1;
    private int _probes;
    private int _retries;

    public RetryPolicy(TimeSpan timeout, int maxRetries, bool windowed)
    {
        _timeout = timeout;
        _maxRetries = maxRetries;
        _windowed = windowed;
    }

    /// <summary>How long to wait for the next acknowledgement.</summary>
    public TimeSpan CurrentWait
    {
        get
        {
            if (_windowed && _probes < FastProbes && _srttSeconds >= 0)
            {
                var probe = TimeSpan.FromSeconds(Math.Max(s_minimumProbe.TotalSeconds, 4 * _srttSeconds));
                return probe < _timeout ? probe : _timeout;
            }
            return TimeSpan.FromTicks(_timeout.Ticks * Math.Min(4, 1L << Math.Min(_retries, 2)));
        }
    }

    public int Retries => _retries;

    /// <summary>Progress was made: the next stall starts with fresh probes and retries.</summary>
    public void OnProgress(TimeSpan roundTrip)
    {
        var sample = roundTrip.TotalSeconds;
        _srttSeconds = _srttSeconds < 0 ? sample : 0.875 * _srttSeconds + 0.125 * sample;
        _probes = 0;
        _retries = 0;
    }

    /// <summary>A wait ran out: what to do next.</summary>
    public TimeoutAction OnTimeout()
    {
        if (_windowed && _probes < FastProbes && _srttSeconds >= 0 && CurrentWait < _timeout)
        {
            _probes++;
            return TimeoutAction.Probe;
        }
        _retries++;
        return _retries <= _maxRetries ? TimeoutAction.Retry : TimeoutAction.GiveUp;
    }
}
