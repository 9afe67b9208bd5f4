using System;
using System.IO;
using System.Security.Cryptography;

namespace EwcUpgrade.Module.Tests.Support;

/// <summary>Hashes computed here, independently of the module's own code, to check it.</summary>
internal static class Sha256
{
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
