using System.Net.Sockets;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// Who is at the other end of a Unix socket, from the kernel (SO_PEERCRED), not from what the
/// client says: the attach socket is open to every local user, so a claimed login name proves nothing.
/// </summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;  // Linux <asm-generic/socket.h>
    private const int SoPeerCred = 17;

    /// <summary>The peer's uid, or null where the kernel does not say (not Linux).</summary>
    public static uint? Uid(Socket socket)
    {
        var ucred = new byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        try
        {
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) == 12 ? BitConverter.ToUInt32(ucred, 4) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>The account name of a uid, from the system's user database (getent, so NSS sources count too).</summary>
    public static string? AccountName(uint uid)
    {
        var (code, output) = Processes.Run("getent", ["passwd", uid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return code == 0 && output.Split(':') is { Length: > 2 } fields ? fields[0] : null;
    }
}
