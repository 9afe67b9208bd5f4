using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Upgrade;

/// <summary>
/// Where a controller stands in the upgrade, as the device reports it (`show install summary` and
/// `show ap image`): what runs, whether it is committed, what is added and waiting, which APs are
/// still downloading. A run resumes from this, never from its own memory: a phase the device shows
/// done is not sent again.
/// </summary>
public sealed class DeviceUpgradeState
{
    private DeviceUpgradeState(InstallSummary summary, ApImageReport aps)
    {
        Summary = summary;
        Aps = aps;
        Running = Package("U") ?? Package("C");
        Uncommitted = Package("U") != null;
        Added = Package("I");
    }

    public static DeviceUpgradeState From(InstallSummary summary, ApImageReport aps) => new(summary, aps);

    public InstallSummary Summary { get; }
    public ApImageReport Aps { get; }
    /// <summary>The controller package that runs (activated, committed or not).</summary>
    public string? Running { get; }
    /// <summary>Activated and not committed: the auto-abort timer rolls it back unless committed.</summary>
    public bool Uncommitted { get; }
    /// <summary>A package added (downloaded) and not activated.</summary>
    public string? Added { get; }

    public IEnumerable<ApImageStatus> ApsDownloading => Aps.Aps.Where(IsDownloading);

    public bool DownloadInProgress => Aps.PredownloadInProgress || ApsDownloading.Any();

    public bool IsDownloaded(string target) => VersionText.Same(Added, target) && !DownloadInProgress;
    public bool IsActivated(string target) => VersionText.Same(Running, target);
    public bool IsCommitted(string target) => IsActivated(target) && !Uncommitted;

    public static bool IsDownloading(ApImageStatus ap) =>
        ap.PredownloadState is PredownloadState.Initiated or PredownloadState.Downloading or PredownloadState.Predownloading;

    /// <summary>In plain words, for results and for what a stop leaves behind.</summary>
    public string Describe(string target)
    {
        if (IsCommitted(target)) return $"runs {Running}, committed";
        if (IsActivated(target)) return $"runs {Running}, activated and not committed (auto-abort timer: {Summary.AutoAbortTimer ?? "unknown"}); Invoke-ApUpgrade -Phase Commit keeps it";
        var done = Aps.Aps.Count(a => a.PredownloadState == PredownloadState.Complete);
        if (DownloadInProgress) return $"runs {Running ?? "an unknown version"}; download in progress on the device ({done} of {Aps.Aps.Count} APs predownloaded); it goes on without the module, and a new run waits for it";
        if (VersionText.Same(Added, target)) return $"runs {Running ?? "an unknown version"}; {Added} downloaded and waiting for activation";
        return $"runs {Running ?? "an unknown version"}; nothing of {target} on the device";
    }

    private string? Package(string state) =>
        Summary.Packages.FirstOrDefault(p => string.Equals(p.State, state, StringComparison.OrdinalIgnoreCase))?.Version;
}
