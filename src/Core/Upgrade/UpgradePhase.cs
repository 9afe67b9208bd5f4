using System;

namespace EwcUpgrade.Upgrade;

/// <summary>The install-mode phases (reference §6), as -Phase takes them: one, several ("Download,Activate") or All.</summary>
[Flags]
public enum UpgradePhase
{
    Download = 1,
    Activate = 2,
    Commit = 4,
    All = Download | Activate | Commit,
}

/// <summary>How one controller's upgrade ended.</summary>
public enum ApUpgradeStatus
{
    /// <summary>Every phase asked for is done on the device (now or by an earlier run).</summary>
    Succeeded,
    /// <summary>A phase failed: the result's Failures and Message say why.</summary>
    Failed,
    /// <summary>Not started: not ready (Reasons), or the failure budget was spent.</summary>
    Skipped,
    /// <summary>The last phase was started and not waited for (no -Wait): the device goes on with it.</summary>
    Started,
    /// <summary>-TimeoutMinutes ran out while waiting; the device goes on with what it was doing.</summary>
    TimedOut,
    /// <summary>Ctrl+C or a runbook's stop ended the wait; the device goes on with what it was doing.</summary>
    Stopped,
}

/// <summary>What became of one AP.</summary>
public enum ApUpgradeOutcome
{
    /// <summary>Runs the new image.</summary>
    Upgraded,
    /// <summary>Holds the new image in its backup partition, waiting for the activation.</summary>
    Predownloaded,
    /// <summary>Its image could not be had, or it did not come back on the new one.</summary>
    Failed,
    /// <summary>Still downloading when the run stopped waiting.</summary>
    Pending,
    /// <summary>The controller has no image for it (Not Supported).</summary>
    NotSupported,
    /// <summary>Nothing was done to it in this run.</summary>
    Unchanged,
}
