using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Bundles;

namespace EwcUpgrade.ImageServers.Probes;

/// <summary>One image to look for: its type, file name and, when a bundle says so, its size.</summary>
public sealed class ImageProbeTarget
{
    public ImageProbeTarget(string imageType, string fileName, long? expectedSize)
    {
        ImageType = imageType;
        FileName = fileName;
        ExpectedSize = expectedSize;
    }

    public string ImageType { get; }
    public string FileName { get; }
    public long? ExpectedSize { get; }

    /// <summary>Every image of a bundle (AP images and the controller image), with its size.</summary>
    public static IReadOnlyList<ImageProbeTarget> Of(ApBundle bundle) =>
        bundle.Images.Select(i => new ImageProbeTarget(i.ImageType, i.FileName, i.Size)).ToList();

    /// <summary>Image types without a bundle: the file is named after the type and its size is not known.</summary>
    public static IReadOnlyList<ImageProbeTarget> Of(IEnumerable<string> imageTypes) =>
        imageTypes.Select(t => new ImageProbeTarget(t, t, null)).ToList();
}

/// <summary>Where to look: the server, its protocol and port, and the image path the controllers are given.</summary>
public sealed class ImageProbeRequest
{
    public ImageProbeRequest(ImageServerProtocol protocol, string server, int? port, string imagePath)
    {
        if (string.IsNullOrWhiteSpace(server)) throw new ArgumentException("A server address is required.", nameof(server));
        Protocol = protocol;
        Server = server.Trim();
        Port = port ?? DefaultPort(protocol);
        ImagePath = imagePath ?? "";
    }

    public ImageServerProtocol Protocol { get; }
    public string Server { get; }
    public int Port { get; }
    /// <summary>As the profile names it: /17.9.4.27 for TFTP, Documents/images for SFTP (relative to the login's home).</summary>
    public string ImagePath { get; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>SFTP: the login the controllers use (sftp-username, sftp-password). Never shown.</summary>
    public System.Net.NetworkCredential? Credential { get; set; }
    /// <summary>SFTP: how the server's host key is checked; a key is never accepted silently.</summary>
    public Ssh.HostKeyPolicy HostKeyPolicy { get; set; } = new();
    public int Retries { get; set; } = 2;

    public static int DefaultPort(ImageServerProtocol protocol) => protocol == ImageServerProtocol.Tftp ? 69 : 22;

    /// <summary>The path a controller requests for an image: the profile's path, a slash, the file name.</summary>
    public string RemotePathOf(ImageProbeTarget target)
    {
        var folder = ImagePath.Replace('\\', '/').TrimEnd('/');
        return folder.Length == 0 ? target.FileName : folder + "/" + target.FileName;
    }
}
