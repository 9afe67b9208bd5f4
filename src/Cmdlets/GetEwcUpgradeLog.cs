using System;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Diagnosis;
using EwcUpgrade.Fanout;
using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// The install and image-download events of the controller's log (`show logging`) as objects, each
/// failure with its cause (WrongPath, MissingImage, ServerUnreachable, AuthenticationFailed, Unknown)
/// and the fix, URLs with their credentials masked. Where the module's own image server served the
/// controller, what it saw is joined in.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EwcUpgradeLog", DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(ImageDownloadEvent))]
public sealed class GetEwcUpgradeLog : EwcHostTargetCmdlet
{
    private UpgradeCli _cli = null!;

    /// <summary>Only events at or after this time (the device's clock; it prints no year or zone).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only the failures.</summary>
    [Parameter]
    public SwitchParameter Failed { get; set; }

    /// <summary>A YAML file that overrides the device's CLI lines and log patterns (default: $env:EWCUPGRADE_DEVICE_CLI).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DeviceCliPath { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _cli = UpgradeCli.Load(DeviceCliPath == null ? null : PathResolver.Resolve(this, DeviceCliPath));
        }
        catch (DeviceData.DeviceDataException e)
        {
            ThrowTerminatingError(Errors.Record(e, EwcErrorIds.DeviceDataInvalid, ErrorCategory.InvalidData, DeviceCliPath));
        }
    }

    protected override void ProcessRecord() =>
        ForEachTarget((session, ctx) =>
        {
            ctx.Progress(_cli.ShowLogging.Text);
            var events = ImageDownloadLog.Parse(session.Execute(_cli.ShowLogging.Text, CommandTimeout, ctx.Token), _cli.Log);
            ImageServerEvidence.JoinOwnServers(events, session.HostName);
            foreach (var e in events)
            {
                if (Since != null && e.Time != null && e.Time < Since) continue;
                if (Failed && !e.IsFailure) continue;
                e.Controller = session.Controller;
                ctx.Output(e);
            }
        });
}
