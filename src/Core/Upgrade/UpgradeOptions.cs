using System;
using System.Collections.Generic;
using System.Threading;
using EwcUpgrade.Controllers;

namespace EwcUpgrade.Upgrade;

/// <summary>How Invoke-ApUpgrade runs each controller.</summary>
public sealed class UpgradeOptions
{
    public UpgradeOptions(UpgradeCli cli, string targetVersion, string apVersion)
    {
        Cli = cli ?? throw new ArgumentNullException(nameof(cli));
        TargetVersion = targetVersion;
        ApVersion = apVersion;
    }

    public UpgradeCli Cli { get; }
    /// <summary>The controller package the bundle installs (controller_version.info; else the bundle's version).</summary>
    public string TargetVersion { get; }
    /// <summary>The AP image version of the bundle (version.info): what an upgraded AP runs.</summary>
    public string ApVersion { get; }
    public UpgradePhase Phases { get; set; } = UpgradePhase.All;
    /// <summary>Wait for the last phase too (a phase followed by another is always waited for).</summary>
    public bool Wait { get; set; }
    /// <summary>Each controller's whole run; past it the result says TimedOut and where the device was.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(60);
    /// <summary>Between two looks at `show ap image` and `show install summary`; reconnects after the reload back off from it to four times it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>After the reload, how long the APs get to come back on the new image.</summary>
    public TimeSpan ApRejoinTimeout { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Run before the download; a controller that is not ready is skipped unless <see cref="Force"/>.</summary>
    public Func<EwcSession, CancellationToken, ReadinessVerdict>? Readiness { get; set; }
    public bool Force { get; set; }
}

/// <summary>The readiness check's answer, as the upgrade needs it.</summary>
public sealed class ReadinessVerdict
{
    public ReadinessVerdict(bool ready, IReadOnlyList<string> reasons, object? report)
    {
        Ready = ready;
        Reasons = reasons;
        Report = report;
    }

    public bool Ready { get; }
    public IReadOnlyList<string> Reasons { get; }
    public object? Report { get; }
}
