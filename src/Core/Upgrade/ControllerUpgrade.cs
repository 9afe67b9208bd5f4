using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cli;
using EwcUpgrade.Controllers;
using EwcUpgrade.Diagnosis;
using EwcUpgrade.Fanout;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Upgrade;

/// <summary>
/// One controller's upgrade, phase by phase (reference §6): read where the device stands, skip
/// what it shows done, send the phase's CLI, wait by polling `show ap image` and `show install
/// summary`, answer the activation's question, wait out the reload by reconnecting with backoff,
/// verify the versions, commit. Failures are diagnosed from the device's log and the module's own
/// image server. Device-side trouble ends in the result, never in an exception; a stop or the
/// timeout ends the wait within the poll's 100 ms checks and the result says where the device was.
/// </summary>
public sealed class ControllerUpgrade
{
    private readonly EwcSession _session;
    private readonly UpgradeOptions _o;
    private readonly ControllerContext _ctx;
    private readonly ApUpgradeResult _result;
    private readonly Dictionary<string, ApUpgradeApResult> _aps = new(StringComparer.OrdinalIgnoreCase);
    private CancellationToken _token;
    private DeviceUpgradeState? _last;
    private UpgradePhase _done;
    private UpgradePhase _already;

    private ControllerUpgrade(EwcSession session, UpgradeOptions options, ControllerContext ctx)
    {
        _session = session;
        _o = options;
        _ctx = ctx;
        _result = new ApUpgradeResult(session.Controller, options.TargetVersion) { Session = session };
    }

    private UpgradeCli Cli => _o.Cli;
    private string Target => _o.TargetVersion;

    public static ApUpgradeResult Run(EwcSession session, UpgradeOptions options, ControllerContext ctx) =>
        new ControllerUpgrade(session, options, ctx).Run();

