using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Cmdlets;

/// <summary>Reads the image-download profile (`show running-config | section image-download`).</summary>
[Cmdlet(VerbsCommon.Get, "EwcDownloadProfile", DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(ImageDownloadProfile))]
public sealed class GetEwcDownloadProfile : EwcHostTargetCmdlet
{
    protected override void ProcessRecord() =>
        ForEachTarget((session, ctx) => ctx.Output(EwcCommands.GetDownloadProfile(session, CommandTimeout, ctx.Token)));
}
