using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;
using EwcUpgrade.Fanout;
using EwcUpgrade.Upgrade;
using EwcUpgrade.Upgrade.Readiness;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Upgrades the APs (and the controller) of each controller given: checks readiness, downloads
/// (`install add profile default`), waits for every AP's predownload, activates (answering the
/// question and riding out the reload), verifies the versions and commits. Many controllers at
/// once (-ThrottleLimit); a run picks up from what each device shows done.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ApUpgrade", DefaultParameterSetName = HostNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ApUpgradeResult), typeof(Job))]
public sealed class InvokeApUpgrade : BundleTargetCmdlet
{
    private UpgradeCli _cli = null!;
    private FailureBudget? _budget;
    private int _failed;
    private readonly ConcurrentDictionary<string, ApUpgradeResult> _ended = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _underWay = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<object> _jobInput = new();

    /// <summary>Download, Activate, Commit, several ("Download,Activate") or All (default).</summary>
    [Parameter]
    public UpgradePhase Phase { get; set; } = UpgradePhase.All;

    /// <summary>Also wait for the last phase asked for (a phase followed by another is always waited for).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Minutes each controller's upgrade may take; past them its result says TimedOut and where the device was.</summary>
    [Parameter]
    [ValidateRange(1, 1440)]
    public int TimeoutMinutes { get; set; } = 60;

    /// <summary>Seconds between two looks at the device's status while waiting.</summary>
    [Parameter]
    [ValidateRange(0.1, 300)]
    public double PollSeconds { get; set; } = 5;

    /// <summary>How many controllers may fail before no new one is started: a count (3) or a percentage (10%). Those under way finish.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MaxFailed { get; set; }

    /// <summary>Run as a background job (Get-Job, Receive-Job show its results and progress).</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    /// <summary>Write one result object per controller (else one line per controller on the console, and errors).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Upgrade controllers that are not ready too (their reasons are shown as warnings).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>A YAML file that overrides the device's upgrade CLI (default: $env:EWCUPGRADE_DEVICE_CLI).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DeviceCliPath { get; set; }

    protected override bool ReadOnly => false;

    protected override void BeginProcessing()
    {
        try
        {
            _cli = UpgradeCli.Load(DeviceCliPath == null ? null : PathResolver.Resolve(this, DeviceCliPath));
            if (MaxFailed != null) _budget = FailureBudget.Parse(MaxFailed);
        }
        catch (DeviceData.DeviceDataException e)
        {
            ThrowTerminatingError(Errors.Record(e, EwcErrorIds.DeviceDataInvalid, ErrorCategory.InvalidData, DeviceCliPath));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(Errors.Record(e, EwcErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, MaxFailed));
        }
    }

    protected override void ProcessRecord()
    {
        if (!Confirmed()) return;
        if (AsJob)
        {
            _jobInput.AddRange(ParameterSetName switch
            {
                SessionSet => Session.Cast<object>(),
                ControllerSet => Controller.Cast<object>(),
                _ => new object[] { HostName },
            });
            return;
        }
        ForEachTarget((session, ctx, controller) => Upgrade(session, ctx, Options(controller)));
    }

    protected override void EndProcessing()
    {
        if (AsJob)
        {
            if (_jobInput.Count == 0) return; // declined or -WhatIf
            var job = ApUpgradeJob.Start(this, _jobInput);
            JobRepository.Add(job);
            WriteObject(job);
            return;
        }
        base.EndProcessing();
    }

    /// <summary>-WhatIf and -Confirm per input object, on the pipeline thread: the phases and the CLI each sends.</summary>
    private bool Confirmed()
    {
        var targets = ParameterSetName switch
        {
            SessionSet => Session.Select(s => s.Controller),
            ControllerSet => Controller.Select(c => c.Name),
            _ => new[] { HostName },
        };
        var all = true;
        foreach (var target in targets)
        {
            all &= ShouldProcess(target, Describe());
        }
        return all;
    }

