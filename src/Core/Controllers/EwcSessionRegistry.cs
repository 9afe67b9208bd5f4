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

    /// <summary>Opens a new session and registers it.</summary>
    public static EwcSession Connect(EwcEndpoint endpoint)
    {
        var session = new EwcSession(endpoint);
        session.Connect();
        lock (s_gate) s_sessions.Add(session);
        return session;
    }

    /// <summary>A registered session to this host, port and user, or a new one.</summary>
    public static EwcSession GetOrConnect(EwcEndpoint endpoint) =>
        Find(endpoint.HostName, endpoint.Port, endpoint.UserName) ?? Connect(endpoint);

    private static EwcSession? Find(string hostName, int port, string userName)
    {
        lock (s_gate)
        {
            return s_sessions.FirstOrDefault(s =>
                string.Equals(s.HostName, hostName, StringComparison.OrdinalIgnoreCase) && s.Port == port && s.UserName == userName);
        }
    }

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
