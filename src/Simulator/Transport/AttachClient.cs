using System.Net.Sockets;
using System.Text;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The forced command sshd runs for every session: relays the session's bytes to the simulator
/// process over its Unix socket. On a pty it switches the terminal to raw mode without echo, so the
/// simulated device echoes and ends lines itself, as a real one does.
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
        var pty = !Console.IsInputRedirected;
        if (pty) Processes.Run("sh", new[] { "-c", "stty raw -echo < /dev/tty" });
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            using var net = new NetworkStream(socket, ownsSocket: false);
            var header = Encoding.ASCII.GetBytes(new AttachHeader(port, user, pty).Format());
            net.Write(header);
            using var stdin = Console.OpenStandardInput();
            using var stdout = Console.OpenStandardOutput();
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
        finally
        {
            if (pty) Processes.Run("sh", new[] { "-c", "stty sane < /dev/tty" });
        }
    }
}
