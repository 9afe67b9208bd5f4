using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Controllers;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>Sessions by id, for every cmdlet that takes -Id: one lookup, one error for an id that is not open.</summary>
internal static class SessionLookup
{
    public static IReadOnlyList<EwcSession> ById(Cmdlet cmdlet, IEnumerable<int> ids)
    {
        var all = EwcSessionRegistry.GetAll();
        var found = new List<EwcSession>();
        foreach (var id in ids.Distinct())
        {
            var session = all.FirstOrDefault(s => s.Id == id);
            if (session != null)
            {
                found.Add(session);
                continue;
            }
            cmdlet.WriteError(new ErrorRecord(
                new ItemNotFoundException($"No open session has id {id}. Get-EwcSession lists the open sessions; Connect-Ewc opens one."),
                EwcErrorIds.SessionNotFound, ErrorCategory.ObjectNotFound, id));
        }
        return found;
    }
}
