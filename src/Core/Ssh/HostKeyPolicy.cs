using System;
using System.Collections.Generic;
using System.Linq;

namespace EwcUpgrade.Ssh;

/// <summary>
/// How a controller's host key is checked; a key is never silently accepted. Pinned fingerprints
/// win when given; otherwise the key must be in the known-hosts file, or — with trust on first use —
/// is recorded there the first time. A key that differs from the recorded one is always refused.
/// </summary>
public sealed class HostKeyPolicy
{
    public IReadOnlyList<string> PinnedFingerprints { get; set; } = Array.Empty<string>();
    public string KnownHostsPath { get; set; } = KnownHostsFile.DefaultPath;
    public bool TrustOnFirstUse { get; set; }
    /// <summary>
    /// With trust on first use: record only a key with this fingerprint (the one a user confirmed
    /// after -Confirm showed it); any other unknown key is refused. Null records whatever key comes.
    /// </summary>
    public string? FirstUseFingerprint { get; set; }

    /// <summary>
    /// Whether both check a host key the same way: the same pins, known_hosts file and first-use rule
    /// (FirstUseFingerprint only narrows what a first connection records, so it is not compared).
    /// </summary>
    public bool SameAs(HostKeyPolicy other) =>
        TrustOnFirstUse == other.TrustOnFirstUse
        && string.Equals(System.IO.Path.GetFullPath(KnownHostsPath), System.IO.Path.GetFullPath(other.KnownHostsPath), StringComparison.Ordinal)
        && new HashSet<string>(PinnedFingerprints.Select(Normalize)).SetEquals(other.PinnedFingerprints.Select(Normalize));

    // SHA256 pins compare exactly (base64 is case-sensitive) minus padding; MD5 pins ignore case and the prefix.
    private static string Normalize(string pin)
    {
        var p = pin.Trim();
        if (p.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) return "SHA256:" + p.Substring(7).TrimEnd('=');
        if (p.StartsWith("MD5:", StringComparison.OrdinalIgnoreCase)) p = p.Substring(4);
        return "MD5:" + p.ToLowerInvariant();
    }

    public HostKeyDecision Decide(string host, int port, string keyType, byte[] keyBlob)
    {
        var fingerprint = HostKeyFingerprint.Sha256(keyBlob);
        if (PinnedFingerprints.Count > 0)
        {
            return PinnedFingerprints.Any(p => HostKeyFingerprint.Matches(p, keyBlob))
                ? HostKeyDecision.Accept(fingerprint, "pinned")
                : HostKeyDecision.Refuse(fingerprint, changed: true,
                    $"the host key of {host}:{port} ({keyType} {fingerprint}) does not match the pinned fingerprint {string.Join(", ", PinnedFingerprints)}. " +
                    "If the controller was replaced or re-keyed on purpose, pin its new fingerprint (Get-EwcHostKey shows it).");
        }
        var file = new KnownHostsFile(KnownHostsPath);
        switch (file.Check(host, port, keyBlob))
        {
            case KnownHostVerdict.Known:
                return HostKeyDecision.Accept(fingerprint, "known");
            case KnownHostVerdict.Revoked:
                return HostKeyDecision.Refuse(fingerprint, changed: true, $"the host key of {host}:{port} ({fingerprint}) is marked @revoked in {KnownHostsPath}.");
            case KnownHostVerdict.Changed:
                return HostKeyDecision.Refuse(fingerprint, changed: true,
                    $"the host key of {host}:{port} has CHANGED: it is now {keyType} {fingerprint}, which {KnownHostsPath} does not hold for this host. " +
                    "This can mean someone is intercepting the connection. If the controller was re-keyed on purpose, remove its old line from that file.");
            default:
                if (!TrustOnFirstUse)
                {
                    return HostKeyDecision.Refuse(fingerprint, changed: false,
                        $"the host key of {host}:{port} ({keyType} {fingerprint}) is not known in {KnownHostsPath}. " +
                        "Check it against the controller, then pin it (-HostKeyFingerprint, or hostKey in the inventory) or connect once with -TrustOnFirstUse.");
                }
                if (FirstUseFingerprint != null && !HostKeyFingerprint.Matches(FirstUseFingerprint, keyBlob))
                {
                    return HostKeyDecision.Refuse(fingerprint, changed: true,
                        $"the host key of {host}:{port} ({keyType} {fingerprint}) is not the key {FirstUseFingerprint} that was confirmed for recording in {KnownHostsPath}.");
                }
                file.Add(host, port, keyType, keyBlob);
                return HostKeyDecision.Accept(fingerprint, "recorded on first use");
        }
    }
}

public sealed class HostKeyDecision
{
    private HostKeyDecision(bool accepted, string fingerprint, bool changed, string reason)
    {
        Accepted = accepted;
        Fingerprint = fingerprint;
        Changed = changed;
        Reason = reason;
    }

    public bool Accepted { get; }
    public string Fingerprint { get; }
    public bool Changed { get; }
    public string Reason { get; }

    public static HostKeyDecision Accept(string fingerprint, string how) => new(true, fingerprint, false, how);
    public static HostKeyDecision Refuse(string fingerprint, bool changed, string why) => new(false, fingerprint, changed, why);
}
