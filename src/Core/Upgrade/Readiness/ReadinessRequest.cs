using System;
using EwcUpgrade.Bundles;

namespace EwcUpgrade.Upgrade.Readiness;

/// <summary>What a readiness check compares each controller with: the bundle, and how to reach its image server from here.</summary>
public sealed class ReadinessRequest
{
    public ReadinessRequest(ApBundle bundle) => Bundle = bundle ?? throw new ArgumentNullException(nameof(bundle));

    public ApBundle Bundle { get; }

    /// <summary>Where the admin host probes the controller's image server; null: the profile's own server.</summary>
    public string? ProbeServer { get; set; }

    /// <summary>The port to probe; null: the profile's sftp-port for SFTP, else the protocol's default (TFTP 69, SFTP 22).</summary>
    public int? ProbePort { get; set; }

    /// <summary>SFTP login for the probe (the profile's password cannot be read back). Never shown.</summary>
    public System.Net.NetworkCredential? Credential { get; set; }

    /// <summary>SFTP: how the server's host key is checked; null: ~/.ssh/known_hosts, never trust on first use.</summary>
    public Ssh.HostKeyPolicy? HostKeyPolicy { get; set; }

    /// <summary>How long to wait for each probe answer.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a probe request is repeated before the server counts as silent.</summary>
    public int ProbeRetries { get; set; } = 2;
}
