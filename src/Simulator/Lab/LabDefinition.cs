using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>The lab YAML (see examples/lab.yml). Every version is a string, as the device prints it.</summary>
public sealed class LabDefinition
{
    public string Lab { get; set; } = "lab";
    public List<ControllerDefinition> Controllers { get; set; } = new();

    /// <summary>Reads and checks a lab file; unknown keys and bad values fail with line and column.</summary>
    public static LabDefinition Load(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        LabDefinition lab;
        try
        {
            lab = deserializer.Deserialize<LabDefinition>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: the lab file is empty.");
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        lab.Validate(path, folder);
        return lab;
    }

    private void Validate(string path, string folder)
    {
        if (Controllers.Count == 0) throw new InvalidDataException($"{path}: the lab has no controllers.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var passwords = new Dictionary<string, string?>();
        foreach (var c in Controllers)
        {
            if (string.IsNullOrWhiteSpace(c.Hostname)) throw new InvalidDataException($"{path}: a controller has no hostname.");
            if (!names.Add(c.Hostname)) throw new InvalidDataException($"{path}: two controllers are named {c.Hostname}.");
            if (c.Users.Count == 0) throw new InvalidDataException($"{path}: controller {c.Hostname} has no users.");
            foreach (var u in c.Users)
            {
                if (passwords.TryGetValue(u.Username, out var other) && other != u.Password)
                {
                    throw new InvalidDataException($"{path}: user {u.Username} has different passwords on different controllers; the lab's logins are system accounts, one password each.");
                }
                passwords[u.Username] = u.Password;
                foreach (var file in u.AuthorizedKeyFiles) u.AuthorizedKeys.Add(File.ReadAllText(Path.Combine(folder, file)).Trim());
            }
            foreach (var ap in c.Aps)
            {
                if (string.IsNullOrWhiteSpace(ap.Name) || string.IsNullOrWhiteSpace(ap.Model)) throw new InvalidDataException($"{path}: an AP of {c.Hostname} lacks name or model.");
            }
        }
    }
}

public sealed class ControllerDefinition
{
    public string Hostname { get; set; } = "";
    public int Port { get; set; }
    public string Model { get; set; } = "C9120AXI-E";
    public string Release { get; set; } = "17.9.3";
    public string ControllerVersion { get; set; } = "17.09.03.0.3760";
    public List<UserDefinition> Users { get; set; } = new();
    public string? EnableSecret { get; set; }
    public string? Banner { get; set; }
    public ProfileDefinition? Profile { get; set; }
    public List<string> Logging { get; set; } = new();
    public FaultDefinition Faults { get; set; } = new();
    public List<ApDefinition> Aps { get; set; } = new();
}

public sealed class UserDefinition
{
    public string Username { get; set; } = "";
    public string? Password { get; set; }
    public List<string> AuthorizedKeys { get; set; } = new();
    public List<string> AuthorizedKeyFiles { get; set; } = new();
    public int Privilege { get; set; } = 15;
}

public sealed class ProfileDefinition
{
    public string Mode { get; set; } = "tftp";
    public string? Server { get; set; }
    public string? Path { get; set; }
    public string? Username { get; set; }
    public int? Port { get; set; }
}

public sealed class FaultDefinition
{
    /// <summary>Commands after whose echo the connection drops, halfway through the output.</summary>
    public List<string> DropOn { get; set; } = new();
    public int DelayMs { get; set; }
}

public sealed class ApDefinition
{
    public string Name { get; set; } = "";
    public string Model { get; set; } = "";
    public string Mac { get; set; } = "0000.0000.0000";
    public string Ip { get; set; } = "0.0.0.0";
    public string Primary { get; set; } = "0.0.0.0";
    public string Backup { get; set; } = "0.0.0.0";
    public string Role { get; set; } = "Subordinate";
    public string State { get; set; } = "Registered";
    public string Country { get; set; } = "US";
    public string Location { get; set; } = "default location";
    public PredownloadDefinition Predownload { get; set; } = new();
}

public sealed class PredownloadDefinition
{
    public string Status { get; set; } = "None";
    public string Version { get; set; } = "0.0.0.0";
    public int Retry { get; set; }
    public string NextRetry { get; set; } = "N/A";
    public string Method { get; set; } = "N/A";
}