    private string Describe()
    {
        var lines = new List<string> { $"Upgrade to {Target} (APs {Bundle.Version}), phases {Phase}:" };
        foreach (UpgradePhase phase in new[] { UpgradePhase.Download, UpgradePhase.Activate, UpgradePhase.Commit })
        {
            if ((Phase & phase) == 0) continue;
            lines.Add($"  {phase}: " + string.Join(" ", _cli.LinesFor(phase)));
        }
        lines.Add("  (a phase the device shows done already is not sent again)");
        return string.Join(Environment.NewLine, lines);
    }

    private string Target => Bundle.ControllerVersion ?? Bundle.Version;

    private UpgradeOptions Options(Inventory.InventoryController? controller)
    {
        var readiness = ReadinessRequestFor(controller?.ImageServer);
        return new UpgradeOptions(_cli, Target, Bundle.Version)
        {
            Phases = Phase,
            Wait = Wait,
            Timeout = TimeSpan.FromMinutes(TimeoutMinutes),
            PollInterval = TimeSpan.FromSeconds(PollSeconds),
            CommandTimeout = CommandTimeout,
            Force = Force,
            Readiness = (session, token) =>
            {
                var report = UpgradeReadiness.Check(session, readiness, CommandTimeout, token);
                return new ReadinessVerdict(report.Ready, report.Reasons.Select(r => r.Fix == null ? r.Message : $"{r.Message} {r.Fix}").ToList(), report);
            },
        };
    }

    private void Upgrade(EwcSession session, ControllerContext ctx, UpgradeOptions options)
    {
        if (_budget != null && _budget.IsSpent(Volatile.Read(ref _failed), Math.Max(1, ControllerCount)))
        {
            var skipped = ApUpgradeResult.NotStarted(session, options.TargetVersion, $"Not started: the failure budget is spent ({_failed} failed; -MaxFailed {_budget}).");
            Report(ctx, skipped);
            return;
        }
        _underWay[session.Controller] = "connected; reading its state";
        var result = ControllerUpgrade.Run(session, options, ctx);
        if (result.Status is ApUpgradeStatus.Failed or ApUpgradeStatus.TimedOut) Interlocked.Increment(ref _failed);
        Report(ctx, result);
    }

    private void Report(ControllerContext ctx, ApUpgradeResult result)
    {
        _ended[result.Controller] = result;
        _underWay.TryRemove(result.Controller, out _);
        if (ctx.Token.IsCancellationRequested) return; // the pipeline takes nothing more; StopProcessing tells the console
        if (PassThru) ctx.Output(result);
        else ctx.HostLine(UpgradeSummary.Line(result));
        switch (result.Status)
        {
            case ApUpgradeStatus.Failed:
                throw new ControllerFailureException($"{result.Controller}: {result.Message}", EwcErrorIds.UpgradeFailed, EwcErrorCategory.InvalidOperation);
            case ApUpgradeStatus.TimedOut:
                throw new ControllerFailureException($"{result.Controller}: {result.Message}", EwcErrorIds.UpgradeTimedOut, EwcErrorCategory.OperationTimeout);
            case ApUpgradeStatus.Skipped:
                throw new ControllerFailureException($"{result.Controller}: {result.Message}", EwcErrorIds.UpgradeSkipped, EwcErrorCategory.InvalidOperation);
        }
    }

    /// <summary>The controllers given so far (the failure budget's percentage is of these).</summary>
    private int ControllerCount => _ended.Count + _underWay.Count + 1;

    /// <summary>Ctrl+C: the waits end within a second; the console hears where each controller was left.</summary>
    protected override void StopProcessing()
    {
        base.StopProcessing();
        var lines = _ended.Values.Where(r => r.Status == ApUpgradeStatus.Stopped)
            .Select(r => $"{r.Controller}: stopped waiting; the device {r.State}.").ToList();
        if (lines.Count == 0) return;
        try
        {
            var ui = Host?.UI;
            if (ui == null) return;
            foreach (var line in lines) ui.WriteWarningLine(line);
        }
        catch (Exception e) when (e is PipelineStoppedException or System.IO.IOException or NotImplementedException or InvalidOperationException) { }
    }
}
