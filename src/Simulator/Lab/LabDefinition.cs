namespace EwcUpgrade.Simulator.Lab;

// The lab YAML as read (LabReader, which holds the defaults). Every version and address stays the text the file holds.

public sealed record LabDefinition(string Name, IReadOnlyList<ControllerDefinition> Controllers)
{
    /// <summary>Lab time runs this many times faster than real time (lab-only: timeouts, CAPWAP rate, reloads).</summary>
    public int ClockFactor { get; init; } = 1;

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
    public required InstallDefinition Install { get; init; }

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

/// <summary>
/// Lab-only settings of the simulated install engine (key `install:` of a controller). Times are
/// lab seconds, run faster by the lab's clockFactor. None of these is a device setting, except
/// where the comment says what on the device it stands for.
/// </summary>
public sealed record InstallDefinition
{
    /// <summary>CAPWAP predownload rate, bytes per lab second: the seed's 70 MB in ~100 s.</summary>
    public int CapwapRate { get; init; } = 700_000;
    /// <summary>How long the controller is unreachable while it reloads after activate or an auto-abort. [U]</summary>
    public int ReloadSeconds { get; init; } = 240;
    /// <summary>The rollback after activate without commit. [U] for the EWC's default; IOS XE's install mode uses 120 minutes.</summary>
    public int AutoAbortSeconds { get; init; } = 7200;
    /// <summary>The device's image-server timeout: the seed's `Timed out` came ~40 s after the start.</summary>
    public int TimeoutSeconds { get; init; } = 40;
    /// <summary>Time to the next retry of an AP whose download failed. [U]</summary>
    public int RetrySeconds { get; init; } = 300;
    /// <summary>TFTP block size the simulated EWC asks for (curl's --tftp-blksize). [U] for the device's.</summary>
    public int TftpBlockSize { get; init; } = 8192;
    /// <summary>Lab-only: the TFTP server's port (the device's profile has none; it always uses 69).</summary>
    public int TftpPort { get; init; } = 69;
    /// <summary>Lab-only: each AP fetches its own image from the server (load on the server), not over CAPWAP from the EWC.</summary>
    public bool DirectFetch { get; init; }
}
