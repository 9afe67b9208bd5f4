using System;
using System.Management.Automation;
using EwcUpgrade.Bundles;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Inventory;
using EwcUpgrade.Upgrade.Readiness;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// A controller command about upgrading to a bundle: the bundle, and how this host checks the
/// image server each controller's profile names (Test-EwcUpgradeReadiness, Invoke-ApUpgrade).
/// </summary>
public abstract class BundleTargetCmdlet : EwcHostTargetCmdlet
{
    /// <summary>The bundle to upgrade to (Get-ApBundle, Import-ApBundle).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public ApBundle Bundle { get; set; } = null!;

    /// <summary>Where this host reaches the controllers' image server, when not at the profile's address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProbeServer { get; set; }

    /// <summary>The port to probe; default the profile's sftp-port, else 69 (TFTP) or 22 (SFTP).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int? ProbePort { get; set; }

    /// <summary>SFTP: the login of the profile's sftp-username, to check the server as the controller will. Default: the inventory image server's credential.</summary>
    [Parameter]
    [Credential]
    [Alias("SftpCredential")]
    public PSCredential? ImageServerCredential { get; set; }

    /// <summary>SFTP: accept only a server host key with one of these fingerprints; otherwise it must be in ~/.ssh/known_hosts.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ImageServerHostKeyFingerprint { get; set; }

    /// <summary>Seconds to wait for each probe answer.</summary>
    [Parameter]
    [ValidateRange(1, 60)]
    public int ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>The readiness check of one controller: <paramref name="imageServer"/> is its inventory image server, if it came from an inventory.</summary>
    protected ReadinessRequest ReadinessRequestFor(InventoryImageServer? imageServer)
    {
        var credential = ImageServerCredential?.GetNetworkCredential()
                         ?? (imageServer?.Protocol == ImageServerProtocol.Sftp ? imageServer.Credential : null);
        return new ReadinessRequest(Bundle)
        {
            ProbeServer = ProbeServer,
            ProbePort = ProbePort,
            Credential = credential,
            ProbeTimeout = TimeSpan.FromSeconds(ProbeTimeoutSeconds),
            HostKeyPolicy = new Ssh.HostKeyPolicy { PinnedFingerprints = ImageServerHostKeyFingerprint ?? Array.Empty<string>() },
        };
    }
}
