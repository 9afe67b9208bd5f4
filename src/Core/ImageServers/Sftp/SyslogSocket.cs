using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace EwcUpgrade.ImageServers.Sftp;

/// <summary>
/// A syslog socket (/dev/log) inside the chroot. sftp-server logs through syslog, and inside a
/// chroot there is no /dev/log, so its transfer lines would be lost; this datagram socket receives
/// them instead, as rsyslog's AddUnixListenSocket does for hand-made setups.
/// </summary>
internal sealed class SyslogSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _reader;
    private readonly Action<string> _line;
    private readonly string _path;
    private readonly bool _createdFolder;
    private int _disposed;

    private SyslogSocket(Socket socket, string path, bool createdFolder, Action<string> line)
    {
        _socket = socket;
        _path = path;
        _createdFolder = createdFolder;
        _line = line;
        _reader = new Thread(Read) { IsBackground = true, Name = "ewcupgrade-sftp-log" };
        _reader.Start();
    }

    /// <summary>Listens at ROOT/dev/log; null (with the reason) when that path is taken by something else.</summary>
    public static SyslogSocket? Open(string root, Action<string> line, out string? problem)
    {
        problem = null;
        var dev = Path.Combine(root, "dev");
        var path = Path.Combine(dev, "log");
        var createdFolder = !Directory.Exists(dev);
        if (!createdFolder && File.Exists(path))
        {
            problem = $"{path} already exists: the SFTP transfer log is not read (remove it if no other server uses it).";
            return null;
        }
        Directory.CreateDirectory(dev);
        Common.Processes.Run("chmod", new[] { "755", dev }, TimeSpan.FromSeconds(5));
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Bind(UnixEndPoint(path));
            Common.Processes.Run("chmod", new[] { "666", path }, TimeSpan.FromSeconds(5)); // the login's own uid writes to it
        }
        catch (Exception e) when (e is SocketException or NotSupportedException or InvalidOperationException)
        {
            socket.Dispose();
            if (createdFolder) TryDeleteFolder(dev);
            problem = $"Cannot listen at {path} for the SFTP transfer log: {e.Message}";
            return null;
        }
        return new SyslogSocket(socket, path, createdFolder, line);
    }

    private void Read()
    {
        var buffer = new byte[8192];
        while (Volatile.Read(ref _disposed) == 0)
        {
            int n;
            try { n = _socket.Receive(buffer); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
            try { _line(Encoding.UTF8.GetString(buffer, 0, n)); }
            catch (Exception) { } // a subscriber's bug must not end the log
        }
    }

    // netstandard2.0 has no UnixDomainSocketEndPoint; every runtime that runs sshd (PowerShell 7 on Linux or macOS) does.
    private static EndPoint UnixEndPoint(string path)
    {
        var type = Type.GetType("System.Net.Sockets.UnixDomainSocketEndPoint, System.Net.Sockets", throwOnError: false)
            ?? throw new NotSupportedException("this runtime has no Unix domain sockets");
        return (EndPoint)Activator.CreateInstance(type, path)!;
    }

    private static void TryDeleteFolder(string folder)
    {
        try { Directory.Delete(folder); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _socket.Dispose();
        try { File.Delete(_path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        if (_createdFolder) TryDeleteFolder(Path.GetDirectoryName(_path)!);
        _reader.Join(2000);
    }
}
