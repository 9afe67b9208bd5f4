using System;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Parsers;

/// <summary>The image-download profile as the running configuration shows it.</summary>
public sealed class ImageDownloadProfile
{
    public string Name { get; internal set; } = "default";
    /// <summary>TFTP or SFTP; null when the profile has no mode line or another mode (ModeText says which).</summary>
    public ImageServerProtocol? Mode { get; internal set; }
    /// <summary>The mode as configured: tftp, sftp, cco, http …; null when the profile has no mode line.</summary>
    public string? ModeText { get; internal set; }
    public string? Server { get; internal set; }
    public string? ImagePath { get; internal set; }
    public string? Username { get; internal set; }
    public int? Port { get; internal set; }
    /// <summary>Whether a password is configured. The password itself is never kept.</summary>
    public bool HasPassword { get; internal set; }
    public bool Configured => ModeText != null;
    /// <summary>Set by the caller: the controller the profile was read from.</summary>
    public string? Controller { get; set; }
}

/// <summary>
/// `show running-config | section image-download`. Lines are matched by keyword whatever their
/// indentation, and a server/path line counts only for the mode it belongs to (a profile switched
/// from TFTP to SFTP may still carry tftp-* lines).
/// </summary>
public static class ImageDownloadProfileConfig
{
    public static ImageDownloadProfile Parse(string raw)
    {
        var profile = new ImageDownloadProfile();
        string? tftpServer = null, tftpPath = null, sftpServer = null, sftpPath = null;
        var found = false;
        foreach (var line in CliText.Lines(raw))
        {
            var tokens = CliText.Tokens(line);
            if (tokens.Length == 0) continue;
            string? Arg(int i) => tokens.Length > i ? tokens[i] : null;
            switch (tokens[0].ToLowerInvariant())
            {
                case "wireless" when tokens.Length >= 4 && tokens[1] == "profile" && tokens[2] == "image-download":
                    profile.Name = tokens[3];
                    found = true;
                    break;
                case "image-download-mode":
                    profile.ModeText = Arg(1)?.ToLowerInvariant();
                    profile.Mode = ImageServerProtocols.TryParse(profile.ModeText, out var protocol) ? protocol : null;
                    break;
                case "tftp-image-server": tftpServer = Arg(1); break;
                case "tftp-image-path": tftpPath = Arg(1); break;
                case "sftp-image-server": sftpServer = Arg(1); break;
                case "sftp-image-path": sftpPath = Arg(1); break;
                case "sftp-username": profile.Username = Arg(1); break;
                case "sftp-password": profile.HasPassword = tokens.Length > 1; break;
                case "sftp-port":
                    profile.Port = int.TryParse(Arg(1), out var port) ? port : null;
                    break;
            }
        }
        if (!found) return new ImageDownloadProfile();
        (profile.Server, profile.ImagePath) = profile.Mode switch
        {
            ImageServerProtocol.Tftp => (tftpServer, tftpPath),
            ImageServerProtocol.Sftp => (sftpServer, sftpPath),
            _ => (tftpServer ?? sftpServer, tftpPath ?? sftpPath),
        };
        return profile;
    }
}
