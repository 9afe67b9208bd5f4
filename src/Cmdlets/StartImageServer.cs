using System;
using System.IO;
using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Net;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Starts the embedded, read-only TFTP server on an image root. It runs in the background of the
/// session until Stop-ImageServer; with -Wait it runs in the foreground, showing each transfer's
/// progress and the log, until Ctrl+C or the process is told to stop.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "ImageServer")]
[OutputType(typeof(ImageServer))]
public sealed class StartImageServer : PSCmdlet
{
    private readonly ServerWatch _watch;

    public StartImageServer() => _watch = new ServerWatch(this);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageRoot", "Path")]
    [ValidateNotNullOrEmpty]
    public string Root { get; set; } = null!;

    [Parameter]
    public ImageServerProtocol Protocol { get; set; } = ImageServerProtocol.Tftp;

    /// <summary>The local address to listen on; "::" (the default) listens on every IPv4 and IPv6 address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "::";

    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; } = 69;

    [Parameter]
    [ValidateRange(1, 100000)]
    public int MaxSessions { get; set; } = 512;

    /// <summary>Ports the transfers' replies leave from, MIN-MAX, for firewalls; default: any free port.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DataPortRange { get; set; }

    [Parameter]
    [ValidateRange(8, 65464)]
    public int MaxBlockSize { get; set; } = 65464;

    [Parameter]
    [ValidateRange(1, 65535)]
    public int MaxWindowSize { get; set; } = 64;

    /// <summary>Options to ignore, for clients that mishandle them.</summary>
    [Parameter]
    [ValidateSet("blksize", "tsize", "timeout", "windowsize", IgnoreCase = true)]
    public string[]? DisableOption { get; set; }

    /// <summary>Client networks allowed to fetch (CIDR or single address); default: everyone.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AllowedClient { get; set; }

    [Parameter]
    [ValidateRange(1, 255)]
    public int TimeoutSeconds { get; set; } = 5;

    [Parameter]
    [ValidateRange(0, 100)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>Appends the server's log (RRQ lines and outcomes) to this file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    protected override void EndProcessing()
    {
        var root = PathResolver.Resolve(this, Root);
        if (!Directory.Exists(root))
        {
            ThrowTerminatingError(Errors.Record(new DirectoryNotFoundException($"The image root '{root}' does not exist."),
                "ImageRootNotFound", ErrorCategory.ObjectNotFound, root));
        }

        ImageServer server;
        try
        {
            server = ImageServerRegistry.StartTftp(BuildOptions(root), LogPath == null ? null : PathResolver.Resolve(this, LogPath));
        }
        catch (Exception e) when (e is ArgumentException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(Errors.Record(new InvalidOperationException(StartFailure(e), e),
                "ImageServerStartFailed", Errors.CategoryOf(e), root));
            return;
        }
        WriteVerbose($"{server.Name} is serving '{server.Root}' (id {server.Id}).");
        if (PassThru) WriteObject(server);
        if (Wait) _watch.Run(server);
    }

    protected override void StopProcessing() => _watch.RequestStop();

    private TftpServerOptions BuildOptions(string root)
    {
        var options = new TftpServerOptions
        {
            Root = root,
            Address = HostAddress.Resolve(Address),
            Port = Port,
            MaxSessions = MaxSessions,
            MaxBlockSize = MaxBlockSize,
            MaxWindowSize = MaxWindowSize,
            Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
            MaxRetries = MaxRetries,
        };
        if (DataPortRange != null) (options.DataPortMin, options.DataPortMax) = HostAddress.ParsePortRange(DataPortRange);
        foreach (var option in DisableOption ?? Array.Empty<string>()) options.DisabledOptions.Add(option);
        foreach (var client in AllowedClient ?? Array.Empty<string>())
        {
            if (!IpNetwork.TryParse(client, out var network))
            {
                throw new ArgumentException($"'{client}' is not an address or network (write 192.0.2.0/24, 2001:db8::/32 or a single address).");
            }
            options.AllowedClients.Add(network);
        }
        return options;
    }

    private string StartFailure(Exception e)
    {
        var message = $"Cannot start the TFTP server on {Address} port {Port}: {e.Message}";
        if (Port is > 0 and < 1024 && e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AccessDenied })
        {
            message += " Ports below 1024 need administrator rights; run elevated or choose -Port 6969 (and point the clients at it).";
        }
        return message;
    }
}
