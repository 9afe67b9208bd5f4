using System.Collections.Generic;
using System.Net;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Inventory;

/// <summary>A YAML inventory: sites, controllers, image servers and bundles, references resolved.</summary>
public sealed class EwcInventory
{
    public string Path { get; internal set; } = "";
    public IReadOnlyList<InventorySite> Sites { get; internal set; } = new List<InventorySite>();
    public IReadOnlyList<InventoryController> Controllers { get; internal set; } = new List<InventoryController>();
    public IReadOnlyList<InventoryImageServer> ImageServers { get; internal set; } = new List<InventoryImageServer>();
    public IReadOnlyList<InventoryBundle> Bundles { get; internal set; } = new List<InventoryBundle>();
    /// <summary>settings.knownHosts, resolved against the inventory's folder; null means ~/.ssh/known_hosts.</summary>
    public string? KnownHostsPath { get; internal set; }
    public bool TrustOnFirstUse { get; internal set; }
}

public sealed class InventorySite
{
    public string Name { get; internal set; } = "";
    public string? Description { get; internal set; }
}

public sealed class InventoryController
{
    public string Name { get; internal set; } = "";
    public string HostName { get; internal set; } = "";
    public int Port { get; internal set; } = 22;
    public string? Site { get; internal set; }
    /// <summary>The name of the credential the controller logs in with; never the secret itself.</summary>
    public string? CredentialName { get; internal set; }
    /// <summary>The pinned host key fingerprint (SHA256:…), when the inventory pins one.</summary>
    public string? HostKey { get; internal set; }
    /// <summary>The release to run, as written (a string: 17.10 stays 17.10).</summary>
    public string? TargetRelease { get; internal set; }
    /// <summary>The inventory's image server for this controller; it shows as its name, as the inventory names it.</summary>
    public InventoryImageServer? ImageServer { get; internal set; }
    /// <summary>The image server's address, as the controller's download profile points at it.</summary>
    public string? ImageServerAddress => ImageServer?.Address;
    public string? KeyFile { get; internal set; }
    public string? KnownHostsPath { get; internal set; }
    public bool TrustOnFirstUse { get; internal set; }
    public string Source { get; internal set; } = "";
    /// <summary>Whether the credential reference resolved (from -Credential, the environment or SecretManagement).</summary>
    public bool HasCredential => Credential != null;
    internal NetworkCredential? Credential { get; set; }

    /// <summary>Where and how to log in to this controller; ArgumentException when its login is not available.</summary>
    public EwcEndpoint ToEndpoint()
    {
        if (Credential == null && KeyFile == null)
        {
            throw new Cli.EwcCredentialMissingException(CredentialName == null
                ? $"Controller '{Name}' has no 'credential:' or 'keyFile:' in {Source}."
                : $"Controller '{Name}' needs credential '{CredentialName}', which is not available: {CredentialResolver.Hint(CredentialName)}.");
        }
        var endpoint = EwcEndpoint.For(HostName, Port, Credential, KeyFile, HostKey == null ? null : new[] { HostKey }, KnownHostsPath, TrustOnFirstUse);
        endpoint.ControllerName = Name;
        return endpoint;
    }

    public override string ToString() => Name;
}

public sealed class InventoryImageServer
{
    public string Name { get; internal set; } = "";
    /// <summary>Read from the inventory's "tftp"/"sftp" once; the same type the image servers and the download profile use.</summary>
    public ImageServers.ImageServerProtocol Protocol { get; internal set; } = ImageServers.ImageServerProtocol.Tftp;
    public string Address { get; internal set; } = "";
    public int? Port { get; internal set; }
    /// <summary>The image path the controllers' profile points at (e.g. /17.9.4a).</summary>
    public string Path { get; internal set; } = "";
    public string? CredentialName { get; internal set; }
    public bool HasCredential => Credential != null;
    internal NetworkCredential? Credential { get; set; }

    // The name, as the inventory refers to it (imageServer: NAME) and as the controllers' view shows it;
    // the address is Address (and InventoryController.ImageServerAddress).
    public override string ToString() => Name;
}

public sealed class InventoryBundle
{
    public string Name { get; internal set; } = "";
    public string? Version { get; internal set; }
    /// <summary>The bundle zip or folder, resolved against the inventory's folder.</summary>
    public string? Path { get; internal set; }
}
