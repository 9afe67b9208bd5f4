using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using EwcUpgrade.Net;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.ImageServers;

/// <summary>What one download from an image server brought back.</summary>
public sealed class ImageDownloadResult
{
    internal ImageDownloadResult(string server, int port, string file, string? destination, TftpDownloadResult tftp, string sha256)
    {
        Server = server;
        Port = port;
        File = file;
        Destination = destination;
        Bytes = tftp.Bytes;
        AnnouncedSize = tftp.AnnouncedSize;
        Elapsed = tftp.Elapsed;
        BlockSize = tftp.BlockSize;
        WindowSize = tftp.WindowSize;
        Retransmissions = tftp.Retransmissions;
        Sha256 = sha256;
    }

    public string Server { get; }
    public int Port { get; }
    public string File { get; }
    public string? Destination { get; }
    public long Bytes { get; }
    public long? AnnouncedSize { get; }
    public string Sha256 { get; }
    public TimeSpan Elapsed { get; }
    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / Elapsed.TotalSeconds / 1e6 : 0;
    public int BlockSize { get; }
    public int WindowSize { get; }
    public int Retransmissions { get; }
}

/// <summary>Settings of one TFTP download, as a client (an AP or a controller) would make it.</summary>
public sealed class ImageDownloadOptions
{
    public int Port { get; set; } = 69;
    public int BlockSize { get; set; } = 1428;
    public int WindowSize { get; set; } = 1;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);
    public int MaxRetries { get; set; } = 5;
}

/// <summary>
/// Fetches an image from a TFTP server the way a device would, hashing while it receives. With a
/// destination the bytes go to a temporary sibling first and replace the target only when whole,
/// so an interrupted download never leaves a truncated image behind.
/// </summary>
public static class ImageDownloader
{
    /// <summary>
    /// tftp://host:port/name for messages and error targets: one slash before the name whether or
    /// not it starts with one, and an IPv6 address in brackets so its colons stay apart from the port.
    /// </summary>
    public static string Url(string server, int port, string remoteName)
    {
        var host = (server ?? "").Trim();
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            host = "[" + address + "]";
        }
        return $"tftp://{host}:{port}/{(remoteName ?? "").TrimStart('/')}";
    }

    /// <summary>
    /// The name a device requests for a bundle's image: its version folder and file name relative
    /// to the image root (/17.9.4.27/ap1g7), as served by Start-ImageServer on that root.
    /// </summary>
    public static string RemoteName(Bundles.ApBundleImage image)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(image.FullPath) ?? "");
        return folder.Length == 0 ? "/" + image.FileName : "/" + folder + "/" + image.FileName;
    }

    public static ImageDownloadResult Download(
        string server, string remoteName, string? destination, ImageDownloadOptions options,
        Action<long, long?>? progress = null, CancellationToken ct = default)
    {
        var endPoint = new IPEndPoint(HostAddress.Resolve(server), options.Port);
        var client = new TftpClient(endPoint)
        {
            BlockSize = options.BlockSize,
            WindowSize = options.WindowSize,
            Timeout = options.Timeout,
            MaxRetries = options.MaxRetries,
        };
        var temp = destination == null ? null : destination + ".part-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        try
        {
            using var hash = SHA256.Create();
            TftpDownloadResult result;
            using (var sink = temp == null ? Stream.Null : new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hashing = new CryptoStream(sink, hash, CryptoStreamMode.Write))
            {
                result = client.Download(remoteName, hashing, progress, ct);
                hashing.FlushFinalBlock();
            }
            if (temp != null)
            {
                if (File.Exists(destination)) File.Delete(destination);
                File.Move(temp, destination!);
                temp = null;
            }
            return new ImageDownloadResult(server, options.Port, remoteName, destination, result, Sha256Hex.ToHex(hash.Hash!));
        }
        finally
        {
            if (temp != null && File.Exists(temp)) File.Delete(temp);
        }
    }

}
