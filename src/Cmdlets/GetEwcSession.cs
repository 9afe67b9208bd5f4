using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Controllers;

namespace EwcUpgrade.Cmdlets;

/// <summary>The controller sessions open in this process (shared by all its runspaces).</summary>
[Cmdlet(VerbsCommon.Get, "EwcSession")]
[OutputType(typeof(EwcSession))]
public sealed class GetEwcSession : PSCmdlet
{
    // Not by property name: a process or any object with an Id would bind to it silently.
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(Internal.EwcSessionIdCompleter))]
    public int[]? Id { get; set; }

    /// <summary>Host names or controller names (wildcards allowed).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[]? HostName { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<EwcSession> sessions = Id != null ? Internal.SessionLookup.ById(this, Id) : EwcSessionRegistry.GetAll();
        if (HostName != null)
        {
            var patterns = HostName.Select(h => new WildcardPattern(h, WildcardOptions.IgnoreCase)).ToList();
            sessions = sessions.Where(s => patterns.Any(p => p.IsMatch(s.HostName) || p.IsMatch(s.Controller)));
        }
        WriteObject(sessions, enumerateCollection: true);
    }
}
