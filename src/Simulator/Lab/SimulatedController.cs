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
    // A controller that has been up a while, as a lab's would be.
    private readonly DateTime _bootedUtc = DateTime.UtcNow - TimeSpan.FromHours(77.3);

    public SimulatedController(ControllerDefinition definition, int port)
    {
        Definition = definition;
        Port = port;
        _profile = DownloadProfile.From(definition.Profile);
        _log = definition.Logging.ToList();
    }

    public ControllerDefinition Definition { get; }
    public int Port { get; }
    public string Hostname => Definition.Hostname;
    public TimeSpan Uptime => DateTime.UtcNow - _bootedUtc;

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
