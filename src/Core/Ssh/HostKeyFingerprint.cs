using System;
using System.Security.Cryptography;

namespace EwcUpgrade.Ssh;

/// <summary>Host key fingerprints in the forms OpenSSH prints (`ssh-keygen -l`).</summary>
public static class HostKeyFingerprint
{
    /// <summary>SHA256:&lt;base64 without padding&gt; of the key blob.</summary>
    public static string Sha256(byte[] keyBlob)
    {
        using var sha = SHA256.Create();
        return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(keyBlob)).TrimEnd('=');
    }

    /// <summary>MD5:aa:bb:… of the key blob (older tools and device screens show this form).</summary>
    public static string Md5(byte[] keyBlob)
    {
        using var md5 = MD5.Create();
        return "MD5:" + BitConverter.ToString(md5.ComputeHash(keyBlob)).Replace('-', ':').ToLowerInvariant();
    }

    /// <summary>
    /// The key's type as the blob names it (its first SSH string: ssh-rsa, ssh-ed25519, …), which is
    /// what known_hosts records. The algorithm a connection negotiates can differ (rsa-sha2-512 for an
    /// ssh-rsa key). Null when the blob does not start with a readable name.
    /// </summary>
    public static string? KeyType(byte[] keyBlob)
    {
        if (keyBlob.Length < 4) return null;
        var length = (keyBlob[0] << 24) | (keyBlob[1] << 16) | (keyBlob[2] << 8) | keyBlob[3];
        if (length is <= 0 or > 64 || 4 + length > keyBlob.Length) return null;
        for (var i = 4; i < 4 + length; i++)
        {
            if (keyBlob[i] is < 0x21 or > 0x7e) return null;
        }
        return System.Text.Encoding.ASCII.GetString(keyBlob, 4, length);
    }

    /// <summary>
    /// Whether a pinned fingerprint names this key. Accepts `SHA256:…` (padding optional), `MD5:…`
    /// and bare MD5 hex with colons, as users paste them from ssh-keygen or a device screen.
    /// </summary>
    public static bool Matches(string pinned, byte[] keyBlob)
    {
        var p = pinned.Trim();
        if (p.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
        {
            return string.Equals(p.Substring(7).TrimEnd('='), Sha256(keyBlob).Substring(7), StringComparison.Ordinal);
        }
        var md5 = Md5(keyBlob).Substring(4);
        if (p.StartsWith("MD5:", StringComparison.OrdinalIgnoreCase)) p = p.Substring(4);
        return string.Equals(p, md5, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether text looks like a fingerprint this class can compare (for input validation).</summary>
    public static bool IsWellFormed(string text)
    {
        var p = text.Trim();
        if (p.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
        {
            var b64 = p.Substring(7).TrimEnd('=');
            return b64.Length == 43 && TryBase64(b64 + "=");
        }
        if (p.StartsWith("MD5:", StringComparison.OrdinalIgnoreCase)) p = p.Substring(4);
        return p.Length == 47 && System.Text.RegularExpressions.Regex.IsMatch(p, "^([0-9a-fA-F]{2}:){15}[0-9a-fA-F]{2}$");
    }

    private static bool TryBase64(string s)
    {
        try
        {
            return Convert.FromBase64String(s).Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
