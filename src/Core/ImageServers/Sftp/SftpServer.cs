using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using EwcUpgrade.Common;

namespace EwcUpgrade.ImageServers.Sftp;

/// <summary>
/// An SFTP-only image server: OpenSSH's sshd run with a generated config (see SshdSftpConfig) as a
/// process of its own, its login a system account made for it, its transfers read from
/// sftp-server's log through a syslog socket in the chroot. Needs root (password logins and chroot).
/// </summary>
public sealed class SftpServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly List<Action> _undo = new();
    private Process? _sshd;
    private int _port;
    private SyslogSocket? _syslog;
    private int _stopped;

    public SftpServer(SftpServerOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Root = Path.GetFullPath(options.Root);
        Tracker = new SftpSessionTracker(Root);
    }

    public SftpServerOptions Options { get; }
    public string Root { get; }
    public string StateFolder { get; private set; } = "";
    public string ConfigPath => Path.Combine(StateFolder, "sshd_config");
    public string HostKeyPath => Path.Combine(StateFolder, "ssh_host_ed25519_key");
    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);
    public string? HostKeyFingerprint { get; private set; }
    public SftpSessionTracker Tracker { get; }

    /// <summary>sshd's own log lines and what the server does; raised on a background thread.</summary>
    public event EventHandler<string>? Log;

    /// <summary>Why this machine cannot run the server (no sshd, not root), or null.</summary>
    public static string? PrerequisiteProblem(string sshdPath)
    {
        if (!File.Exists(sshdPath))
            return $"OpenSSH's sshd is not installed ({sshdPath} is missing): install it (Debian/Ubuntu: apt-get install openssh-server; RHEL: dnf install openssh-server) and start the server again.";
        if (!IsRoot())
            return "The SFTP image server needs root: the controller logs in with a user name and password (sftp-username, sftp-password), which sshd checks against a system account that only root can create, and only root can chroot the login to the image root. " +
                   $"Run PowerShell as root, or serve over TFTP (Start-ImageServer -Protocol Tftp), which needs no root on ports above 1023. Without root an sshd can only let {Environment.UserName} in, by key, with no chroot: no use to a controller.";
        return null;
    }

    public void Start()
    {
        if (PrerequisiteProblem(Options.SshdPath) is { } problem) throw new InvalidOperationException(problem);
        if (ChrootRule.Problem(Root) is { } chroot) throw new InvalidOperationException(chroot);
        if (string.IsNullOrEmpty(Options.UserName) || string.IsNullOrEmpty(Options.Password))
            throw new ArgumentException("The SFTP login needs a user name and a password (the controllers' sftp-username and sftp-password).");
        try
        {
            PrepareState();
            _port = Options.Port == 0 ? FreeTcpPort(Options.Address) : Options.Port;
            var addresses = Options.Address.Equals(IPAddress.IPv6Any) ? new[] { "0.0.0.0", "::" } : new[] { Options.Address.ToString() };
            File.WriteAllText(ConfigPath, SshdSftpConfig.Render(addresses, _port, HostKeyPath, Path.Combine(StateFolder, "sshd.pid"), Root, Options.UserName));
            var check = Processes.Run(Options.SshdPath, new[] { "-t", "-f", ConfigPath }, TimeSpan.FromSeconds(15));
            if (check.ExitCode != 0) throw new InvalidOperationException($"sshd refused the generated config {ConfigPath}: {check.Output.Trim()}");
            SftpLoginAccount.Create(Options.UserName, Options.Password);
            _undo.Add(() => SftpLoginAccount.Remove(Options.UserName));
            _syslog = SyslogSocket.Open(Root, OnSyslog, out var logProblem);
            if (logProblem != null) Say("warning: " + logProblem);
            StartSshd();
        }
        catch
        {
            Stop();
            throw;
        }
    }

    private void PrepareState()
    {
        StateFolder = Options.StateFolder ?? Path.Combine(Path.GetTempPath(), "ewcupgrade-sftp-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        var created = !Directory.Exists(StateFolder);
        Directory.CreateDirectory(StateFolder);
        Processes.Run("chmod", new[] { "700", StateFolder }, TimeSpan.FromSeconds(5));
        if (created && Options.StateFolder == null) _undo.Add(() => { try { Directory.Delete(StateFolder, true); } catch (IOException) { } });
        if (!File.Exists(HostKeyPath))
        {
            var keygen = Processes.Run("ssh-keygen", new[] { "-q", "-t", "ed25519", "-N", "", "-C", "ewcupgrade-sftp", "-f", HostKeyPath }, TimeSpan.FromSeconds(30));
            if (keygen.ExitCode != 0) throw new InvalidOperationException($"ssh-keygen could not make the host key: {keygen.Output.Trim()}");
        }
        var fingerprint = Processes.Run("ssh-keygen", new[] { "-l", "-f", HostKeyPath }, TimeSpan.FromSeconds(10));
        HostKeyFingerprint = fingerprint.ExitCode == 0 ? fingerprint.Output.Split(' ').FirstOrDefault(p => p.StartsWith("SHA256:", StringComparison.Ordinal)) : null;
    }

    private void StartSshd()
    {
        Directory.CreateDirectory("/run/sshd"); // sshd's privilege-separation folder, missing on machines that never ran the system sshd
        var start = new ProcessStartInfo(Options.SshdPath, Processes.Join(new[] { "-D", "-e", "-f", ConfigPath }))
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var listening = new ManualResetEventSlim();
        var said = new List<string>();
        _sshd = new Process { StartInfo = start, EnableRaisingEvents = true };
        _sshd.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (said) if (said.Count < 50) said.Add(e.Data);
            if (e.Data.StartsWith("Server listening on ", StringComparison.Ordinal)) listening.Set();
            Say(e.Data);
        };
        _sshd.Exited += (_, _) => listening.Set();
        _sshd.Start();
        _sshd.BeginErrorReadLine();
        _sshd.BeginOutputReadLine();
        _undo.Add(StopSshd);
        if (!listening.Wait(StartTimeout) || _sshd.HasExited)
        {
            string text;
            lock (said) text = string.Join(" ", said);
            var inUse = text.IndexOf("Address already in use", StringComparison.OrdinalIgnoreCase) >= 0;
            throw new InvalidOperationException(inUse
                ? $"TCP port {_port} on {Options.Address} is in use (another sshd?): give the server another port with -Port, and the controllers the same port."
                : $"sshd did not start: {text}");
        }
        LocalEndPoint = new IPEndPoint(Options.Address, _port);
    }

    private void OnSyslog(string line)
    {
        if (SftpLogParser.Parse(line) is { } e) Tracker.Handle(e, DateTime.UtcNow);
        Say(SyslogText(line));
    }

    // "<38>Nov 29 08:58:21 internal-sftp[15970]: open ..." -> "internal-sftp[15970]: open ..."
    private static string SyslogText(string line)
    {
        var text = line.TrimEnd('\n', '\0');
        if (text.StartsWith("<", StringComparison.Ordinal) && text.IndexOf('>') is var close and > 0) text = text.Substring(close + 1);
        return text.Length > 16 && text[3] == ' ' && text[6] == ' ' && text[15] == ' ' ? text.Substring(16) : text;
    }

    private void Say(string message)
    {
        try { Log?.Invoke(this, message); }
        catch (Exception) { }
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _syslog?.Dispose();
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            try { _undo[i](); }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException) { Say("warning: " + e.Message); }
        }
        _undo.Clear();
    }

    /// <summary>Ends sshd and the sessions it forked (each live transfer is cut), then waits for them.</summary>
    private void StopSshd()
    {
        if (_sshd == null) return;
        var children = ChildrenOf(_sshd.Id);
        foreach (var pid in children.Concat(new[] { _sshd.Id })) Processes.Run("kill", new[] { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, TimeSpan.FromSeconds(5));
        if (!_sshd.WaitForExit(5000))
        {
            try { _sshd.Kill(); } catch (InvalidOperationException) { }
        }
        _sshd.Dispose();
    }

    private static IReadOnlyList<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var ppid = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ')[1];
                if (ppid == parent.ToString(CultureInfo.InvariantCulture)) children.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or IndexOutOfRangeException) { }
        }
        return children;
    }

    // sshd has no "any free port": pick one the way the kernel would, just before sshd binds it.
    private static int FreeTcpPort(IPAddress address)
    {
        var probe = new System.Net.Sockets.TcpListener(address.Equals(IPAddress.IPv6Any) ? IPAddress.Any : address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static bool IsRoot()
    {
        var id = Processes.Run("id", new[] { "-u" }, TimeSpan.FromSeconds(5));
        return id.ExitCode == 0 && id.Output.Trim() == "0";
    }

    public void Dispose() => Stop();
}
