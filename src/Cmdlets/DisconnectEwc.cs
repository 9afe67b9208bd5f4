using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;
using EwcUpgrade.Inventory;

namespace EwcUpgrade.Cmdlets;

/// <summary>Closes controller sessions and forgets them.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Ewc", DefaultParameterSetName = "Session", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
public sealed class DisconnectEwc : PSCmdlet
{
    [Parameter(ParameterSetName = "Session", Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public EwcSession[] Session { get; set; } = null!;

    /// <summary>Inventory controllers: every open session to their host and port is closed.</summary>
    [Parameter(ParameterSetName = "Controller", Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    [InventoryControllerTransformation]
    public InventoryController[] Controller { get; set; } = null!;

    [Parameter(ParameterSetName = "Id", Mandatory = true)]
    [ArgumentCompleter(typeof(EwcSessionIdCompleter))]
    public int[] Id { get; set; } = null!;

    [Parameter(ParameterSetName = "All", Mandatory = true)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        var sessions = ParameterSetName switch
        {
            "Session" => Session,
            "Controller" => EwcSessionRegistry.GetAll().Where(s => Controller.Any(c =>
                string.Equals(c.HostName, s.HostName, System.StringComparison.OrdinalIgnoreCase) && c.Port == s.Port)).ToArray(),
            "Id" => SessionLookup.ById(this, Id).ToArray(),
            _ => EwcSessionRegistry.GetAll().ToArray(),
        };
        foreach (var session in sessions)
        {
            if (!ShouldProcess($"session {session.Id} to {session.Controller} ({session.UserName}@{session.HostName}:{session.Port})", "Close")) continue;
            WriteVerbose($"Closing session {session.Id} to {session.Controller}.");
            EwcSessionRegistry.Remove(session);
        }
    }
}
