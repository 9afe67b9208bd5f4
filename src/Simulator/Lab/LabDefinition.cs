namespace EwcUpgrade.Simulator.Lab;

// The lab YAML as read (LabReader). Every version and address stays the text the file holds.

public sealed record LabDefinition(string Name, IReadOnlyList<ControllerDefinition> Controllers)
{
    /// <summary>Each login once, with the password and keys it has anywhere in the lab.</summary>
    public IReadOnlyList<LabLogin> Logins => Controllers.SelectMany(c => c.Users)
        .GroupBy(u => u.Username, StringComparer.Ordinal)
        .Select(g => new LabLogin(g.Key, g.Select(u => u.Password).FirstOrDefault(p => p != null), g.SelectMany(u => u.AuthorizedKeys).Distinct().ToList()))
        .ToList();
}

public sealed record LabLogin(string Username, string? Password, IReadOnlyList<string> AuthorizedKeys);

public sealed record ControllerDefinition
{
    public required string Hostname { get; init; }
    /// <summary>0: the lab picks a free port when it starts.</summary>
    public int Port { get; init; }
    public required string Model { get; init; }
    public required string Release { get; init; }
    public required string ControllerVersion { get; init; }
    public required IReadOnlyList<UserDefinition> Users { get; init; }
    public string? EnableSecret { get; init; }
    public string? Banner { get; init; }
    public ProfileDefinition? Profile { get; init; }
    public IReadOnlyList<string> Logging { get; init; } = [];
    public FaultDefinition Faults { get; init; } = new([], 0);
    public required IReadOnlyList<ApDefinition> Aps { get; init; }

    public UserDefinition? User(string name) => Users.FirstOrDefault(u => u.Username == name);
}

public sealed record UserDefinition(string Username, string? Password, IReadOnlyList<string> AuthorizedKeys, int Privilege);

public sealed record ProfileDefinition(string Mode, string Server, string Path, string? Username, string? Password, int? Port);

/// <summary>DropOn: commands after whose echo about half the output is sent and the connection dropped.</summary>
public sealed record FaultDefinition(IReadOnlyList<string> DropOn, int DelayMs);

public sealed record ApDefinition
{
    public required string Name { get; init; }
    public required string Model { get; init; }
    public required string Mac { get; init; }
    public required string Ip { get; init; }
    public required string Primary { get; init; }
    public required string Backup { get; init; }
    public string Role { get; init; } = "Subordinate";
    public string State { get; init; } = "Registered";
    public string Country { get; init; } = "US";
    public string Location { get; init; } = "default location";
    public PredownloadDefinition Predownload { get; init; } = new("None", "0.0.0.0", 0, "N/A", "N/A");
}

public sealed record PredownloadDefinition(string Status, string Version, int Retry, string NextRetry, string Method);
