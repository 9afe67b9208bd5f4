using System.Collections.Generic;
using System.Management.Automation;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets.Internal;

internal static class ServerLookup
{
    /// <summary>The servers with these ids; an id that matches none is a non-terminating error.</summary>
    public static List<ImageServer> ById(Cmdlet cmdlet, IEnumerable<int> ids, bool includeStopped = false)
    {
        var servers = new List<ImageServer>();
        foreach (var id in ids)
        {
            var server = ImageServerRegistry.Find(id, includeStopped);
            if (server != null) servers.Add(server);
            else cmdlet.WriteError(Errors.Record($"No {(includeStopped ? "running or recently stopped" : "running")} image server has id {id}.", EwcErrorIds.ImageServerNotFound, ErrorCategory.ObjectNotFound, id));
        }
        return servers;
    }
}
