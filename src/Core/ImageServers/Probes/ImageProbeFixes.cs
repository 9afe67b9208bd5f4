using System.Globalization;

namespace EwcUpgrade.ImageServers.Probes;

/// <summary>The one-sentence fix for each verdict, from the seed's advice on failed image downloads.</summary>
internal static class ImageProbeFixes
{
    public static string? For(ImageProbeResult r)
    {
        var port = r.Protocol == ImageServerProtocol.Tftp
            ? $"UDP {r.Port.ToString(CultureInfo.InvariantCulture)} (and the server's data ports)"
            : $"TCP {r.Port.ToString(CultureInfo.InvariantCulture)}";
        var service = r.Protocol == ImageServerProtocol.Tftp ? "TFTP server" : "SSH server with SFTP";
        return r.Verdict switch
        {
            ImageProbeVerdict.OK => null,
            ImageProbeVerdict.NotFound =>
                $"Put the bundle's {r.ImageType} image at {r.RemotePath} on the server, or give the controllers the image folder as a path relative to the server's root (for an imported bundle, /<AP version>).",
            ImageProbeVerdict.SizeMismatch =>
                $"The server's copy is {Sizes(r.FoundSize)} where the bundle's is {Sizes(r.ExpectedSize)}: copy the bundle's files to the server again (a partial copy, or another release's).",
            ImageProbeVerdict.TimedOut =>
                $"Nothing answered on {port}: check that the {service} runs at {r.Server} and that {port} is open between the APs, the EWC and the server.",
            ImageProbeVerdict.Refused => r.Detail != null && r.Detail.StartsWith(ImageProbe.AccessDeniedPrefix, System.StringComparison.Ordinal)
                ? $"The server refuses to read {r.RemotePath}: make the file readable by the server and keep the path inside its root."
                : $"Nothing listens on {port} at {r.Server}: start the {service} there, or correct the address or port the controllers are given.",
            ImageProbeVerdict.AuthFailed =>
                "The server refused the login: check sftp-username and sftp-password in the controller's profile, and that the account may log in over SFTP.",
            _ => null,
        };
    }

    private static string Sizes(long? bytes) => bytes == null ? "unknown" : bytes.Value.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
