using System;
using System.Management.Automation;
using EwcUpgrade.Cli;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Ssh;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Reads a controller's SSH host key fingerprint without logging in (no credential is sent), to
/// check it against the device and pin it in the inventory.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EwcHostKey")]
[OutputType(typeof(HostKeyInfo))]
public sealed class GetEwcHostKey : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Host", "Address")]
    [ValidateNotNullOrEmpty]
    [HostNameTransformation]
    public string HostName { get; set; } = null!;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 22;

    [Parameter]
    [ValidateRange(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    protected override void ProcessRecord()
    {
        try
        {
            WriteObject(HostKeyProbe.Read(HostName, Port, TimeSpan.FromSeconds(TimeoutSeconds)));
        }
        catch (EwcConnectionException e)
        {
            WriteError(Errors.Record(e, EwcErrorIds.ConnectionFailed, ErrorCategory.ConnectionError, HostName));
        }
    }
}
