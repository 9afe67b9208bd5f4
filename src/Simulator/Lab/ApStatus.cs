namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// One AP as `show ap image` shows it now: the lab file's values at the start, then what the
/// install engine changes (predownload status, swapped images). Replaced whole, never changed in place.
/// </summary>
public sealed record ApStatus(string Name, string Model, string? ImageType, string Primary, string Backup,
    string Status, string Version, int Retry, string NextRetry, string Method)
{
    public static ApStatus From(ApDefinition ap)
    {
        var p = ap.Predownload;
        return new(ap.Name, ap.Model, ApImageTypes.For(ap.Model), ap.Primary, ap.Backup, p.Status, p.Version, p.Retry, p.NextRetry, p.Method);
    }
}

/// <summary>
/// The install engine's package state for `show install summary` and `show version`: the running
/// package (committed or not), the one added and not yet active, and the auto-abort deadline.
/// </summary>
public sealed record InstallStatus(string Release, string ControllerVersion, string? AddedRelease, string? AddedVersion,
    bool Uncommitted, string? RollbackRelease, string? RollbackVersion, DateTime? AutoAbortUtc);
