using System.Net.Sockets;
using System.Text;
using EwcUpgrade.Simulator.Cli;
using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// Accepts attach connections on the lab's Unix socket and runs a device session for each, on a
/// thread of its own, against the controller whose SSH port the client used.
/// </summary>
internal sealed class AttachServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly IReadOnlyDictionary<int, SimulatedController> _byPort;
    private readonly TextWriter _log;
    private readonly List<Socket> _open = new();
    private volatile bool _stopping;

    public AttachServer(string socketPath, IReadOnlyDictionary<int, SimulatedController> byPort, TextWriter log)
    {
        _byPort = byPort;
        _log = log;
        if (File.Exists(socketPath)) File.Delete(socketPath);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        // Lab users are other system accounts: they must be able to connect.
        File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);
        _listener.Listen(256);
        new Thread(AcceptLoop) { IsBackground = true, Name = "attach-accept" }.Start();
    }

    public int SessionCount;

    private void AcceptLoop()
    {
        while (!_stopping)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_open) _open.Add(client);
            new Thread(() => Serve(client)) { IsBackground = true, Name = "device-session" }.Start();
        }
    }

    private void Serve(Socket client)
    {
        try
        {
            using var stream = new NetworkStream(client, ownsSocket: false);
            var header = AttachHeader.Parse(ReadHeader(stream));
            if (header == null || !_byPort.TryGetValue(header.Port, out var controller))
            {
                stream.Write(Encoding.ASCII.GetBytes("% No controller here.\r\n"));
                return;
            }
            Interlocked.Increment(ref SessionCount);
            _log.WriteLine($"session: {header.User} on {controller.Hostname} (port {header.Port}, pty {header.Pty})");
            new DeviceSession(controller, stream, header.Pty, header.User).Run();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_open) _open.Remove(client);
            try
            {
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
            client.Dispose();
        }
    }

    private static string ReadHeader(Stream stream)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (sb.Length < 256 && stream.Read(one, 0, 1) == 1 && one[0] != '\n') sb.Append((char)one[0]);
        return sb.ToString();
    }

    public void Dispose()
    {
        _stopping = true;
        _listener.Dispose();
        lock (_open)
        {
            foreach (var s in _open) s.Dispose();
        }
    }
}
