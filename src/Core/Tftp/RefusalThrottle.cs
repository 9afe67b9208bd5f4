using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;

namespace EwcUpgrade.Tftp;

/// <summary>
/// Rate-limits the log lines of refused requests: per client and kind of refusal, the first
/// PerInterval in an interval are logged, the rest only counted and summed up in one line
/// ("… N more … refused") when the interval ends. A flood of junk would otherwise turn into as
/// many log lines, kept by every consumer of the log (a console, a file, a -Wait queue).
/// Bounded: at most MaxKeys clients are tracked; beyond that, refusals share one "other clients" key.
/// Used by the listener thread only, so it takes no lock.
/// </summary>
internal sealed class RefusalThrottle
{
    public const int PerInterval = 5;
    public const int MaxKeys = 1024;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static readonly IPAddress s_otherClients = IPAddress.None;

    private readonly Dictionary<(IPAddress Client, string Kind), Window> _windows = new();

    private sealed class Window
    {
        public DateTime Start;
        public int Logged;
        public long Suppressed;
    }

    public int TrackedCount => _windows.Count;

    /// <summary>Whether to log this refusal; summaries of intervals that ended go to <paramref name="write"/> first.</summary>
    public bool ShouldLog(IPAddress client, string kind, DateTime now, Action<string> write)
    {
        var key = (client, kind);
        if (!_windows.TryGetValue(key, out var window))
        {
            if (_windows.Count >= MaxKeys)
            {
                Sweep(now, write);
                if (_windows.Count >= MaxKeys) key = (s_otherClients, kind);
            }
            if (!_windows.TryGetValue(key, out window))
            {
                window = new Window { Start = now };
                _windows[key] = window;
            }
        }
        if (now - window.Start >= Interval)
        {
            var summary = Summary(key, window);
            if (summary != null) write(summary);
            window.Start = now;
            window.Logged = 0;
            window.Suppressed = 0;
        }
        if (window.Logged < PerInterval)
        {
            window.Logged++;
            return true;
        }
        window.Suppressed++;
        return false;
    }

    /// <summary>Ends the intervals that are over (all of them with <paramref name="all"/>), giving their summaries to <paramref name="write"/>.</summary>
    public void Sweep(DateTime now, Action<string>? write, bool all = false)
    {
        foreach (var entry in _windows.Where(e => all || now - e.Value.Start >= Interval).ToList())
        {
            var summary = Summary(entry.Key, entry.Value);
            if (summary != null) write?.Invoke(summary);
            _windows.Remove(entry.Key);
        }
    }

    private static string? Summary((IPAddress Client, string Kind) key, Window window)
    {
        if (window.Suppressed == 0) return null;
        var who = key.Client.Equals(s_otherClients) ? "other clients" : key.Client.ToString();
        return string.Format(CultureInfo.InvariantCulture, "… {0} more {1} from {2} refused (not logged one by one: at most {3} per client in {4:0} s)",
            window.Suppressed, key.Kind, who, PerInterval, Interval.TotalSeconds);
    }
}
