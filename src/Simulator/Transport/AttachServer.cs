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
    private const int HeaderTimeoutMs = 5000;
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _path;
    private readonly IReadOnlyDictionary<int, SimulatedController> _byPort;
    private readonly SessionUsers _users;
    private readonly Func<IReadOnlyList<int>> _sshdPids;
    private readonly TextWriter _log;
    private readonly List<Socket> _open = new();
    private volatile bool _stopping;

    public AttachServer(string path, IReadOnlyDictionary<int, SimulatedController> byPort, SessionUsers users, Func<IReadOnlyList<int>> sshdPids, TextWriter log)
    {
        _path = path;
        _byPort = byPort;
        _users = users;
        _sshdPids = sshdPids;
        _log = log;
        File.Delete(path);
        try
        {
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            // The lab's logins are other system accounts: they must be able to connect.
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
            _listener.Listen(256);
        }
        catch
        {
            // The socket file is ours to remove (StateFolder leaves it to us), started or not.
            _listener.Dispose();
            File.Delete(path);
            throw;
        }
        new Thread(AcceptLoop) { IsBackground = true, Name = "attach-accept" }.Start();
    }

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
            // Anyone may connect to the socket (mode 0666): one who never sends a header must not hold a thread for ever.
            client.ReceiveTimeout = HeaderTimeoutMs;
            var header = AttachHeader.Parse(ReadHeader(stream));
            client.ReceiveTimeout = 0; // a session may sit idle at the prompt as long as its user likes
            if (header == null || !_byPort.TryGetValue(header.Port, out var controller))
            {
                stream.Write(Encoding.ASCII.GetBytes(DeviceText.NoSuchController + "\r\n"));
                return;
            }
            if (Impostor(client, header) is { } refusal)
            {
                _log.WriteLine($"{DateTime.UtcNow:O} refused: {refusal}");
                stream.Write(Encoding.ASCII.GetBytes(DeviceText.AttachRefused + "\r\n"));
                return;
            }
            var user = _users.Resolve(header, controller.Definition);
            if (controller.IsReloading)
            {
                // Reloading after install activate: the device is away. sshd has already answered
                // for it, so the connection is cut as soon as it arrives. [U] a real device refuses TCP.
                _log.WriteLine($"{DateTime.UtcNow:O} reloading: dropping {user}'s connection to {controller.Hostname}");
                SessionDropper.Drop(client, _sshdPids());
                return;
            }
            _log.WriteLine($"{DateTime.UtcNow:O} session: {user} on {controller.Hostname} (port {header.Port}, pty {(header.Pty ? "yes" : "no")})");
            using var registration = controller.AddSession(() =>
            {
                _log.WriteLine($"{DateTime.UtcNow:O} reload: dropping {user}'s connection to {controller.Hostname}");
                SessionDropper.Drop(client, _sshdPids());
            });
            try
            {
                new DeviceSession(controller, new TerminalIo(stream, header.Pty), user).Run();
            }
            catch (ConnectionDropException)
            {
                _log.WriteLine($"{DateTime.UtcNow:O} fault: dropping {user}'s connection to {controller.Hostname}");
                Thread.Sleep(400); // let the half output reach the client before the connection dies
                SessionDropper.Drop(client, _sshdPids());
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            // A fault in one session must not end the lab process (and leave its sshd behind): only this session ends.
            Report($"{DateTime.UtcNow:O} internal error: session closed: {e}");
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

    /// <summary>Why a connection may not act as the login it names, or null when the kernel confirms it.</summary>
    private static string? Impostor(Socket client, AttachHeader header)
    {
        var uid = PeerCredentials.Uid(client);
        if (uid == null) return $"cannot tell which user connected (no SO_PEERCRED) claiming {header.User}";
        var account = PeerCredentials.AccountName(uid.Value);
        return account == header.User ? null : $"a process of uid {uid} ({account ?? "no account"}) claimed to be {header.User}";
    }

    private void Report(string text)
    {
        foreach (var writer in new[] { _log, Console.Error })
        {
            try
            {
                writer.WriteLine(text);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The lab is stopping: nowhere left to report to.
            }
        }
    }

    private static string ReadHeader(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (line.Length < 1024 && stream.Read(one, 0, 1) == 1 && one[0] != '\n') line.Append((char)one[0]);
        return line.ToString();
    }

    public void Dispose()
    {
        _stopping = true;
        _listener.Dispose();
        lock (_open)
        {
            foreach (var s in _open) s.Dispose();
        }
        File.Delete(_path);
    }
}
