using System.Net.Sockets;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// Cuts an SSH connection the way a crashing or reloading device does: no channel close, no
/// disconnect message, the TCP connection just ends. It finds the attach process at the other end
/// of the Unix socket (SO_PEERCRED) and kills the per-connection sshd processes above it, never
/// the lab's listening sshd.
/// </summary>
internal static class SessionDropper
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static void Drop(Socket attach, int? listenerPid)
    {
        var pid = PeerPid(attach);
        if (pid == null) return;
        var doomed = new List<int>();
        for (var p = ParentOf(pid.Value); p is > 1 && p != listenerPid; p = ParentOf(p.Value))
        {
            if (CommandName(p.Value) == "sshd") doomed.Add(p.Value);
        }
        // Only processes under our own sshd: anything else means the walk went wrong.
        if (listenerPid == null || !IsUnder(pid.Value, listenerPid.Value)) return;
        foreach (var p in doomed) Posix.Signal(p, Posix.SigKill);
    }

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

    private static bool IsUnder(int pid, int ancestor)
    {
        for (var p = ParentOf(pid); p is > 1; p = ParentOf(p.Value))
        {
            if (p == ancestor) return true;
        }
        return false;
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
