using System;
using System.Collections.Generic;
using System.Net;

namespace EwcUpgrade.Ssh;

/// <summary>Where and how to reach one controller. Holds secrets in memory only; ToString shows none.</summary>
public sealed class EwcEndpoint
{
    public EwcEndpoint(string hostName, int port = 22)
    {
        if (string.IsNullOrWhiteSpace(hostName)) throw new ArgumentException("A host name or address is required.", nameof(hostName));
        if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "The SSH port must be between 1 and 65535.");
        HostName = hostName.Trim();
        Port = port;
    }

    public string HostName { get; }
    public int Port { get; }
    /// <summary>User name and, for password logins, the password.</summary>
    public NetworkCredential? Credential { get; set; }
    /// <summary>An OpenSSH or PEM private key file, for key logins.</summary>
    public string? KeyFile { get; set; }
    /// <summary>The enable secret, for accounts that land in user EXEC mode (NAME&gt;).</summary>
    public string? EnablePassword { get; set; }
    public HostKeyPolicy HostKeyPolicy { get; set; } = new();
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>The inventory's name for the controller, when it came from one.</summary>
    public string? ControllerName { get; set; }

    public string UserName => Credential?.UserName ?? "";

    /// <summary>
    /// An endpoint that logs in with a password or a key file (a key login without a credential
    /// uses the local user name, as ssh does), with the host key checked as given.
    /// </summary>
    public static EwcEndpoint For(string hostName, int port, NetworkCredential? credential, string? keyFile,
        IReadOnlyList<string>? pinnedFingerprints, string? knownHostsPath, bool trustOnFirstUse)
    {
        if (credential == null && keyFile == null) throw new ArgumentException($"Give a credential or a key file to log in to {hostName}:{port}.");
        return new EwcEndpoint(hostName, port)
        {
            Credential = credential ?? new NetworkCredential(Environment.UserName, ""),
            KeyFile = keyFile,
            HostKeyPolicy = new HostKeyPolicy
            {
                PinnedFingerprints = pinnedFingerprints ?? Array.Empty<string>(),
                KnownHostsPath = knownHostsPath ?? KnownHostsFile.DefaultPath,
                TrustOnFirstUse = trustOnFirstUse,
            },
        };
    }

    /// <summary>
    /// Whether a session opened for <paramref name="other"/> may serve this request: the same host,
    /// port and login (user, password, key file, enable secret) and the same host-key policy. Anything
    /// less would hand an open session to a caller whose password or host-key check never ran.
    /// </summary>
    public bool CanShareSessionWith(EwcEndpoint other) =>
        string.Equals(HostName, other.HostName, StringComparison.OrdinalIgnoreCase)
        && Port == other.Port
        && UserName == other.UserName
        && string.Equals(FullPath(KeyFile), FullPath(other.KeyFile), StringComparison.Ordinal)
        && SecretDigest.FixedTimeEquals(SecretDigest.Of(Credential?.Password, EnablePassword), SecretDigest.Of(other.Credential?.Password, other.EnablePassword))
        && HostKeyPolicy.SameAs(other.HostKeyPolicy);

    private static string? FullPath(string? path) => path == null ? null : System.IO.Path.GetFullPath(path);

    public override string ToString() => $"{UserName}@{HostName}:{Port}";
}
