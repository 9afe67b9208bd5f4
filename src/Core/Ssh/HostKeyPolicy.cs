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
    /// <summary>The key itself, so a session can be checked later against another request's pins.</summary>
    internal byte[] KeyBlob { get; set; } = Array.Empty<byte>();

    public static HostKeyDecision Accept(string fingerprint, string how) => new(true, fingerprint, false, how);
    public static HostKeyDecision Refuse(string fingerprint, bool changed, string why) => new(false, fingerprint, changed, why);
}
