using System.Net.Sockets;
using System.Text;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The forced command sshd runs for every session: relays the session's bytes to the simulator
/// process over its Unix socket. On a pty it switches the terminal to raw mode without echo, so the
/// simulated device echoes and ends lines itself, as a real one does. It starts no child process.
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
        var pty = terminal.IsTerminal;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            using var net = new NetworkStream(socket, ownsSocket: false);
            var header = Encoding.ASCII.GetBytes(new AttachHeader(port, user, pty).Format());
            net.Write(header);
            // Plain file streams on fds 0 and 1: Console's streams re-apply their own terminal
            // settings around every read, which would turn the tty's echo back on.
            using var stdin = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);
            using var stdout = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
            var upstream = new Thread(() =>
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
            }) { IsBackground = true };
            upstream.Start();
            var down = new byte[16384];
            int read;
            while ((read = net.Read(down, 0, down.Length)) > 0)
            {
                stdout.Write(down, 0, read);
                stdout.Flush();
            }
            return 0;
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"attach: the lab simulator is not running ({e.Message}).");
            return 1;
        }
    }
}
