using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// One controller's live state, shared by all its SSH sessions for the life of the lab. Every
/// read and change goes through the lock, so concurrent sessions see each other's changes whole.
/// </summary>
public sealed class SimulatedController
{
    private readonly object _gate = new();
    private readonly List<string> _log = new();
    private readonly DateTime _bootedUtc = DateTime.UtcNow - TimeSpan.FromDays(3.2);

    public SimulatedController(ControllerDefinition definition, int port)
    {
        Definition = definition;
        Port = port;
        Profile = new ProfileState();
        if (definition.Profile is { } p) Profile.Apply(p);
        _log.AddRange(definition.Logging);
    }

    public ControllerDefinition Definition { get; }
    public int Port { get; }
    public string Hostname => Definition.Hostname;
    public ProfileState Profile { get; }
    public TimeSpan Uptime => DateTime.UtcNow - _bootedUtc;

    public T Read<T>(Func<SimulatedController, T> read)
    {
        lock (_gate) return read(this);
    }

    public void Change(Action<ProfileState> change)
    {
        lock (_gate) change(Profile);
    }

    public void Log(string message)
    {
        var now = DateTime.Now;
        lock (_gate) _log.Add($"*{now.ToString("MMM d HH:mm:ss.fff", CultureInfo.InvariantCulture)}: {message}");
    }

    public IReadOnlyList<string> LogLines()
    {
        lock (_gate) return _log.ToList();
    }

    public UserDefinition? User(string name) => Definition.Users.FirstOrDefault(u => u.Username == name);
}

/// <summary>The image-download profile as configured; both modes' lines persist, as on IOS XE.</summary>
public sealed class ProfileState
{
    public string? Mode { get; set; }
    public string? TftpServer { get; set; }
    public string? TftpPath { get; set; }
    public string? SftpServer { get; set; }
    public string? SftpPath { get; set; }
    public string? SftpUsername { get; set; }
    /// <summary>The "type 8" form the running config shows; the clear text is not kept.</summary>
    public string? SftpPasswordEncrypted { get; set; }
    public int? SftpPort { get; set; }

    public void Apply(ProfileDefinition p)
    {
        Mode = p.Mode.ToLowerInvariant();
        if (Mode == "sftp")
        {
            (SftpServer, SftpPath, SftpUsername, SftpPort) = (p.Server, p.Path, p.Username, p.Port);
        }
        else
        {
            (TftpServer, TftpPath) = (p.Server, p.Path);
        }
    }

    public static string Encrypt(string clear)
    {
        // Looks like a type-8 secret and is stable for one password; never the clear text.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ewc-lab:" + clear));
        return "$8$" + Convert.ToBase64String(hash, 0, 12).Replace('+', '.').Replace('/', '.') + "$" + Convert.ToBase64String(hash, 12, 20).TrimEnd('=').Replace('+', '.').Replace('/', '.');
    }
}
