using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.ImageServers;

/// <summary>
/// The image servers running in this process, and the last few stopped ones with their transfer
/// history (bounded: StoppedCapacity servers of at most a thousand transfers each), so the question
/// "which AP failed?" can still be answered after Stop-ImageServer or Ctrl+C. Process-wide on
/// purpose: a server owns sockets, which belong to the process, and any runspace should see them.
/// </summary>
public static class ImageServerRegistry
{
    public const int StoppedCapacity = 16;

    private static readonly object s_gate = new();
    private static readonly List<ImageServer> s_servers = new();
    private static readonly Queue<ImageServer> s_stopped = new();
    private static int s_nextId;

    public static ImageServer StartTftp(TftpServerOptions options, string? logPath = null)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        var server = new ImageServer(NextId(), options.Root, new TftpBackend(options), logPath);
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e) when (IsMissingIPv6(options, e))
        {
            // The dual-stack default on a host with IPv6 switched off: serve IPv4 rather than fail.
            options.Address = System.Net.IPAddress.Any;
            server = new ImageServer(server.Id, options.Root, new TftpBackend(options), logPath);
            server.Start();
        }
        lock (s_gate) s_servers.Add(server);
        return server;
    }

    /// <summary>Starts OpenSSH's sshd as an SFTP-only server on the image root (root only; see SftpServer).</summary>
    public static ImageServer StartSftp(Sftp.SftpServerOptions options, string? logPath = null)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        var server = new ImageServer(NextId(), options.Root, new SftpBackend(options), logPath);
        server.Start();
        lock (s_gate) s_servers.Add(server);
        return server;
    }

    public static IReadOnlyList<ImageServer> GetAll()
    {
        lock (s_gate) return s_servers.ToArray();
    }

    /// <summary>The stopped servers still kept, oldest first.</summary>
    public static IReadOnlyList<ImageServer> GetStopped()
    {
        lock (s_gate) return s_stopped.ToArray();
    }

    public static ImageServer? Find(int id, bool includeStopped = false)
    {
        lock (s_gate) return s_servers.FirstOrDefault(s => s.Id == id) ?? (includeStopped ? s_stopped.FirstOrDefault(s => s.Id == id) : null);
    }

    /// <summary>Forgets the stopped servers and their transfer history.</summary>
    public static void ClearStopped()
    {
        lock (s_gate) s_stopped.Clear();
    }

    public static void StopAll()
    {
        foreach (var server in GetAll()) server.Stop();
    }

    internal static void Remove(ImageServer server)
    {
        lock (s_gate)
        {
            if (!s_servers.Remove(server)) return;
            if (s_stopped.Count == StoppedCapacity) s_stopped.Dequeue();
            s_stopped.Enqueue(server);
        }
    }

    private static bool IsMissingIPv6(TftpServerOptions options, System.Net.Sockets.SocketException e) =>
        options.Address.Equals(System.Net.IPAddress.IPv6Any) &&
        e.SocketErrorCode is System.Net.Sockets.SocketError.AddressFamilyNotSupported
            or System.Net.Sockets.SocketError.AddressNotAvailable
            or System.Net.Sockets.SocketError.ProtocolNotSupported;

    private static int NextId()
    {
        lock (s_gate) return ++s_nextId;
    }
}
