using System.Globalization;

namespace EwcUpgrade.ImageServers.Probes;

/// <summary>What a pre-flight check found for one image at the path the controllers will ask for.</summary>
public enum ImageProbeVerdict
{
    OK,
    NotFound,
    SizeMismatch,
    TimedOut,
    AuthFailed,
    Refused,
}

/// <summary>One image, probed on one server: the verdict, the sizes, and for anything but OK the fix.</summary>
public sealed class ImageProbeResult
{
    internal ImageProbeResult(ImageProbeRequest request, ImageProbeTarget target, ImageProbeVerdict verdict, long? foundSize, string? detail)
    {
        Server = request.Server;
        Port = request.Port;
        Protocol = request.Protocol;
        ImageType = target.ImageType;
        RemotePath = request.RemotePathOf(target);
        ExpectedSize = target.ExpectedSize;
        FoundSize = foundSize;
        Verdict = verdict;
        Detail = detail;
        Fix = ImageProbeFixes.For(this);
    }

    public string Server { get; }
    /// <summary>The inventory controller whose image server this is, when probed for one.</summary>
    public string? Controller { get; set; }
    public int Port { get; }
    public ImageServerProtocol Protocol { get; }
    /// <summary>ap1g7, …, or "controller".</summary>
    public string ImageType { get; }
    /// <summary>The path requested from the server, as the controller will request it.</summary>
    public string RemotePath { get; }
    /// <summary>The bundle's size of the image; null when only image types were given.</summary>
    public long? ExpectedSize { get; }
    /// <summary>The size the server announced (TFTP tsize, SFTP stat); null when it said none.</summary>
    public long? FoundSize { get; }
    public ImageProbeVerdict Verdict { get; }
    public bool IsOk => Verdict == ImageProbeVerdict.OK;
    /// <summary>What the server or the network said, in its own words.</summary>
    public string? Detail { get; }
    /// <summary>For anything but OK: what to change, in one sentence.</summary>
    public string? Fix { get; }
    public string Url => Protocol.ToString().ToLowerInvariant() + "://" + Net.HostAddress.FormatHost(Server) +
        (Port == ImageProbeRequest.DefaultPort(Protocol) ? "" : ":" + Port.ToString(CultureInfo.InvariantCulture)) +
        (RemotePath.StartsWith("/") ? "" : "/") + RemotePath;

    public override string ToString() => $"{Url}: {Verdict}";
}
