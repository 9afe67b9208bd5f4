using System.Net.Sockets;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// Cuts an SSH connection the way a crashing or reloading device does: no channel close, no
/// disconnect message, the TCP connection just ends. It finds the attach process at the other end
/// of the Unix socket (SO_PEERCRED) and kills the per-connection sshd processes above it, never
/// the lab's listening sshds.
/// </summary>
internal static class SessionDropper
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static void Drop(Socket attach, IReadOnlyList<int> listenerPids)
    {
        var pid = PeerPid(attach);
        if (pid == null || listenerPids.Count == 0) return;
        var doomed = new List<int>();
        // Bounded: a walk that has not met our sshd after this many steps is lost.
        var p = ParentOf(pid.Value);
        for (var step = 0; p is > 1 && step < 64; step++, p = ParentOf(p.Value))
        {
            if (listenerPids.Contains(p.Value)) break;
            if (IsSshd(CommandName(p.Value))) doomed.Add(p.Value);
        }
        // Only processes under one of our own sshds: anything else means the walk went wrong.
        if (p is not { } top || !listenerPids.Contains(top)) return;
        foreach (var d in doomed) Posix.Signal(d, Posix.SigKill);
    }

    // Since OpenSSH 9.8 the per-connection processes run as sshd-session (and sshd-auth).
    private static bool IsSshd(string? name) => name != null && (name == "sshd" || name.StartsWith("sshd-", StringComparison.Ordinal));

    private static int? PeerPid(Socket socket)
    {
        try
        {
            var cred = new byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, cred) == 12 ? BitConverter.ToInt32(cred, 0) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
    private static int? ParentOf(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        if (stat == null) return null;
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var ppid) ? ppid : null;
    }

    private static string? CommandName(int pid) => Read($"/proc/{pid}/comm")?.Trim();

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
