using System.Security.Cryptography;
using System.Text;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// The `wireless profile image-download default` settings. Values of the mode not in use are kept
/// (switching back shows them again) but only the active mode's lines are part of the config.
/// </summary>
public sealed class DownloadProfile
{
    public string? Mode { get; set; }
    public string? TftpServer { get; set; }
    public string? TftpPath { get; set; }
    public string? SftpServer { get; set; }
    public string? SftpPath { get; set; }
    public string? SftpUsername { get; set; }
    /// <summary>The type 8 form the running config shows.</summary>
    public string? SftpPasswordSecret { get; set; }
    /// <summary>
    /// The clear text given with `sftp-password 0` (or in the lab file), which the install engine
    /// logs in with. Held in memory only: never shown, logged or written. A type 8 secret cannot
    /// give it back, so after `sftp-password 8 ...` it is null. [U] the device keeps a reversible form.
    /// </summary>
    public string? SftpPasswordClear { get; set; }
    public int? SftpPort { get; set; }

    public static DownloadProfile From(ProfileDefinition? p)
    {
        var profile = new DownloadProfile();
        if (p == null) return profile;
        profile.Mode = p.Mode;
        if (p.Mode == "sftp")
        {
            (profile.SftpServer, profile.SftpPath, profile.SftpUsername, profile.SftpPort) = (p.Server, p.Path, p.Username, p.Port);
            if (p.Password != null) (profile.SftpPasswordSecret, profile.SftpPasswordClear) = (TypeEightSecret(p.Password), p.Password);
        }
        else
        {
            (profile.TftpServer, profile.TftpPath) = (p.Server, p.Path);
        }
        return profile;
    }

    /// <summary>
    /// What IOS XE shows for `sftp-password 0 ...`: a type 8 (PBKDF2-SHA256, salted) secret in
    /// Cisco's base64 alphabet. A fresh salt each time, as on the device.
    /// </summary>
    public static string TypeEightSecret(string clear)
    {
        var salt = RandomNumberGenerator.GetBytes(10);
        var saltText = CiscoBase64(salt)[..14];
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(clear), Encoding.ASCII.GetBytes(saltText), 20000, HashAlgorithmName.SHA256, 32);
        return $"$8${saltText}${CiscoBase64(hash)[..43]}";
    }

    private static string CiscoBase64(byte[] data)
    {
        const string alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var text = new StringBuilder();
        int bits = 0, value = 0;
        foreach (var b in data)
        {
            value = (value << 8) | b;
            bits += 8;
            while (bits >= 6)
            {
                bits -= 6;
                text.Append(alphabet[(value >> bits) & 63]);
            }
        }
        if (bits > 0) text.Append(alphabet[(value << (6 - bits)) & 63]);
        return text.ToString();
    }
}
