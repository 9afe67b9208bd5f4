using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Controllers;

namespace EwcUpgrade.Cmdlets;

/// <summary>Closes controller sessions and forgets them.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Ewc", DefaultParameterSetName = "Session")]
public sealed class DisconnectEwc : PSCmdlet
{
    [Parameter(ParameterSetName = "Session", Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public EwcSession[] Session { get; set; } = null!;

    [Parameter(ParameterSetName = "Id", Mandatory = true)]
    [ArgumentCompleter(typeof(Internal.EwcSessionIdCompleter))]
    public int[] Id { get; set; } = null!;

    [Parameter(ParameterSetName = "All", Mandatory = true)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        var sessions = ParameterSetName switch
        {
            "Session" => Session,
            "Id" => EwcSessionRegistry.GetAll().Where(s => Id.Contains(s.Id)).ToArray(),
            _ => EwcSessionRegistry.GetAll().ToArray(),
        };
        if (ParameterSetName == "Id")
        {
            foreach (var missing in Id.Where(i => sessions.All(s => s.Id != i)))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"No session with id {missing}."), "SessionNotFound", ErrorCategory.ObjectNotFound, missing));
            }
        }
        foreach (var session in sessions)
        {
            WriteVerbose($"Closing session {session.Id} to {session.Controller}.");
            EwcSessionRegistry.Remove(session);
        }
    }
}
