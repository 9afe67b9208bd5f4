using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// The image status of every AP (`show ap image`): one object per AP, or with -Summary one object
/// per controller with the counters (initiated, downloading, predownloading, completed, failed …).
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApImageStatus", DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(ApImageStatus), typeof(ApImageReport))]
public sealed class GetApImageStatus : EwcHostTargetCmdlet
{
    /// <summary>One object per controller, with the counters and its APs, instead of one per AP.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override void ProcessRecord() =>
        ForEachTarget((session, ctx) =>
        {
            ctx.Progress("show ap image");
            var report = EwcCommands.GetApImage(session, CommandTimeout, ctx.Token);
            if (report.CountWarning != null) ctx.Warning($"{session.Controller}: {report.CountWarning}");
            if (Summary) ctx.Output(report);
            else ctx.Output(report.Aps);
        });
}
