using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.Fanout;

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
    private const string ControllerSet = "Controller";
    private readonly CancellationTokenSource _cancel = new();
    private bool _allOk = true;

    /// <summary>The server; with -Controller, the controller's inventory image server unless given.</summary>
    [Parameter(ParameterSetName = BundleSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = ImageTypeSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = ControllerSet)]
    [Alias("Address", "ComputerName")]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = null!;

    /// <summary>Inventory controllers (Import-EwcInventory): each one's image server, protocol, port, path and login.</summary>
    [Parameter(ParameterSetName = ControllerSet, Mandatory = true, ValueFromPipeline = true)]
    [InventoryControllerTransformation]
    [ValidateNotNull]
    public Inventory.InventoryController[] Controller { get; set; } = null!;

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
    [Parameter(ParameterSetName = ControllerSet)]
    [ValidateNotNull]
    public ApBundle Bundle { get; set; } = null!;

    [Parameter(ParameterSetName = ImageTypeSet, Mandatory = true)]
    [Parameter(ParameterSetName = ControllerSet)]
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
        if (ParameterSetName != ControllerSet)
        {
            Probe(Request(Server, Protocol, Port, ImagePath, Credential?.GetNetworkCredential()), null);
            return;
        }
        if (Bundle == null && ImageType == null)
        {
            ThrowTerminatingError(Errors.Record("With -Controller, give -Bundle or -ImageType: the images to look for on each controller's image server.", EwcErrorIds.ImagesMissing, ErrorCategory.InvalidArgument, null));
        }
        foreach (var controller in Controller)
        {
            var server = controller.ImageServer;
            if (server == null && Server == null)
            {
                _allOk = false;
                WriteError(Errors.Record($"Controller '{controller.Name}' has no image server in the inventory ({controller.Source}): give -Server.", EwcErrorIds.ImageServerMissing, ErrorCategory.InvalidData, controller));
                continue;
            }
            var protocol = MyInvocation.BoundParameters.ContainsKey(nameof(Protocol)) ? Protocol : server?.Protocol ?? Protocol;
            var credential = Credential?.GetNetworkCredential() ?? (protocol == ImageServerProtocol.Sftp ? server?.Credential : null);
            var request = Request(Server ?? server!.Address, protocol, Port ?? server?.Port, ImagePath ?? server?.Path, credential);
            if (request != null) Probe(request, controller.Name);
        }
    }

    /// <summary>A probe request, or null after writing why not.</summary>
    private ImageProbeRequest? Request(string server, ImageServerProtocol protocol, int? port, string? imagePath, System.Net.NetworkCredential? credential)
    {
        var path = imagePath;
        if (path == null)
        {
            if (Bundle == null)
            {
                ThrowTerminatingError(Errors.Record("Give -ImagePath: the image path the controllers' profile names.", EwcErrorIds.ImagePathMissing, ErrorCategory.InvalidArgument, server));
            }
            path = "/" + Bundle!.Version;
            WriteVerbose($"No -ImagePath: looking under {path}, where Import-ApBundle puts bundle {Bundle.Version} in an image root.");
        }
        try
        {
            return new ImageProbeRequest(protocol, server, port, path)
            {
                Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
                Retries = Retries,
                Credential = credential,
                HostKeyPolicy = new Ssh.HostKeyPolicy
                {
                    PinnedFingerprints = HostKeyFingerprint ?? Array.Empty<string>(),
                    KnownHostsPath = KnownHostsFile == null ? Ssh.KnownHostsFile.DefaultPath : PathResolver.Resolve(this, KnownHostsFile),
                    TrustOnFirstUse = TrustOnFirstUse,
                },
            };
        }
        catch (ArgumentException e)
        {
            _allOk = false;
            WriteError(Errors.Record(e, EwcErrorIds.ImageServerProbeFailed, ErrorCategory.InvalidArgument, server));
            return null;
        }
    }

    private void Probe(ImageProbeRequest? request, string? controller)
    {
        if (request == null) return;
        var targets = Bundle != null ? ImageProbeTarget.Of(Bundle) : ImageProbeTarget.Of(ImageType);
        var activity = $"Testing {request.Protocol} server {request.Server}" + (controller == null ? "" : $" for {controller}");
        try
        {
            var done = 0;
            foreach (var result in ImageProbe.Probe(request, targets, _cancel.Token))
            {
                WriteProgress(new ProgressRecord(1, activity, result.RemotePath) { PercentComplete = 100 * ++done / targets.Count });
                result.Controller = controller;
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
            WriteError(Errors.Record(e, e.Changed ? EwcErrorIds.HostKeyChanged : EwcErrorIds.HostKeyUnknown, ErrorCategory.SecurityError, request.Server));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or System.Net.Sockets.SocketException)
        {
            _allOk = false;
            WriteError(Errors.Record(e, EwcErrorIds.ImageServerProbeFailed, Errors.CategoryOf(e), request.Server));
        }
        finally
        {
            WriteProgress(new ProgressRecord(1, activity, "done") { RecordType = ProgressRecordType.Completed });
        }
    }

    protected override void EndProcessing()
    {
        if (Quiet) WriteObject(_allOk);
    }

    protected override void StopProcessing() => _cancel.Cancel();
}
