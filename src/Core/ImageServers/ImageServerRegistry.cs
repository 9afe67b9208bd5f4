using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.ImageServers;

/// <summary>
/// The image servers running in this process. Process-wide on purpose: a server owns sockets,
/// which belong to the process, and Get-ImageServer in any runspace should see them.
/// </summary>
public static class ImageServerRegistry
{
    private static readonly object s_gate = new();
    private static readonly List<ImageServer> s_servers = new();
    private static int s_nextId;

    public static ImageServer StartTftp(TftpServerOptions options, string? logPath = null)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        var server = new ImageServer(NextId(), options, logPath);
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e) when (IsMissingIPv6(options, e))
        {
            // The dual-stack default on a host with IPv6 switched off: serve IPv4 rather than fail.
            options.Address = System.Net.IPAddress.Any;
            server = new ImageServer(server.Id, options, logPath);
            server.Start();
        }
        lock (s_gate) s_servers.Add(server);
        return server;
    }

    public static IReadOnlyList<ImageServer> GetAll()
    {
        lock (s_gate) return s_servers.ToArray();
    }

    public static ImageServer? Find(int id)
    {
        lock (s_gate) return s_servers.FirstOrDefault(s => s.Id == id);
    }

    public static void StopAll()
    {
        foreach (var server in GetAll()) server.Stop();
    }

    internal static void Remove(ImageServer server)
    {
        lock (s_gate) s_servers.Remove(server);
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
