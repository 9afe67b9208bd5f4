using System.Security.Cryptography;
using System.Text;

namespace EwcUpgrade.Ssh;

/// <summary>
/// A SHA-256 digest of an endpoint's secrets, so two requests' logins can be compared without
/// keeping a second copy of a password in clear. The encoded bytes are wiped once hashed.
/// </summary>
internal static class SecretDigest
{
    public static byte[] Of(params string?[] secrets)
    {
        using var sha = SHA256.Create();
        foreach (var secret in secrets)
        {
            // Length-prefixed, so ("ab", "") and ("a", "b") differ; null and "" are the same: no secret.
            var bytes = Encoding.UTF8.GetBytes(secret ?? "");
            var length = System.BitConverter.GetBytes(bytes.Length);
            sha.TransformBlock(length, 0, length.Length, null, 0);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
            System.Array.Clear(bytes, 0, bytes.Length);
        }
        sha.TransformFinalBlock(new byte[0], 0, 0);
        return sha.Hash;
    }

    /// <summary>Compares in time independent of where the digests differ.</summary>
    public static bool FixedTimeEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) return false;
        var diff = 0;
        for (var i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
        return diff == 0;
    }
}