    private ApUpgradeResult Run()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _result.StartTime = DateTime.Now;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_ctx.Token);
        deadline.CancelAfter(_o.Timeout);
        _token = deadline.Token;
        try
        {
            _last = Read();
            _result.FromVersion = _last.Running;
            LearnAps();
            var completed = (!Has(UpgradePhase.Download) || Download())
                && (!Has(UpgradePhase.Activate) || Activate())
                && (!Has(UpgradePhase.Commit) || Commit())
                && (!Has(UpgradePhase.Activate) || AllApsOnTarget());
            if (completed) _result.Status = ApUpgradeStatus.Succeeded;
        }
        catch (OperationCanceledException) when (_ctx.Token.IsCancellationRequested)
        {
            _result.Status = ApUpgradeStatus.Stopped;
            _result.Message = "Stopped waiting (the run was stopped); the device goes on with what it was doing. Run Invoke-ApUpgrade again to pick up from there.";
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            _result.Status = ApUpgradeStatus.TimedOut;
            _result.Message = $"Not done within {_o.Timeout.TotalMinutes:0.#} minutes (-TimeoutMinutes); the device goes on with what it was doing. Run Invoke-ApUpgrade again to pick up from there.";
        }
        catch (Exception e) when (e is EwcConnectionException or EwcTimeoutException or EwcCommandException or CliParseException)
        {
            _result.Status = ApUpgradeStatus.Failed;
            _result.Message = e.Message;
        }
        _result.Duration = clock.Elapsed;
        _result.PhasesDone = _done == 0 ? null : _done;
        _result.PhasesAlreadyDone = _already == 0 ? null : _already;
        if (_last != null)
        {
            _result.RunningVersion = _last.Running;
            _result.State = _last.Describe(Target);
            Settle(_last);
        }
        _result.Aps = _aps.Values.ToList();
        return _result;
    }

    private bool Has(UpgradePhase phase) => (_o.Phases & phase) != 0;

    /// <summary>Whether to wait for <paramref name="phase"/> to finish: always when a later phase follows.</summary>
    private bool WaitFor(UpgradePhase phase) => _o.Wait || ((int)_o.Phases & ~(((int)phase << 1) - 1)) != 0;

    // ---- download ----

    private bool Download()
    {
        if (_last!.IsActivated(Target) || _last.IsDownloaded(Target))
        {
            _already |= UpgradePhase.Download;
            _ctx.Verbose($"{_session.Controller}: {Target} is on the device already ({_last.Describe(Target)}); not downloading it again.");
            return true;
        }
        HashSet<string> logBefore;
        if (_last.DownloadInProgress)
        {
            _ctx.Verbose($"{_session.Controller}: a download is in progress on the device; waiting for it instead of starting another.");
            logBefore = LogLines();
        }
        else
        {
            if (!Ready()) return false;
            logBefore = LogLines();
            _ctx.Progress($"Download: {Cli.Add.Text}", 0);
            var output = _session.Execute(Cli.Add.Text, _o.CommandTimeout, _token);
            if (Cli.FailureIn(output) is { } failure) return Fail($"'{Cli.Add.Text}' failed: {failure}");
            _ctx.Done(Cli.Add.Text);
        }
        if (!WaitFor(UpgradePhase.Download))
        {
            _result.Status = ApUpgradeStatus.Started;
            _result.Message = "The download goes on on the device; Invoke-ApUpgrade -Phase Download -Wait (or Get-ApImageStatus) follows it.";
            return false;
        }
        if (!WaitForDownload())
        {
            Diagnose(logBefore);
            return Fail($"After '{Cli.Add.Text}' the device showed no download within {NoStartLimit.TotalMinutes:0.#} minutes (no AP initiated, no package added){Causes()}.");
        }
        var failed = _last!.Aps.Aps.Where(a => a.PredownloadState == PredownloadState.Failed).ToList();
        if (failed.Count > 0 || !VersionText.Same(_last.Added, Target))
        {
            Diagnose(logBefore);
            var why = Causes();
            if (failed.Count > 0) return Fail($"{failed.Count} of {_last.Aps.Aps.Count} APs could not get their image{why}; not activating. Failures holds each cause and its fix.");
            return Fail($"The device added {_last.Added ?? "nothing"}, not the bundle's {Target}{why}. Failures holds each cause and its fix.");
        }
        _done |= UpgradePhase.Download;
        Settle(_last);
        return true;
    }

    /// <summary>" (file: cause; …)" of this run's diagnosed failures, or "".</summary>
    private string Causes()
    {
        var causes = _result.Failures.Where(f => f.Cause != null).Select(f => $"{f.File}: {f.Cause}").Distinct().ToList();
        return causes.Count > 0 ? " (" + string.Join("; ", causes) + ")" : "";
    }

    private bool Ready()
    {
        if (_o.Readiness == null) return true;
        _ctx.Progress("Checking readiness");
        var verdict = _o.Readiness(_session, _token);
        _result.Readiness = verdict.Report;
        if (verdict.Ready) return true;
        _result.Reasons = verdict.Reasons;
        if (_o.Force)
        {
            _ctx.Warning($"{_session.Controller} is not ready ({string.Join("; ", verdict.Reasons)}); going on because of -Force.");
            return true;
        }
        _result.Status = ApUpgradeStatus.Skipped;
        _result.Message = "Not ready: " + string.Join("; ", verdict.Reasons);
        return false;
    }

    /// <summary>How long a device may show nothing of a download it was told to start.</summary>
    private TimeSpan NoStartLimit => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(2).Ticks, _o.PollInterval.Ticks * 12));

    /// <summary>
    /// Until no AP downloads any more and the device shows the outcome; false when nothing moved
    /// within <see cref="NoStartLimit"/>. Right after `install add` the device may not show the
    /// download yet: the end counts only once something moved.
    /// </summary>
    private bool WaitForDownload()
    {
        var before = Signature(_last!);
        var moved = false;
        var since = DateTime.UtcNow;
        while (true)
        {
            _last = Read();
            moved |= _last.DownloadInProgress || VersionText.Same(_last.Added, Target) || Signature(_last) != before;
            var aps = _last.Aps.Aps;
            var needing = aps.Count(a => a.PredownloadState != PredownloadState.NotSupported);
            var complete = aps.Count(a => a.PredownloadState == PredownloadState.Complete);
            var failed = aps.Count(a => a.PredownloadState == PredownloadState.Failed);
            _ctx.Progress($"Download: {complete} of {needing} APs predownloaded" + (failed > 0 ? $", {failed} failed" : ""),
                needing == 0 ? 0 : Math.Min(100, 100 * (complete + failed) / needing));
            if (moved && !_last.DownloadInProgress && (_last.Added != null || failed > 0)) return true;
            if (!moved && DateTime.UtcNow - since > NoStartLimit) return false;
            Pause(_o.PollInterval);
        }
    }

    private static string Signature(DeviceUpgradeState state) =>
        (state.Added ?? "") + "|" + string.Join(";", state.Aps.Aps.Select(a => $"{a.ApName}={a.PredownloadStatus}/{a.RetryCount}/{a.NextRetryTime}"));

    /// <summary>The download failures this run caused, each with its cause and what the module's own image server saw.</summary>
    private void Diagnose(HashSet<string> logBefore)
    {
        var events = ImageDownloadLog.Parse(_session.Execute(Cli.ShowLogging.Text, _o.CommandTimeout, _token), Cli.Log)
            .Where(e => e.Kind == ImageDownloadEventKind.InstallFailed && !logBefore.Contains(e.Line)).ToList();
        ImageServerEvidence.JoinOwnServers(events, _session.HostName);
        foreach (var e in events) e.Controller = _session.Controller;
        _result.Failures = events;
        var controllerImage = events.LastOrDefault(e => string.Equals(e.File, ApImageTypeTable.ControllerImageFile, StringComparison.OrdinalIgnoreCase));
        foreach (var ap in _aps.Values)
        {
            var status = _last!.Aps.Aps.FirstOrDefault(a => a.ApName == ap.ApName);
            if (status?.PredownloadState != PredownloadState.Failed) continue;
            var cause = events.LastOrDefault(e => ap.ImageType != null && string.Equals(e.File, ap.ImageType, StringComparison.OrdinalIgnoreCase)) ?? controllerImage;
            ap.Cause = cause?.Cause;
            ap.Fix = cause?.Fix;
        }
    }

    private HashSet<string> LogLines() =>
        new(ImageDownloadLog.Parse(_session.Execute(Cli.ShowLogging.Text, _o.CommandTimeout, _token), Cli.Log).Select(e => e.Line));

    // ---- activate ----

    private bool Activate()
    {
        if (_last!.IsActivated(Target))
        {
            _already |= UpgradePhase.Activate;
            return true;
        }
        Settle(_last);
        if (!VersionText.Same(_last.Added, Target) || _last.DownloadInProgress)
        {
            return Fail($"Nothing to activate: the device {_last.Describe(Target)}. Run Invoke-ApUpgrade -Phase Download first.");
        }
        _ctx.Progress($"Activate: {Cli.Activate.Text} (the controller reloads)", 0);
        var output = _session.ExecuteInteractive(Cli.Activate.Text, text => Cli.ConfirmationFor(text)?.Answer, Cli.IsReloading, _o.CommandTimeout, _token);
        if (Cli.FailureIn(output.Text) is { } failure) return Fail($"'{Cli.Activate.Text}' failed: {failure}");
        _ctx.Done(Cli.Activate.Text);
        if (!WaitFor(UpgradePhase.Activate))
        {
            _result.Status = ApUpgradeStatus.Started;
            _result.Message = "The controller is reloading into the new image; Invoke-ApUpgrade -Phase Commit commits it once it is back (before the auto-abort timer rolls it back).";
            return false;
        }
        WaitForReload();
        _done |= UpgradePhase.Activate;
        return WaitForAps();
    }

    /// <summary>The SSH session dropped with the reload: reconnect with backoff until the controller shows the new package.</summary>
    private void WaitForReload()
    {
        var delay = _o.PollInterval;
        var longest = TimeSpan.FromTicks(Math.Min(_o.PollInterval.Ticks * 4, TimeSpan.FromSeconds(30).Ticks));
        var since = DateTime.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            Pause(delay);
            var state = TryRead(out var why);
            if (state != null)
            {
                _last = state;
                if (state.IsActivated(Target)) return;
                _ctx.Progress($"Activate: the controller answers and still runs {state.Running}; waiting for the reload", 50);
            }
            else
            {
                _ctx.Progress($"Activate: reloading; waiting for the controller to answer ({(DateTime.UtcNow - since).TotalSeconds:0} s, attempt {attempt})", 50);
                _ctx.Verbose($"{_session.Controller}: not back yet ({why}); next try in {delay.TotalSeconds:0.#} s.");
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, longest.Ticks));
        }
    }

    private DeviceUpgradeState? TryRead(out string why)
    {
        try
        {
            why = "";
            return Read();
        }
        catch (Exception e) when (e is EwcConnectionException or EwcTimeoutException or EwcCommandException)
        {
            why = e.Message;
            return null;
        }
    }

    /// <summary>The APs that held the new image come back running it; those that do not in time fail the phase.</summary>
    private bool WaitForAps()
    {
        var until = DateTime.UtcNow + _o.ApRejoinTimeout;
        var expected = _aps.Values.Where(a => a.Outcome == ApUpgradeOutcome.Predownloaded).Select(a => a.ApName).ToList();
        while (true)
        {
            var missing = expected.Where(name => !RunsNewImage(name)).ToList();
            _ctx.Progress($"Activate: {expected.Count - missing.Count} of {expected.Count} APs back on {_o.ApVersion}", expected.Count == 0 ? 100 : 100 * (expected.Count - missing.Count) / expected.Count);
            if (missing.Count == 0) return true;
            if (DateTime.UtcNow >= until)
            {
                foreach (var name in missing) _aps[name].Outcome = ApUpgradeOutcome.Failed;
                return Fail($"{missing.Count} AP(s) did not come back on {_o.ApVersion} within {_o.ApRejoinTimeout.TotalMinutes:0.#} minutes ({string.Join(", ", missing)}); not committed: commit with Invoke-ApUpgrade -Phase Commit, or let the auto-abort timer roll back.");
            }
            Pause(_o.PollInterval);
            _last = TryRead(out _) ?? _last;
        }
    }

    private bool RunsNewImage(string apName) =>
        _last!.Aps.Aps.FirstOrDefault(a => a.ApName == apName) is { } ap && VersionText.Same(ap.PrimaryImage, _o.ApVersion);

    // ---- commit ----

    private bool Commit()
    {
        if (_last!.IsCommitted(Target))
        {
            _already |= UpgradePhase.Commit;
            return true;
        }
        if (!_last.IsActivated(Target)) return Fail($"Nothing to commit: the device {_last.Describe(Target)}. Run Invoke-ApUpgrade -Phase Activate first.");
        _ctx.Progress($"Commit: {Cli.Commit.Text}", 0);
        var output = _session.Execute(Cli.Commit.Text, _o.CommandTimeout, _token);
        if (Cli.FailureIn(output) is { } failure) return Fail($"'{Cli.Commit.Text}' failed: {failure}");
        _ctx.Done(Cli.Commit.Text);
        _last = Read();
        if (!_last.IsCommitted(Target)) return Fail($"After '{Cli.Commit.Text}' the device {_last.Describe(Target)}.");
        _done |= UpgradePhase.Commit;
        return true;
    }

    /// <summary>
    /// After an activation (now or earlier) every AP with an image type runs the bundle's image:
    /// one that does not (its predownload failed, it did not come back) fails the controller's
    /// result even when the device showed every phase done.
    /// </summary>
    private bool AllApsOnTarget()
    {
        Settle(_last!);
        var behind = _aps.Values.Where(a => a.Outcome is not (ApUpgradeOutcome.Upgraded or ApUpgradeOutcome.NotSupported)).ToList();
        if (behind.Count == 0) return true;
        var which = string.Join(", ", behind.Select(a => $"{a.ApName} ({a.After}; predownload {a.PredownloadStatus}" + (a.RetryCount > 0 ? $", retry {a.RetryCount}, next {a.NextRetryTime}" : "") + ")"));
        return Fail($"{behind.Count} of {_aps.Count} APs do not run {_o.ApVersion}: {which}. Get-EwcUpgradeLog -Failed shows why their download failed.");
    }

    // ---- state ----

    private DeviceUpgradeState Read()
    {
        var summary = ShowInstallSummary.Parse(_session.Execute(Cli.ShowInstallSummary.Text, _o.CommandTimeout, _token));
        var aps = EwcCommands.GetApImage(_session, _o.CommandTimeout, _token);
        return DeviceUpgradeState.From(summary, aps);
    }

    /// <summary>Each AP's model and image type (show ap summary) and its image before the run.</summary>
    private void LearnAps()
    {
        var summary = EwcCommands.GetApSummary(_session, _o.CommandTimeout, _token).Aps.ToDictionary(a => a.ApName, StringComparer.OrdinalIgnoreCase);
        foreach (var ap in _last!.Aps.Aps)
        {
            summary.TryGetValue(ap.ApName, out var entry);
            _aps[ap.ApName] = new ApUpgradeApResult
            {
                Controller = _session.Controller, ApName = ap.ApName, Model = entry?.Model, ImageType = entry?.ImageType,
                Before = ap.PrimaryImage, After = ap.PrimaryImage, Outcome = ApUpgradeOutcome.Unchanged,
            };
        }
        Settle(_last);
    }

    /// <summary>Each AP's outcome from what the device shows now; a failure found earlier stays.</summary>
    private void Settle(DeviceUpgradeState state)
    {
        foreach (var ap in state.Aps.Aps)
        {
            if (!_aps.TryGetValue(ap.ApName, out var r)) continue;
            r.After = ap.PrimaryImage;
            r.PredownloadStatus = ap.PredownloadStatus;
            r.RetryCount = ap.RetryCount;
            r.NextRetryTime = ap.NextRetryTime;
            if (r.Outcome == ApUpgradeOutcome.Failed && r.Cause != null) continue;
            r.Outcome = VersionText.Same(ap.PrimaryImage, _o.ApVersion) ? ApUpgradeOutcome.Upgraded
                : ap.PredownloadState == PredownloadState.Complete && VersionText.Same(ap.PredownloadVersion, _o.ApVersion) ? ApUpgradeOutcome.Predownloaded
                : ap.PredownloadState == PredownloadState.Failed ? ApUpgradeOutcome.Failed
                : ap.PredownloadState == PredownloadState.NotSupported ? ApUpgradeOutcome.NotSupported
                : DeviceUpgradeState.IsDownloading(ap) ? ApUpgradeOutcome.Pending
                : r.Outcome == ApUpgradeOutcome.Failed ? ApUpgradeOutcome.Failed
                : ApUpgradeOutcome.Unchanged;
        }
    }

    private bool Fail(string message)
    {
        _result.Status = ApUpgradeStatus.Failed;
        _result.Message = message;
        return false;
    }

    /// <summary>Sleeps, ending at once on a stop or the deadline.</summary>
    private void Pause(TimeSpan wait)
    {
        _token.WaitHandle.WaitOne(wait);
        _token.ThrowIfCancellationRequested();
    }
}
