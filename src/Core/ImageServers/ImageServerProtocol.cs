namespace EwcUpgrade.ImageServers;

/// <summary>How an image server hands images to controllers and APs.</summary>
public enum ImageServerProtocol
{
    Tftp,
    Sftp,
}

/// <summary>The protocol's words where text enters and leaves (inventory YAML, the device's CLI): parsed once, here.</summary>
public static class ImageServerProtocols
{
    /// <summary>"tftp" or "sftp" in any case; anything else (cco, http) is not an image server protocol.</summary>
    public static bool TryParse(string? text, out ImageServerProtocol protocol)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "tftp": protocol = ImageServerProtocol.Tftp; return true;
            case "sftp": protocol = ImageServerProtocol.Sftp; return true;
            default: protocol = default; return false;
        }
    }

    /// <summary>The keyword the device's CLI uses (image-download-mode tftp, tftp-image-server …).</summary>
    public static string Keyword(this ImageServerProtocol protocol) => protocol == ImageServerProtocol.Sftp ? "sftp" : "tftp";
}

public enum ImageServerState
{
    Running,
    Stopped,
}
