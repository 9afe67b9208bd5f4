using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Tftp;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Fetches a file from a TFTP server the way an AP or controller would, and reports its size,
/// SHA-256 and rate: proof from the admin host that a server serves the right bytes at the right
/// path. Without -Destination the bytes are only hashed, not stored.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "TftpFile", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImageDownloadResult))]
public sealed class ReceiveTftpFile : PSCmdlet
{
    private const string PathSet = "Path";
    private const string InputSet = "InputObject";

    private readonly CancellationTokenSource _cancel = new();

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("ImageServer", "ComputerName")]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = null!;

    /// <summary>The file's name on the server, as a device would request it (e.g. /17.9.4.27/ap1g7).</summary>
    // Not from the pipeline: a piped FileInfo or PathInfo would have become a local path sent as the
    // remote name. Pipeline input goes to InputObject, which knows each type's remote name.
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 1)]
    [Alias("RemotePath", "File")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>Remote names from the pipeline: strings, transfers (Get-ImageTransfer) or earlier results.</summary>
    [Parameter(ParameterSetName = InputSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 69;

    [Parameter]
    [ValidateRange(8, 65464)]
    public int BlockSize { get; set; } = 1428;

    [Parameter]
    [ValidateRange(1, 65535)]
    public int WindowSize { get; set; } = 1;

    [Parameter]
    [ValidateRange(1, 255)]
    public int TimeoutSeconds { get; set; } = 1;

    [Parameter]
    [ValidateRange(0, 100)]
    public int MaxRetries { get; set; } = 5;

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            var remote = RemoteName(InputObject);
            if (remote == null) return;
            Path = remote;
        }
        var url = ImageDownloader.Url(Server, Port, Path);
        string? target = Destination == null ? null : TargetFile(PathResolver.Resolve(this, Destination));
        if (target != null)
        {
            // Checked before any transfer: otherwise the whole image crosses the network only to
            // fail on .NET's "Could not find a part of the path" for its temporary file.
            var folder = System.IO.Path.GetDirectoryName(target);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                WriteError(Errors.Record(new DirectoryNotFoundException($"The destination folder '{folder}' does not exist; create it or choose another -Destination."),
                    EwcErrorIds.DestinationFolderNotFound, ErrorCategory.ObjectNotFound, target));
                return;
            }
            if (File.Exists(target) && !Force)
            {
                WriteError(Errors.Record(new IOException($"'{target}' exists; use -Force to overwrite it."), EwcErrorIds.DestinationExists, ErrorCategory.ResourceExists, target));
                return;
            }
            if (!ShouldProcess(target, $"Save {url}")) return;
        }

        var options = new ImageDownloadOptions
        {
            Port = Port,
            BlockSize = BlockSize,
            WindowSize = WindowSize,
            Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
            MaxRetries = MaxRetries,
        };
        var progress = new ProgressThrottle(this, 1, $"TFTP {url}");
        try
        {
            var result = ImageDownloader.Download(Server, Path, target, options, (done, total) => progress.Report(done, total), _cancel.Token);
            progress.Complete();
            WriteObject(result);
        }
        catch (TftpException e)
        {
            progress.Complete();
            var category = e.ErrorCode switch
            {
                TftpErrorCode.FileNotFound => ErrorCategory.ObjectNotFound,
                TftpErrorCode.AccessViolation => ErrorCategory.PermissionDenied,
                null => ErrorCategory.OperationTimeout,
                _ => ErrorCategory.ProtocolError,
            };
            WriteError(Errors.Record(e, EwcErrorIds.TftpDownloadFailed, category, url));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or System.Net.Sockets.SocketException)
        {
            progress.Complete();
            WriteError(Errors.Record(PlainWords(e, target), EwcErrorIds.TftpDownloadFailed, Errors.CategoryOf(e), url));
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>The name a device would request for one pipeline object, or null after writing why there is none.</summary>
    private string? RemoteName(PSObject input)
    {
        switch (input.BaseObject)
        {
            case string name when name.Length > 0:
                return name;
            case ApBundleImage image:
                return ImageDownloader.RemoteName(image);
            case ImageTransfer transfer:
                return transfer.File;
            case ImageDownloadResult result:
                return result.File;
            default:
                WriteError(Errors.Record($"Cannot tell the remote file name of a {input.BaseObject.GetType().Name}: pipe names (/17.9.4.27/ap1g7), a bundle's Images, or use -Path.",
                    EwcErrorIds.RemotePathUnknown, ErrorCategory.InvalidArgument, input.BaseObject));
                return null;
        }
    }

    /// <summary>The local file errors .NET words with its own jargon, said plainly (the original stays as the inner exception).</summary>
    private static Exception PlainWords(Exception e, string? target) => e switch
    {
        DirectoryNotFoundException when target != null =>
            new DirectoryNotFoundException($"The destination folder '{System.IO.Path.GetDirectoryName(target)}' does not exist (any more).", e),
        UnauthorizedAccessException when target != null =>
            new UnauthorizedAccessException($"Cannot write '{target}' or a temporary file beside it: permission denied.", e),
        _ => e,
    };

    // A destination folder receives the file under its own name, like copying into a folder.
    private string TargetFile(string destination) =>
        Directory.Exists(destination)
            ? System.IO.Path.Combine(destination, System.IO.Path.GetFileName(Path.Replace('\\', '/').TrimEnd('/')))
            : destination;
}
