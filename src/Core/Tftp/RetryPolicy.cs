using System;

namespace EwcUpgrade.Tftp;

/// <summary>
/// When to retransmit. Lock-step transfers wait the full timeout (RFC 1350/2349), doubling up to 4x
/// on each retry. Windowed transfers first probe after a few round trips: a window that overflowed
/// the receiver's socket buffer is resent in milliseconds instead of a second, and only when those
/// probes go unanswered do the counted, full-length retries begin.
/// </summary>
internal sealed class RetryPolicy
{
    private const int FastProbes = 3;
    private static readonly TimeSpan s_minimumProbe = TimeSpan.FromMilliseconds(3);

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

    /// <summary>A wait ran out. False when the transfer should give up.</summary>
    public bool OnTimeout()
    {
        if (_windowed && _probes < FastProbes && _srttSeconds >= 0 && CurrentWait < _timeout)
        {
            _probes++;
            return true;
        }
        _retries++;
        return _retries <= _maxRetries;
    }
}
