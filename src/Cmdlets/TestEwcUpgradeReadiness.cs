using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;
using EwcUpgrade.Fanout;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Inventory;
using EwcUpgrade.Upgrade.Readiness;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Per controller, read-only: which images its APs need, whether the bundle and the image server
/// its profile names hold each with the bundle's sizes, and whether its release can be upgraded to
/// the bundle's. One report per controller, Ready or the reasons why not.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "EwcUpgradeReadiness", DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(UpgradeReadinessReport), typeof(bool))]
public sealed class TestEwcUpgradeReadiness : BundleTargetCmdlet
{
    // Per controller, the last attempt's verdict (a read-only check is run again after a dropped connection).
    private readonly ConcurrentDictionary<string, bool> _ready = new(StringComparer.OrdinalIgnoreCase);
    private bool _targetRefused;

    /// <summary>Return only $true (every controller ready) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var all = ForEachTarget((session, ctx, controller) =>
        {
            ctx.Progress("show version, show ap summary, download profile; then the image server");
            var report = UpgradeReadiness.Check(session, ReadinessRequestFor(controller?.ImageServer), CommandTimeout, ctx.Token);
            foreach (var check in report.ServerChecks) ctx.Verbose($"{report.Controller}: {check.Url}: {check.Verdict}");
            foreach (var note in report.Notes) ctx.Verbose($"{report.Controller}: {note}");
            _ready[ctx.Controller] = report.Ready;
            if (!Quiet) ctx.Output(report);
        });
        _targetRefused |= !all;
    }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        // A controller that failed (unreachable, refused login) has no verdict: not ready.
        if (Quiet) WriteObject(!_targetRefused && _ready.Count == Queued && _ready.Values.All(ready => ready));
    }
}
