using System.Collections.Generic;
using System.Management.Automation;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>A controller command that also takes a plain host name and login, for one-off use.</summary>
public abstract class EwcHostTargetCmdlet : EwcTargetCmdlet
{
    /// <summary>A host name or address; also piped as plain text ('10.0.0.5' | Get-ApSummary …).</summary>
    [Parameter(ParameterSetName = HostNameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Host", "Address")]
    [ValidateNotNullOrEmpty]
    [HostNameTransformation]
    public string HostName { get; set; } = null!;

    [Parameter(ParameterSetName = HostNameSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 22;

    /// <summary>The SSH login (user name and password).</summary>
    [Parameter(ParameterSetName = HostNameSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>A private key file to log in with (OpenSSH or PEM format).</summary>
    [Parameter(ParameterSetName = HostNameSet)]
    [ValidateNotNullOrEmpty]
    public string? KeyFile { get; set; }

    /// <summary>
    /// Accept only a host key with one of these fingerprints (SHA256:… as ssh-keygen -l prints, or
    /// MD5:xx:…). Bound by property name from Get-EwcHostKey's Fingerprint, so its output piped here
    /// pins the key it just read.
    /// </summary>
    [Parameter(ParameterSetName = HostNameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Fingerprint")]
    [ValidateNotNullOrEmpty]
    [ValidateHostKeyFingerprint]
    public string[]? HostKeyFingerprint { get; set; }

    /// <summary>The known_hosts file to check the host key against (default ~/.ssh/known_hosts).</summary>
    [Parameter(ParameterSetName = HostNameSet)]
    [ValidateNotNullOrEmpty]
    public string? KnownHostsFile { get; set; }

    /// <summary>Record an unknown host key in the known_hosts file instead of refusing it. A changed key is still refused.</summary>
    [Parameter(ParameterSetName = HostNameSet)]
    public SwitchParameter TrustOnFirstUse { get; set; }

    /// <summary>The enable secret, for accounts that land in user EXEC mode.</summary>
    [Parameter(ParameterSetName = HostNameSet)]
    public PSCredential? EnableCredential { get; set; }

    protected override IEnumerable<EwcEndpoint> Endpoints()
    {
        if (ParameterSetName != HostNameSet) return base.Endpoints();
        var keyFile = KeyFile == null ? null : PathResolver.Resolve(this, KeyFile);
        var knownHosts = KnownHostsFile == null ? null : PathResolver.Resolve(this, KnownHostsFile);
        if (Credential == null && keyFile == null)
        {
            // Per host, not terminating: the other hosts of the pipeline still run, and -ErrorAction applies.
            WriteError(Errors.Record(Fanout.EwcErrors.Classify(new Cli.EwcCredentialMissingException($"Give -Credential or -KeyFile to log in to {HostName}:{Port}.")), HostName));
            return System.Array.Empty<EwcEndpoint>();
        }
        var endpoint = EwcEndpoint.For(HostName, Port, Credential?.GetNetworkCredential(), keyFile, HostKeyFingerprint, knownHosts, TrustOnFirstUse);
        endpoint.EnablePassword = EnableCredential?.GetNetworkCredential().Password;
        return new[] { endpoint };
    }
}
