using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Cmdlets;

/// <summary>The controller's APs (`show ap summary`), each with the image type its model needs.</summary>
[Cmdlet(VerbsCommon.Get, "ApSummary", DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(ApSummaryEntry))]
public sealed class GetApSummary : EwcHostTargetCmdlet
{
    protected override void ProcessRecord() =>
        ForEachTarget((session, ctx) =>
        {
            ctx.Progress("show ap summary");
            var report = EwcCommands.GetApSummary(session, CommandTimeout, ctx.Token);
            if (report.CountWarning != null) ctx.Warning($"{session.Controller}: {report.CountWarning}");
            foreach (var unknown in report.Aps)
            {
                if (unknown.ImageType == null) ctx.Warning($"{session.Controller}: AP {unknown.ApName} is a {unknown.Model}, a model the image type table does not know.");
            }
            ctx.Output(report.Aps);
        });
}
