using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Controllers;
using EwcUpgrade.Diagnosis;

namespace EwcUpgrade.Upgrade;

/// <summary>One controller's upgrade: the phases done, each AP's outcome and, for every failure, its diagnosis.</summary>
public sealed class ApUpgradeResult
{
    internal ApUpgradeResult(string controller, string targetVersion)
    {
        Controller = controller;
        TargetVersion = targetVersion;
    }

    public string Controller { get; }
    public ApUpgradeStatus Status { get; internal set; }
    /// <summary>Phases this run sent and saw through.</summary>
    public UpgradePhase? PhasesDone { get; internal set; }
    /// <summary>Phases the device showed done already (an earlier or interrupted run): not sent again.</summary>
    public UpgradePhase? PhasesAlreadyDone { get; internal set; }
    public string TargetVersion { get; }
    /// <summary>The controller package that ran when the run began.</summary>
    public string? FromVersion { get; internal set; }
    /// <summary>The controller package that runs now.</summary>
    public string? RunningVersion { get; internal set; }
    /// <summary>Where the controller was left, in plain words (also after a stop or a timeout).</summary>
    public string State { get; internal set; } = "";
    /// <summary>Why it failed or was skipped, in one sentence; empty when it succeeded.</summary>
    public string Message { get; internal set; } = "";
    public IReadOnlyList<ApUpgradeApResult> Aps { get; internal set; } = Array.Empty<ApUpgradeApResult>();
    /// <summary>The failed downloads of this run from the device's log, each with its cause, what the image server saw, and the fix.</summary>
    public IReadOnlyList<ImageDownloadEvent> Failures { get; internal set; } = Array.Empty<ImageDownloadEvent>();
    /// <summary>Why a controller was skipped: the readiness check's reasons.</summary>
    public IReadOnlyList<string> Reasons { get; internal set; } = Array.Empty<string>();
    public DateTime StartTime { get; internal set; }
    public TimeSpan Duration { get; internal set; }
    /// <summary>The readiness check's report when one ran (its type is the readiness check's).</summary>
    public object? Readiness { get; internal set; }
    /// <summary>The session used: piped on, it lets the next cmdlet (Get-ApImageStatus, Invoke-ApUpgrade -Phase Commit) reuse it.</summary>
    public EwcSession? Session { get; internal set; }

    /// <summary>A controller that was not started (the failure budget was spent).</summary>
    public static ApUpgradeResult NotStarted(EwcSession session, string targetVersion, string message) =>
        new(session.Controller, targetVersion) { Status = ApUpgradeStatus.Skipped, Message = message, Session = session, StartTime = DateTime.Now, State = "not touched" };

    public int ApCount => Aps.Count;
    public int ApsUpgraded => Aps.Count(a => a.Outcome == ApUpgradeOutcome.Upgraded);
    public int ApsPredownloaded => Aps.Count(a => a.Outcome == ApUpgradeOutcome.Predownloaded);
    public int ApsFailed => Aps.Count(a => a.Outcome == ApUpgradeOutcome.Failed);

    public override string ToString() => $"{Controller}: {Status}" + (Message.Length > 0 ? $" ({Message})" : "");
}

/// <summary>One AP in a controller's upgrade.</summary>
public sealed class ApUpgradeApResult
{
    public string Controller { get; internal set; } = "";
    public string ApName { get; internal set; } = "";
    public string? Model { get; internal set; }
    public string? ImageType { get; internal set; }
    public ApUpgradeOutcome Outcome { get; internal set; }
    /// <summary>The AP's primary image when the run began.</summary>
    public string Before { get; internal set; } = "";
    /// <summary>The AP's primary image at the end.</summary>
    public string After { get; internal set; } = "";
    /// <summary>`show ap image`'s Predownload Status at the end of the download.</summary>
    public string PredownloadStatus { get; internal set; } = "";
    public int RetryCount { get; internal set; }
    public string NextRetryTime { get; internal set; } = "";
    public DownloadFailureCause? Cause { get; internal set; }
    public string? Fix { get; internal set; }

    public override string ToString() => $"{ApName}: {Outcome}";
}
