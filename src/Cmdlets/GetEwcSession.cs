using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Controllers;

namespace EwcUpgrade.Cmdlets;

/// <summary>The controller sessions open in this process (shared by all its runspaces).</summary>
[Cmdlet(VerbsCommon.Get, "EwcSession")]
[OutputType(typeof(EwcSession))]
public sealed class GetEwcSession : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Internal.EwcSessionIdCompleter))]
    public int[]? Id { get; set; }

    /// <summary>Host names or controller names (wildcards allowed).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[]? HostName { get; set; }

    protected override void ProcessRecord()
    {
        var sessions = EwcSessionRegistry.GetAll().AsEnumerable();
        if (Id != null) sessions = sessions.Where(s => Id.Contains(s.Id));
        if (HostName != null)
        {
            var patterns = HostName.Select(h => new WildcardPattern(h, WildcardOptions.IgnoreCase)).ToList();
            sessions = sessions.Where(s => patterns.Any(p => p.IsMatch(s.HostName) || p.IsMatch(s.Controller)));
        }
        WriteObject(sessions, enumerateCollection: true);
    }
}
