using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace EwcUpgrade.Ssh;

public enum KnownHostVerdict
{
    /// <summary>The file holds this very key for the host.</summary>
    Known,
    /// <summary>The file names the host, but with other keys only: the key changed.</summary>
    Changed,
    /// <summary>The file does not name the host.</summary>
    Unknown,
    /// <summary>The key is marked @revoked.</summary>
    Revoked,
}

/// <summary>
/// An OpenSSH known_hosts file: `host[,host…] keytype base64 [comment]`, `[host]:port` for ports other
/// than 22, hashed names (`|1|salt|hash`), and the @revoked marker (@cert-authority lines are
/// skipped: controllers present plain keys). Shared with ssh itself, so users can pin with either tool.
/// </summary>
public sealed class KnownHostsFile
{
    private static readonly object s_writeGate = new();

    public KnownHostsFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The name under which OpenSSH records a host and port.</summary>
    public static string HostPattern(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    public KnownHostVerdict Check(string host, int port, byte[] keyBlob)
    {
        if (!File.Exists(Path)) return KnownHostVerdict.Unknown;
        var pattern = HostPattern(host, port);
        var key = Convert.ToBase64String(keyBlob);
        var named = false;
        foreach (var raw in File.ReadAllLines(Path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            var marker = fields[0].StartsWith("@", StringComparison.Ordinal) ? fields[0] : null;
            if (marker != null) fields = fields.Skip(1).ToArray();
            if (fields.Length < 3 || marker == "@cert-authority") continue;
            if (!NamesHost(fields[0], pattern)) continue;
            var sameKey = fields[2] == key;
            if (marker == "@revoked")
            {
                if (sameKey) return KnownHostVerdict.Revoked;
                continue;
            }
            if (sameKey) return KnownHostVerdict.Known; // the blob names its own type; the negotiated algorithm may differ
            named = true;
        }
        return named ? KnownHostVerdict.Changed : KnownHostVerdict.Unknown;
    }

    /// <summary>Appends the host's key (trust on first use), creating the file and its folder.</summary>
    public void Add(string host, int port, string keyType, byte[] keyBlob)
    {
        var line = $"{HostPattern(host, port)} {HostKeyFingerprint.KeyType(keyBlob) ?? keyType} {Convert.ToBase64String(keyBlob)}\n";
        lock (s_writeGate)
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            var needsNewLine = File.Exists(Path) && new FileInfo(Path).Length > 0 && !File.ReadAllText(Path).EndsWith("\n", StringComparison.Ordinal);
            File.AppendAllText(Path, (needsNewLine ? "\n" : "") + line);
        }
    }

    private static bool NamesHost(string hosts, string pattern)
    {
        if (hosts.StartsWith("|1|", StringComparison.Ordinal)) return HashedMatches(hosts, pattern);
        var names = hosts.Split(',');
        if (names.Any(h => h.StartsWith("!", StringComparison.Ordinal) && Wildcard(h.Substring(1), pattern))) return false;
        return names.Any(h => !h.StartsWith("!", StringComparison.Ordinal) && Wildcard(h, pattern));
    }

    // OpenSSH patterns: * and ? wildcards, matched against the whole name, ignoring case.
    private static bool Wildcard(string hostPattern, string name) =>
        hostPattern.IndexOfAny(new[] { '*', '?' }) < 0
            ? string.Equals(hostPattern, name, StringComparison.OrdinalIgnoreCase)
            : System.Text.RegularExpressions.Regex.IsMatch(name,
                "^" + System.Text.RegularExpressions.Regex.Escape(hostPattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    // |1|base64(salt)|base64(HMAC-SHA1(salt, host)) — written by `ssh-keygen -H` / HashKnownHosts.
    private static bool HashedMatches(string hashed, string pattern)
    {
        var parts = hashed.Split('|');
        if (parts.Length != 4) return false;
        try
        {
            using var hmac = new HMACSHA1(Convert.FromBase64String(parts[2]));
            return Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(pattern.ToLowerInvariant()))) == parts[3];
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The default file: ~/.ssh/known_hosts, the one ssh uses.</summary>
    public static string DefaultPath =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
}
