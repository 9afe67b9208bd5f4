using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Opens an SSH session to a controller, checks its host key, enters privileged EXEC mode and turns
/// paging off. An open session with the same login and host-key check is returned instead of a
/// second one (the verbose stream says which). -WhatIf/-Confirm concern what Connect-Ewc writes:
/// with -TrustOnFirstUse, the key it would record in known_hosts (read without logging in).
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Ewc", DefaultParameterSetName = HostNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(EwcSession))]
public sealed class ConnectEwc : EwcHostTargetCmdlet
{
    /// <summary>Controllers connect in parallel (-ThrottleLimit); each session is written as it connects.</summary>
    protected override void ProcessRecord() => ForEachTarget((session, ctx) => ctx.Output(session));
}
