using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;
using EwcUpgrade.ImageServers.Probes;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Pre-flight from the admin host: asks an image server for each image at the path the controllers
/// will be given, the way they will ask, and reports OK, NotFound, SizeMismatch, TimedOut,
/// AuthFailed or Refused with the size found and, for anything but OK, the fix. No file is downloaded.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImageServer", DefaultParameterSetName = BundleSet)]
[OutputType(typeof(ImageProbeResult), typeof(bool))]
public sealed class TestImageServer : PSCmdlet
{
    private const string BundleSet = "Bundle";
    private const string ImageTypeSet = "ImageType";
    private readonly CancellationTokenSource _cancel = new();
    private bool _allOk = true;

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Address", "ComputerName")]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = null!;

    [Parameter]
    public ImageServerProtocol Protocol { get; set; } = ImageServerProtocol.Tftp;

    /// <summary>The image path the controllers' profile names; default /&lt;bundle version&gt;, where Import-ApBundle puts a bundle.</summary>
    [Parameter(Position = 1)]
    [AllowEmptyString]
    public string? ImagePath { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int? Port { get; set; }

    [Parameter(ParameterSetName = BundleSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ApBundle Bundle { get; set; } = null!;

    [Parameter(ParameterSetName = ImageTypeSet, Mandatory = true)]
    [ArgumentCompleter(typeof(ImageTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] ImageType { get; set; } = null!;

    /// <summary>SFTP: the login the controllers use (sftp-username and sftp-password).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>SFTP: accept only a server host key with one of these fingerprints (SHA256:… as ssh-keygen -l prints).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? HostKeyFingerprint { get; set; }

    /// <summary>SFTP: the known_hosts file to check the server's host key against (default ~/.ssh/known_hosts).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KnownHostsFile { get; set; }

    /// <summary>SFTP: record an unknown server host key in the known_hosts file instead of refusing it.</summary>
    [Parameter]
    public SwitchParameter TrustOnFirstUse { get; set; }

    /// <summary>Seconds to wait for each answer; the request is repeated -Retries times.</summary>
    [Parameter]
    [ValidateRange(1, 60)]
    public int TimeoutSeconds { get; set; } = 2;

    [Parameter]
    [ValidateRange(0, 10)]
    public int Retries { get; set; } = 2;

    /// <summary>Return only $true (every image OK) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var path = ImagePath;
        if (path == null)
        {
            if (ParameterSetName != BundleSet)
            {
                ThrowTerminatingError(Errors.Record("Give -ImagePath: the image path the controllers' profile names.", "ImagePathMissing", ErrorCategory.InvalidArgument, Server));
            }
            path = "/" + Bundle.Version;
            WriteVerbose($"No -ImagePath: looking under {path}, where Import-ApBundle puts bundle {Bundle.Version} in an image root.");
        }
        var targets = ParameterSetName == BundleSet ? ImageProbeTarget.Of(Bundle) : ImageProbeTarget.Of(ImageType);
        ImageProbeRequest request;
        try
        {
            request = new ImageProbeRequest(Protocol, Server, Port, path)
            {
                Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
                Retries = Retries,
                Credential = Credential?.GetNetworkCredential(),
                HostKeyPolicy = new Ssh.HostKeyPolicy
                {
                    PinnedFingerprints = HostKeyFingerprint ?? Array.Empty<string>(),
                    KnownHostsPath = KnownHostsFile == null ? Ssh.KnownHostsFile.DefaultPath : PathResolver.Resolve(this, KnownHostsFile),
                    TrustOnFirstUse = TrustOnFirstUse,
                },
            };
            var done = 0;
            foreach (var result in ImageProbe.Probe(request, targets, _cancel.Token))
            {
                WriteProgress(new ProgressRecord(1, $"Testing {Protocol} server {Server}", result.RemotePath) { PercentComplete = 100 * ++done / targets.Count });
                _allOk &= result.IsOk;
                if (!Quiet) WriteObject(result);
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return;
        }
        catch (Cli.EwcHostKeyException e)
        {
            _allOk = false;
            WriteError(Errors.Record(e, e.Changed ? "HostKeyChanged" : "HostKeyUnknown", ErrorCategory.SecurityError, Server));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or System.Net.Sockets.SocketException)
        {
            _allOk = false;
            WriteError(Errors.Record(e, "ImageServerProbeFailed", Errors.CategoryOf(e), Server));
        }
        finally
        {
            WriteProgress(new ProgressRecord(1, $"Testing {Protocol} server {Server}", "done") { RecordType = ProgressRecordType.Completed });
        }
    }

    protected override void EndProcessing()
    {
        if (Quiet) WriteObject(_allOk);
    }

    protected override void StopProcessing() => _cancel.Cancel();
}
