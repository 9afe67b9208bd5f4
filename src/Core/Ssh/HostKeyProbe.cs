using System;
using Renci.SshNet;

namespace EwcUpgrade.Ssh;

/// <summary>A controller's host key as it presents it.</summary>
public sealed class HostKeyInfo
{
    public string HostName { get; internal set; } = "";
    public int Port { get; internal set; }
    public string Algorithm { get; internal set; } = "";
    /// <summary>SHA256:… as ssh-keygen -l prints it; what the inventory's hostKey pins.</summary>
    public string Fingerprint { get; internal set; } = "";
    public string Md5Fingerprint { get; internal set; } = "";
    /// <summary>The line OpenSSH's known_hosts would hold for this key.</summary>
    public string KnownHostsLine { get; internal set; } = "";
    /// <summary>The key itself, to check against a known_hosts file.</summary>
    internal byte[] KeyBlob { get; set; } = Array.Empty<byte>();
}

/// <summary>
/// Reads a server's host key without logging in: the key arrives during the key exchange, before
/// any credential is sent, and the connection is then abandoned.
/// </summary>
public static class HostKeyProbe
{
    public static HostKeyInfo Read(string hostName, int port, TimeSpan timeout)
    {
        var info = new ConnectionInfo(hostName, port, "ewcupgrade-hostkey-probe", new NoneAuthenticationMethod("ewcupgrade-hostkey-probe")) { Timeout = timeout };
        HostKeyInfo? result = null;
        using var client = new SshClient(info);
        client.HostKeyReceived += (_, e) =>
        {
            result = new HostKeyInfo
            {
                HostName = hostName,
                Port = port,
                Algorithm = e.HostKeyName,
                Fingerprint = HostKeyFingerprint.Sha256(e.HostKey),
                Md5Fingerprint = HostKeyFingerprint.Md5(e.HostKey),
                KeyBlob = e.HostKey,
                KnownHostsLine = $"{KnownHostsFile.HostPattern(hostName, port)} {HostKeyFingerprint.KeyType(e.HostKey) ?? e.HostKeyName} {Convert.ToBase64String(e.HostKey)}",
            };
            e.CanTrust = false; // stop here: nothing of ours is sent
        };
        try
        {
            client.Connect();
        }
        catch (Exception e) when (result == null)
        {
            throw new Cli.EwcConnectionException($"Cannot read the host key of {hostName}:{port}: {e.Message}", e);
        }
        catch (Exception) when (result != null)
        {
            // The refusal above ends the handshake; the key is what we came for.
        }
        return result ?? throw new Cli.EwcConnectionException($"{hostName}:{port} presented no host key.");
    }
}
