using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// A real OpenSSH sshd for the lab: its own config, host key, pid file and log in the state
/// folder (nothing in /etc), one listening port per controller on 127.0.0.1, and a forced command
/// that attaches each session to the simulator process.
/// </summary>
internal sealed class SshdHost : IDisposable
{
    private readonly string _state;
    private Process? _process;

    public SshdHost(string stateFolder)
    {
        _state = stateFolder;
    }

    public string HostKeyPath => Path.Combine(_state, "ssh_host_ed25519_key");
    public string LogPath => Path.Combine(_state, "sshd.log");
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The key is kept across restarts with the same state folder, so pinned fingerprints stay valid.</summary>
    public string EnsureHostKey()
    {
        if (!File.Exists(HostKeyPath)) Processes.Require("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ewc-lab", "-f", HostKeyPath);
        var line = Processes.Require("ssh-keygen", "-l", "-E", "sha256", "-f", HostKeyPath + ".pub");
        return line.Split(' ')[1]; // "256 SHA256:… comment (ED25519)"
    }

    public void Start(IReadOnlyList<int> ports, IReadOnlyList<string> users, string forcedCommand, string authorizedKeysFolder)
    {
        var sshd = new[] { "/usr/sbin/sshd", "/usr/bin/sshd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("OpenSSH's sshd is not installed (apt-get install openssh-server).");
        if (Processes.IsRoot) Directory.CreateDirectory("/run/sshd"); // privilege separation folder sshd insists on
        var root = Processes.IsRoot;
        var config = new StringBuilder();
        foreach (var port in ports) config.AppendLine($"ListenAddress 127.0.0.1:{port}");
        config.AppendLine($"HostKey {HostKeyPath}");
        config.AppendLine($"PidFile {Path.Combine(_state, "sshd.pid")}");
        config.AppendLine($"AuthorizedKeysFile {authorizedKeysFolder}/%u");
        config.AppendLine("StrictModes no");
        config.AppendLine("UsePAM no");
        config.AppendLine($"PasswordAuthentication {(root ? "yes" : "no")}");
        config.AppendLine("KbdInteractiveAuthentication no");
        config.AppendLine("PubkeyAuthentication yes");
        config.AppendLine("PermitRootLogin no");
        config.AppendLine("PermitEmptyPasswords no");
        config.AppendLine($"AllowUsers {string.Join(' ', root ? users : new[] { Environment.UserName })}");
        config.AppendLine($"ForceCommand {forcedCommand}");
        config.AppendLine("PrintMotd no");
        config.AppendLine("PrintLastLog no");
        config.AppendLine("X11Forwarding no");
        config.AppendLine("AllowTcpForwarding no");
        config.AppendLine("AllowAgentForwarding no");
        config.AppendLine("PermitTTY yes");
        config.AppendLine("MaxStartups 200:30:400");
        config.AppendLine("MaxSessions 50");
        config.AppendLine("MaxAuthTries 6");
        config.AppendLine("LoginGraceTime 30");
        config.AppendLine("LogLevel VERBOSE");
        var configPath = Path.Combine(_state, "sshd_config");
        File.WriteAllText(configPath, config.ToString());

        var info = new ProcessStartInfo(sshd) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-D", "-f", configPath, "-E", LogPath }) info.ArgumentList.Add(a);
        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start sshd");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitListening(ports);
    }

    private void WaitListening(IReadOnlyList<int> ports)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        foreach (var port in ports)
        {
            while (true)
            {
                if (_process!.HasExited) throw new InvalidOperationException($"sshd exited ({_process.ExitCode}):\n{ReadLog()}");
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(50);
                }
                catch (SocketException)
                {
                    throw new InvalidOperationException($"sshd does not listen on 127.0.0.1:{port} after 15 s:\n{ReadLog()}");
                }
            }
        }
    }

    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no sshd log)";

    /// <summary>A port nothing listens on now (the OS's choice), for controllers the lab gives port 0.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        if (_process == null) return;
        try
        {
            if (!_process.HasExited)
            {
                Processes.Run("kill", new[] { "-TERM", _process.Id.ToString() });
                if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _process = null;
    }
}
