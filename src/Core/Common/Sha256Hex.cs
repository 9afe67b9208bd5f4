using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace EwcUpgrade;

/// <summary>SHA-256 as lower-case hex, streamed through a bounded buffer whatever the file size.</summary>
public static class Sha256Hex
{
    public static string OfFile(string path, Action<long, long>? progress = null, CancellationToken ct = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var sha = SHA256.Create();
        var buffer = new byte[1 << 20];
        long done = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            sha.TransformBlock(buffer, 0, read, null, 0);
            done += read;
            progress?.Invoke(done, stream.Length);
        }
        sha.TransformFinalBlock(buffer, 0, 0);
        return ToHex(sha.Hash!);
    }

    public static string ToHex(byte[] bytes)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = digits[bytes[i] >> 4];
            chars[2 * i + 1] = digits[bytes[i] & 15];
        }
        return new string(chars);
    }
}
