using System.Globalization;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// One controller's live state, shared by all its SSH sessions for the life of the lab. Reads and
/// changes go through one lock, so concurrent sessions see each other's changes whole.
/// </summary>
public sealed class SimulatedController
{
    private readonly object _gate = new();
    private readonly List<string> _log;
    private readonly DownloadProfile _profile;
    private readonly List<ApStatus> _aps;
    private readonly Dictionary<int, Action> _sessions = new();
    private readonly string? _reloadMarker;
    private int _nextSession;
    private InstallStatus _install;
    // A controller that has been up a while, as a lab's would be.
    private DateTime _bootedUtc = DateTime.UtcNow - TimeSpan.FromHours(77.3);

    public SimulatedController(ControllerDefinition definition, int port, LabClock? clock = null, string? apLogFolder = null, string? reloadingFolder = null)
    {
        _reloadMarker = reloadingFolder == null ? null : Path.Combine(reloadingFolder, port.ToString(CultureInfo.InvariantCulture));
        Definition = definition;
        Port = port;
        Clock = clock ?? new LabClock(1);
        ApLogFolder = apLogFolder;
        _profile = DownloadProfile.From(definition.Profile);
        _log = definition.Logging.ToList();
        _aps = definition.Aps.Select(ApStatus.From).ToList();
        _install = new InstallStatus(definition.Release, definition.ControllerVersion, null, null, false, null, null, null);
        Install = new InstallEngine(this);
    }

    public LabClock Clock { get; }
    public InstallEngine Install { get; }
    /// <summary>Where each simulated AP's console log goes (one file per AP), or nowhere.</summary>
    public string? ApLogFolder { get; }

    /// <summary>While true the controller is reloading: no SSH session gets through.</summary>
    public bool IsReloading { get; private set; }

    public IReadOnlyList<ApStatus> Aps()
    {
        lock (_gate) return _aps.ToList();
    }

    public void ChangeAp(string name, Func<ApStatus, ApStatus> change)
    {
        lock (_gate)
        {
            var i = _aps.FindIndex(a => a.Name == name);
            if (i >= 0) _aps[i] = change(_aps[i]);
        }
    }

    public InstallStatus InstallState()
    {
        lock (_gate) return _install;
    }

    public void ChangeInstall(Func<InstallStatus, InstallStatus> change)
    {
        lock (_gate) _install = change(_install);
    }

    /// <summary>An SSH session to cut when the controller reloads; dispose when the session ends.</summary>
    public IDisposable AddSession(Action drop)
    {
        lock (_gate)
        {
            var id = _nextSession++;
            _sessions[id] = drop;
            return new Removal(() =>
            {
                lock (_gate) _sessions.Remove(id);
            });
        }
    }

    /// <summary>The reload starts: every SSH session drops, as on a device whose control plane restarts.</summary>
    public void BeginReload()
    {
        List<Action> drops;
        // The marker before the flag, and gone only after it (EndReload): while the flag is up,
        // every new login is cut by the forced command, before it costs an attach process.
        if (_reloadMarker != null) File.WriteAllText(_reloadMarker, Hostname + "\n");
        lock (_gate)
        {
            IsReloading = true;
            drops = _sessions.Values.ToList();
        }
        foreach (var drop in drops) drop();
    }

    public void EndReload()
    {
        lock (_gate)
        {
            IsReloading = false;
            _bootedUtc = DateTime.UtcNow;
        }
        if (_reloadMarker != null) File.Delete(_reloadMarker);
    }

    /// <summary>A line on an AP's console (reference §8), stamped as the AP stamps it.</summary>
    public void ApLog(string ap, string message)
    {
        if (ApLogFolder == null) return;
        var stamp = DateTime.UtcNow.ToString("MM/dd/yyyy HH:mm:ss.ffff", CultureInfo.InvariantCulture);
        lock (_gate) File.AppendAllText(Path.Combine(ApLogFolder, ap.Replace('/', '_') + ".log"), $"[*{stamp}] {message}\n");
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) remove();
        }
    }

    public ControllerDefinition Definition { get; }
    public int Port { get; }
    public string Hostname => Definition.Hostname;
    public TimeSpan Uptime
    {
        get
        {
            lock (_gate) return DateTime.UtcNow - _bootedUtc;
        }
    }
    public string Release => InstallState().Release;

    public T ReadProfile<T>(Func<DownloadProfile, T> read)
    {
        lock (_gate) return read(_profile);
    }

    public void ChangeProfile(Action<DownloadProfile> change)
    {
        lock (_gate) change(_profile);
    }

    /// <summary>Appends a syslog line with the device's timestamp form, `*Feb 1 17:05:37.108: `.</summary>
    public void Log(string message)
    {
        var stamp = DateTime.UtcNow.ToString("MMM d HH:mm:ss.fff", CultureInfo.InvariantCulture);
        lock (_gate) _log.Add($"*{stamp}: {message}");
    }

    public IReadOnlyList<string> LogLines()
    {
        lock (_gate) return _log.ToList();
    }
}
