using System.Net.Sockets;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The forced command sshd runs for every session (`attach <socket>`): tells the simulator which
/// controller and user this is, then relays the session's bytes both ways until either side
/// closes. On a pty it switches the terminal to raw mode without echo, so the simulated device
/// echoes and ends lines itself, as a real one does.
/// </summary>
internal static class AttachClient
{
    public static int Run(string socketPath)
    {
        var connection = (Environment.GetEnvironmentVariable("SSH_CONNECTION") ?? "").Split(' ');
        if (connection.Length < 4 || !int.TryParse(connection[3], out var port))
        {
            Console.Error.WriteLine("attach: SSH_CONNECTION is not set; this mode is run by the lab's sshd.");
            return 64;
        }
        var user = Environment.GetEnvironmentVariable("USER") ?? Environment.UserName;
        using var terminal = RawTerminal.Enter();
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            using var net = new NetworkStream(socket, ownsSocket: false);
            net.Write(Encoding.ASCII.GetBytes(new AttachHeader(port, user, terminal.IsTerminal, AuthenticatedKey()).Format()));
            // Plain streams on fds 0 and 1: Console's own streams would re-apply terminal settings.
            using var stdin = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);
            using var stdout = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
            new Thread(() => Upstream(stdin, net, socket)) { IsBackground = true }.Start();
            var buffer = new byte[16384];
            int read;
            while ((read = net.Read(buffer, 0, buffer.Length)) > 0)
            {
                stdout.Write(buffer, 0, read);
                stdout.Flush();
            }
            return 0;
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"attach: the lab simulator does not answer on {socketPath} ({e.Message}).");
            return 1;
        }
        catch (IOException)
        {
            return 0; // the client or the simulator went away mid-write
        }
    }

    private static void Upstream(Stream stdin, Stream net, Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = stdin.Read(buffer, 0, buffer.Length)) > 0) net.Write(buffer, 0, n);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The "publickey TYPE BASE64" line of sshd's ExposeAuthInfo file, as "TYPE BASE64".</summary>
    private static string? AuthenticatedKey()
    {
        var file = Environment.GetEnvironmentVariable("SSH_USER_AUTH");
        if (file == null || !File.Exists(file)) return null;
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("publickey ", StringComparison.Ordinal));
        var parts = line?.Split(' ');
        return parts is { Length: >= 3 } ? parts[1] + " " + parts[2] : null;
    }
}
