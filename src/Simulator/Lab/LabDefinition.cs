namespace EwcUpgrade.Simulator.Lab;

// The lab YAML as read (LabReader, which holds the defaults). Every version and address stays the text the file holds.

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
    public required IReadOnlyList<string> Logging { get; init; }
    public required FaultDefinition Faults { get; init; }
    public required IReadOnlyList<ApDefinition> Aps { get; init; }

    public UserDefinition? User(string name) => Users.FirstOrDefault(u => u.Username == name);
}

public sealed record UserDefinition(string Username, string? Password, IReadOnlyList<string> AuthorizedKeys, int Privilege);

public sealed record ProfileDefinition(string Mode, string Server, string Path, string? Username, string? Password, int? Port);

/// <summary>
/// DropOn: commands (full words, single-spaced) after whose echo about half the output is sent and
/// the connection dropped, however the user abbreviates them and whatever filter follows.
/// </summary>
public sealed record FaultDefinition(IReadOnlyList<string> DropOn, int DelayMs);

public sealed record ApDefinition
{
    public required string Name { get; init; }
    public required string Model { get; init; }
    public required string Mac { get; init; }
    public required string Ip { get; init; }
    public required string Primary { get; init; }
    public required string Backup { get; init; }
    public required string State { get; init; }
    public required string Country { get; init; }
    public required string Location { get; init; }
    public required PredownloadDefinition Predownload { get; init; }
}

public sealed record PredownloadDefinition(string Status, string Version, int Retry, string NextRetry, string Method);
