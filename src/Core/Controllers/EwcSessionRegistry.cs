using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Controllers;

/// <summary>
/// The process's open controller sessions, shared by all runspaces (ForEach-Object -Parallel
/// included), so a controller connected once is reused by every later command.
/// </summary>
public static class EwcSessionRegistry
{
    private static readonly object s_gate = new();
    private static readonly List<EwcSession> s_sessions = new();

    /// <summary>
    /// A registered session to this host, port and user, or a new one; connected, and checked against
    /// the endpoint's pinned host key. Runspaces asking at once share one session: it is registered
    /// before it connects, and connecting waits on the session's own lock.
    /// </summary>
    public static EwcSession GetOrConnect(EwcEndpoint endpoint)
    {
        EwcSession? session;
        var added = false;
        lock (s_gate)
        {
            session = Find(endpoint.HostName, endpoint.Port, endpoint.UserName);
            if (session == null)
            {
                session = new EwcSession(endpoint);
                s_sessions.Add(session);
                added = true;
            }
        }
        try
        {
            session.ConnectFor(endpoint);
        }
        catch when (added)
        {
            Remove(session);
            throw;
        }
        return session;
    }

    private static EwcSession? Find(string hostName, int port, string userName) =>
        s_sessions.FirstOrDefault(s => string.Equals(s.HostName, hostName, StringComparison.OrdinalIgnoreCase) && s.Port == port && s.UserName == userName);

    public static IReadOnlyList<EwcSession> GetAll()
    {
        lock (s_gate) return s_sessions.ToList();
    }

    public static void Remove(EwcSession session)
    {
        lock (s_gate) s_sessions.Remove(session);
        session.Dispose();
    }
}
