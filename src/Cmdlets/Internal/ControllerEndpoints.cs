using System;
using System.Management.Automation;
using EwcUpgrade.Inventory;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>Builds connection endpoints from inventory entries and from cmdlet parameters.</summary>
internal static class ControllerEndpoints
{
    public static EwcEndpoint From(InventoryController controller)
    {
        if (controller.Credential == null && controller.KeyFile == null)
        {
            throw new ArgumentException(controller.CredentialName == null
                ? $"Controller '{controller.Name}' has no 'credential:' or 'keyFile:' in {controller.Source}."
                : $"Controller '{controller.Name}' needs credential '{controller.CredentialName}', which is not available: {CredentialResolver.Hint(controller.CredentialName)}.");
        }
        return new EwcEndpoint(controller.HostName, controller.Port)
        {
            Credential = controller.Credential ?? new System.Net.NetworkCredential(Environment.UserName, ""),
            KeyFile = controller.KeyFile,
            ControllerName = controller.Name,
            HostKeyPolicy = new HostKeyPolicy
            {
                PinnedFingerprints = controller.HostKey == null ? Array.Empty<string>() : new[] { controller.HostKey },
                KnownHostsPath = controller.KnownHostsPath ?? KnownHostsFile.DefaultPath,
                TrustOnFirstUse = controller.TrustOnFirstUse,
            },
        };
    }

    public static EwcEndpoint From(string hostName, int port, PSCredential? credential, string? keyFile, string[]? fingerprints,
        string? knownHostsFile, bool trustOnFirstUse, PSCredential? enableCredential)
    {
        if (credential == null && keyFile == null) throw new ArgumentException($"Give -Credential or -KeyFile to log in to {hostName}:{port}.");
        return new EwcEndpoint(hostName, port)
        {
            Credential = credential?.GetNetworkCredential() ?? new System.Net.NetworkCredential(Environment.UserName, ""),
            KeyFile = keyFile,
            EnablePassword = enableCredential?.GetNetworkCredential().Password,
            HostKeyPolicy = new HostKeyPolicy
            {
                PinnedFingerprints = fingerprints ?? Array.Empty<string>(),
                KnownHostsPath = knownHostsFile ?? KnownHostsFile.DefaultPath,
                TrustOnFirstUse = trustOnFirstUse,
            },
        };
    }
}
