using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Opens an SSH session to a controller, checks its host key, enters privileged EXEC mode and turns
/// paging off. An open session to the same host, port and user is returned instead of a second one.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Ewc", DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(EwcSession))]
public sealed class ConnectEwc : EwcHostTargetCmdlet
{
    protected override void ProcessRecord()
    {
        foreach (var session in Targets())
        {
            WriteVerbose($"Session {session.Id} to {session.Controller}: host key {session.HostKeyFingerprint}.");
            WriteObject(session);
        }
    }
}
