using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Net;
using EwcUpgrade.Tftp;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Starts an image server on an image root: the embedded, read-only TFTP server, or (-Protocol Sftp)
/// OpenSSH's sshd as a read-only, chrooted SFTP-only server with a login made for it. It runs in the
/// background of the session until Stop-ImageServer; with -Wait it runs in the foreground, showing
/// each transfer's progress and the log, until Ctrl+C or the process is told to stop.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "ImageServer", SupportsShouldProcess = true, DefaultParameterSetName = RootSet)]
[OutputType(typeof(ImageServer))]
public sealed class StartImageServer : PSCmdlet
{
    private const string RootSet = "Root";
    private const string InputSet = "InputObject";

    private readonly ServerWatch _watch;
    private readonly List<string> _pipedRoots = new();
    private bool _pipedBadInput;

    public StartImageServer() => _watch = new ServerWatch(this);

    // Not bound by property name on purpose: a DirectoryInfo's Root is the drive ("/"), and a
    // directory piped in would have served the whole filesystem. Pipeline input goes to InputObject.
    [Parameter(ParameterSetName = RootSet, Mandatory = true, Position = 0)]
    [Alias("ImageRoot", "Path")]
    [ValidateNotNullOrEmpty]
    public string Root { get; set; } = null!;

    /// <summary>A folder (Get-Item), an AP bundle (Get-ApBundle) or a path string, from the pipeline.</summary>
    [Parameter(ParameterSetName = InputSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    [Parameter]
    public ImageServerProtocol Protocol { get; set; } = ImageServerProtocol.Tftp;

    /// <summary>The local address to listen on; "::" (the default) listens on every IPv4 and IPv6 address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "::";

    /// <summary>69 for TFTP, 22 for SFTP; 0 picks a free port.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; } = 69;

    /// <summary>SFTP: the login the controllers will use (sftp-username, sftp-password); a system account is made for it.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

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

    protected override void ProcessRecord()
    {
        if (ParameterSetName != InputSet) return;
        var root = PipedRoot(InputObject);
        if (root == null) _pipedBadInput = true;
        else if (!_pipedRoots.Contains(root)) _pipedRoots.Add(root);
    }

    protected override void EndProcessing()
    {
        string root;
        if (ParameterSetName == InputSet)
        {
            if (_pipedRoots.Count == 0 || _pipedBadInput) return;
            if (_pipedRoots.Count > 1)
            {
                WriteError(Errors.Record($"One server serves one image root, and the pipeline gave {_pipedRoots.Count}: {string.Join(", ", _pipedRoots)}. Pipe one folder, or start one server per root on its own port.",
                    EwcErrorIds.ImageRootAmbiguous, ErrorCategory.InvalidArgument, _pipedRoots.ToArray()));
                return;
            }
            root = _pipedRoots[0];
        }
        else
        {
            root = PathResolver.Resolve(this, Root);
        }
        // Non-terminating errors, so -ErrorAction SilentlyContinue and scripts' own checks ($?) work.
        if (!Directory.Exists(root))
        {
            WriteError(Errors.Record(new DirectoryNotFoundException($"The image root '{root}' does not exist."),
                EwcErrorIds.ImageRootNotFound, ErrorCategory.ObjectNotFound, root));
            return;
        }
        var logPath = LogPath == null ? null : PathResolver.Resolve(this, LogPath);
        var logFolder = logPath == null ? null : System.IO.Path.GetDirectoryName(logPath);
        if (logFolder != null && !Directory.Exists(logFolder))
        {
            WriteError(Errors.Record(new DirectoryNotFoundException($"The folder of the log file, '{logFolder}', does not exist."),
                EwcErrorIds.LogFolderNotFound, ErrorCategory.ObjectNotFound, logPath));
            return;
        }

        if (Protocol == ImageServerProtocol.Sftp)
        {
            StartSftp(root, logPath);
            return;
        }
        TftpServerOptions options;
        try
        {
            options = BuildOptions(root);
        }
        catch (ArgumentException e)
        {
            WriteError(Errors.Record(new InvalidOperationException(StartFailure(e), e), EwcErrorIds.ImageServerStartFailed, ErrorCategory.InvalidArgument, root));
            return;
        }
        if (!ShouldProcess(Describe(options), "Start TFTP image server")) return;

        ImageServer server;
        try
        {
            server = ImageServerRegistry.StartTftp(options, logPath);
        }
        catch (Exception e) when (e is ArgumentException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            WriteError(Errors.Record(new InvalidOperationException(StartFailure(e), e),
                EwcErrorIds.ImageServerStartFailed, Errors.CategoryOf(e), root));
            return;
        }
        WriteVerbose($"{server.Name} is serving '{server.Root}' (id {server.Id}).");
        if (PassThru) WriteObject(server);
        if (Wait) _watch.Run(server);
    }

    protected override void StopProcessing() => _watch.RequestStop();

    // The TFTP server's own knobs: given with -Protocol Sftp they would silently do nothing.
    private static readonly string[] s_tftpOnly = { nameof(MaxSessions), nameof(DataPortRange), nameof(MaxBlockSize), nameof(MaxWindowSize), nameof(DisableOption), nameof(AllowedClient), nameof(TimeoutSeconds), nameof(MaxRetries) };

    private void StartSftp(string root, string? logPath)
    {
        var misplaced = s_tftpOnly.Where(MyInvocation.BoundParameters.ContainsKey).ToList();
        if (misplaced.Count > 0)
        {
            WriteError(Errors.Record($"-{string.Join(", -", misplaced)} apply to the TFTP server only; the SFTP server is OpenSSH's sshd.", EwcErrorIds.ParameterNotForSftp, ErrorCategory.InvalidArgument, root));
            return;
        }
        if (Credential == null)
        {
            WriteError(Errors.Record("The SFTP server needs the login the controllers will use: give -Credential (its user name becomes sftp-username, its password sftp-password).",
                EwcErrorIds.CredentialMissing, ErrorCategory.InvalidArgument, root));
            return;
        }
        var login = Credential.GetNetworkCredential();
        var options = new ImageServers.Sftp.SftpServerOptions
        {
            Root = root,
            Address = HostAddress.Resolve(Address),
            Port = MyInvocation.BoundParameters.ContainsKey(nameof(Port)) ? Port : 22,
            UserName = login.UserName,
            Password = login.Password,
        };
        var scope = options.Address.Equals(System.Net.IPAddress.IPv6Any) ? "every IPv4 and IPv6 address" : "address " + options.Address;
        var what = $"TCP port {(options.Port == 0 ? "(a free one)" : options.Port.ToString())} on {scope}: OpenSSH sshd serving '{root}' read-only over SFTP, chrooted, to the login '{login.UserName}' (a system account made for this server and removed when it stops)";
        if (!ShouldProcess(what, "Start SFTP image server")) return;
        ImageServer server;
        try
        {
            server = ImageServerRegistry.StartSftp(options, logPath);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            WriteError(Errors.Record(new InvalidOperationException($"Cannot start the SFTP server: {e.Message}", e), EwcErrorIds.ImageServerStartFailed, Errors.CategoryOf(e), root));
            return;
        }
        WriteVerbose($"{server.Name} is serving '{server.Root}' over SFTP to '{login.UserName}' (id {server.Id}); host key {server.HostKeyFingerprint}.");
        if (PassThru) WriteObject(server);
        if (Wait) _watch.Run(server);
    }

    /// <summary>
    /// A bundle is served from its image root, the folder holding its version folder, so the path
    /// the controller's download profile names is /&lt;version&gt;/&lt;image&gt; as with -Root.
    /// </summary>
    private string BundleImageRoot(ApBundle bundle)
    {
        var folder = bundle.Folder.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        var name = System.IO.Path.GetFileName(folder);
        if (!string.Equals(name, bundle.Version, StringComparison.OrdinalIgnoreCase))
        {
            WriteWarning($"The bundle folder '{name}' is not named by its version {bundle.Version}: clients fetch its images as /{name}/<image>.");
        }
        return System.IO.Path.GetDirectoryName(folder) ?? folder;
    }

    /// <summary>The folder to serve for one pipeline object, or null after writing why it cannot be served.</summary>
    private string? PipedRoot(PSObject input)
    {
        switch (input.BaseObject)
        {
            case DirectoryInfo directory:
                return directory.FullName;
            case string path:
                return PathResolver.Resolve(this, path);
            case ApBundle bundle:
                return BundleImageRoot(bundle);
            case FileInfo file:
                WriteError(Errors.Record($"'{file.FullName}' is a file; an image server serves a folder (pipe Get-Item <folder>).",
                    EwcErrorIds.ImageRootNotFolder, ErrorCategory.InvalidArgument, file.FullName));
                return null;
            default:
                WriteError(Errors.Record($"Cannot serve a {input.BaseObject.GetType().Name}: pipe a folder (Get-Item ./images), a bundle (Get-ApBundle) or a path, or use -Root.",
                    EwcErrorIds.ImageRootInputNotSupported, ErrorCategory.InvalidArgument, input.BaseObject));
                return null;
        }
    }

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

    /// <summary>What -WhatIf and -Confirm name: the socket opened to the network and the folder exposed.</summary>
    private static string Describe(TftpServerOptions options)
    {
        var endPoint = HostAddress.Format(new System.Net.IPEndPoint(options.Address, options.Port));
        var scope = options.Address.Equals(System.Net.IPAddress.IPv6Any) ? "every IPv4 and IPv6 address"
            : options.Address.Equals(System.Net.IPAddress.Any) ? "every IPv4 address"
            : "address " + options.Address;
        var port = options.Port == 0 ? "a free port" : "port " + options.Port;
        return $"UDP {endPoint} ({scope}, {port}), serving '{options.Root}' read-only" +
            (options.AllowedClients.Count == 0 ? " to any client" : " to " + string.Join(", ", options.AllowedClients));
    }

    private string StartFailure(Exception e)
    {
        var reason = e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
            ? "the port is in use by another program (another TFTP server?)"
            : e.Message;
        var message = $"Cannot start the TFTP server on {Address} port {Port}: {reason}";
        if (Port is > 0 and < 1024 && e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AccessDenied })
        {
            message += " Ports below 1024 need administrator rights; run elevated or choose -Port 6969 (and point the clients at it).";
        }
        return message;
    }
}
