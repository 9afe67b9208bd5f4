using System;
using System.Collections.Generic;

namespace EwcUpgrade.Inventory;

/// <summary>
/// Rebuilds an inventory controller from its serialised properties (what Start-Job, Invoke-Command
/// and Export-Clixml leave of it: the values, not the credential). The credential is resolved again
/// by the name the inventory gave it, in the process that now uses the controller; when it resolves
/// nowhere, using the controller is that controller's CredentialMissing error.
/// </summary>
public static class InventoryRehydration
{
    public const string ControllerTypeName = "Deserialized.EwcUpgrade.Inventory.InventoryController";

    /// <param name="get">A property's value by name, or null; a nested image server is itself such a lookup.</param>
    public static InventoryController Controller(Func<string, object?> get, CredentialResolver resolver)
    {
        var name = Text(get, "Name") ?? throw new ArgumentException("A serialised inventory controller without a Name cannot be used.");
        var hostKey = Text(get, "HostKey");
        if (hostKey != null && !Ssh.HostKeyFingerprint.IsWellFormed(hostKey))
        {
            throw new ArgumentException($"The serialised controller '{name}' has a malformed HostKey '{hostKey}'.");
        }
        var credentialName = Text(get, "CredentialName");
        var controller = new InventoryController
        {
            Name = name,
            HostName = Text(get, "HostName") ?? throw new ArgumentException($"The serialised controller '{name}' has no HostName."),
            Port = Number(get, "Port") ?? 22,
            Site = Text(get, "Site"),
            CredentialName = credentialName,
            HostKey = hostKey,
            TargetRelease = Text(get, "TargetRelease"),
            KeyFile = Text(get, "KeyFile"),
            KnownHostsPath = Text(get, "KnownHostsPath"),
            TrustOnFirstUse = get("TrustOnFirstUse") is true || string.Equals(get("TrustOnFirstUse")?.ToString(), "True", StringComparison.OrdinalIgnoreCase),
            Source = Text(get, "Source") ?? "",
            Credential = credentialName == null ? null : resolver.Resolve(credentialName),
        };
        if (get("ImageServer") is Func<string, object?> server) controller.ImageServer = ImageServer(server, resolver);
        return controller;
    }

    private static InventoryImageServer ImageServer(Func<string, object?> get, CredentialResolver resolver)
    {
        var credentialName = Text(get, "CredentialName");
        return new InventoryImageServer
        {
            Name = Text(get, "Name") ?? "",
            Protocol = ImageServers.ImageServerProtocols.TryParse(Text(get, "Protocol"), out var protocol) ? protocol : ImageServers.ImageServerProtocol.Tftp,
            Address = Text(get, "Address") ?? "",
            Port = Number(get, "Port"),
            Path = Text(get, "Path") ?? "",
            CredentialName = credentialName,
            Credential = credentialName == null ? null : resolver.Resolve(credentialName),
        };
    }

    private static string? Text(Func<string, object?> get, string name) => get(name)?.ToString() is { Length: > 0 } s ? s : null;

    private static int? Number(Func<string, object?> get, string name) =>
        get(name) switch
        {
            null => null,
            int i => i,
            var o => int.TryParse(o.ToString(), out var n) ? n : null,
        };
}
