using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
    /// A registered session opened with the same login and host-key policy as this endpoint, or a new
    /// one; connected. A wrong password or another known_hosts file therefore never rides on a session
    /// opened by someone else: it opens its own, and its own check runs. Runspaces asking at once share
    /// one session: it is registered before it connects, and connecting waits on the session's own lock.
    /// </summary>
    public static EwcSession GetOrConnect(EwcEndpoint endpoint) => GetOrConnect(endpoint, out _);

    /// <param name="reused">Whether an already registered session was returned (said in verbose output).</param>
    public static EwcSession GetOrConnect(EwcEndpoint endpoint, out bool reused) => GetOrConnect(endpoint, CancellationToken.None, out reused);

    /// <param name="cancel">A stop ends the wait for another caller's connect and the login's reads.</param>
    public static EwcSession GetOrConnect(EwcEndpoint endpoint, CancellationToken cancel, out bool reused)
    {
        EwcSession? session;
        var added = false;
        lock (s_gate)
        {
            session = s_sessions.FirstOrDefault(s => s.Endpoint.CanShareSessionWith(endpoint));
            if (session == null)
            {
                session = new EwcSession(endpoint);
                s_sessions.Add(session);
                added = true;
            }
        }
        try
        {
            session.EnsureConnected(cancel);
        }
        catch when (added)
        {
            Remove(session);
            throw;
        }
        reused = !added;
        return session;
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
