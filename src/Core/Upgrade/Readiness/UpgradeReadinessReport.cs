using System.Collections.Generic;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Upgrade.Readiness;

/// <summary>One controller measured against one bundle: Ready exactly when there is no reason against it.</summary>
public sealed class UpgradeReadinessReport
{
    internal UpgradeReadinessReport(string controller, IReadOnlyList<ReadinessReason> reasons, IReadOnlyList<string> notes)
    {
        Controller = controller;
        Reasons = reasons;
        Notes = notes;
    }

    public string Controller { get; }
    public bool Ready => Reasons.Count == 0;
    public IReadOnlyList<ReadinessReason> Reasons { get; }
    /// <summary>Informational: facts worth knowing that do not stop the upgrade.</summary>
    public IReadOnlyList<string> Notes { get; }
    /// <summary>The running release from show version, as a release name (17.9.3, 17.9.4a; 17.09.03 on the device).</summary>
    public string CurrentRelease { get; internal set; } = "";
    /// <summary>The bundle's controller version (17.09.04a.0.6), or its AP version when it has none.</summary>
    public string TargetVersion { get; internal set; } = "";
    /// <summary>The bundle's AP image version (17.9.4.27), the folder Import-ApBundle makes for it.</summary>
    public string BundleVersion { get; internal set; } = "";
    public int ApCount { get; internal set; }
    /// <summary>"controller" (the EWC fetches its own image first), then each image type the APs need.</summary>
    public IReadOnlyList<string> NeededImageTypes { get; internal set; } = new List<string>();
    public IReadOnlyList<string> MissingFromBundle { get; internal set; } = new List<string>();
    public IReadOnlyList<string> UnknownModels { get; internal set; } = new List<string>();
    /// <summary>One probe result per needed image the bundle holds; empty when the server was not probed.</summary>
    public IReadOnlyList<ImageProbeResult> ServerChecks { get; internal set; } = new List<ImageProbeResult>();
    public ImageDownloadProfile Profile { get; internal set; } = null!;

    public override string ToString() => $"{Controller}: {(Ready ? "ready" : "not ready")} for {TargetVersion}";
}
