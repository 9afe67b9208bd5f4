using System.Text;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>The lab sshd's own config, written to the state folder; nothing in /etc is read or touched.</summary>
internal sealed record SshdConfig(
    IReadOnlyList<int> Ports,
    string HostKeyPath,
    string PidFile,
    string AuthorizedKeysFolder,
    IReadOnlyList<string> AllowUsers,
    string ForceCommand,
    bool ExposeAuthInfo)
{
    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# Written by the EWC lab simulator for this lab only.");
        foreach (var port in Ports) text.AppendLine($"ListenAddress 127.0.0.1:{port}");
        text.AppendLine($"HostKey {HostKeyPath}");
        text.AppendLine($"PidFile {PidFile}");
        text.AppendLine("UsePAM no");
        text.AppendLine("PasswordAuthentication yes");
        text.AppendLine("KbdInteractiveAuthentication no");
        text.AppendLine("PubkeyAuthentication yes");
        text.AppendLine("PermitEmptyPasswords no");
        text.AppendLine($"AuthorizedKeysFile {AuthorizedKeysFolder}/%u");
        text.AppendLine("StrictModes no");
        text.AppendLine("PermitRootLogin no");
        text.AppendLine($"AllowUsers {string.Join(' ', AllowUsers)}");
        text.AppendLine($"ForceCommand {ForceCommand}");
        if (ExposeAuthInfo) text.AppendLine("ExposeAuthInfo yes");
        text.AppendLine("PrintMotd no");
        text.AppendLine("PrintLastLog no");
        text.AppendLine("X11Forwarding no");
        text.AppendLine("AllowTcpForwarding no");
        text.AppendLine("AllowAgentForwarding no");
        text.AppendLine("PermitTunnel no");
        text.AppendLine("Subsystem sftp internal-sftp"); // never reached past ForceCommand; keeps clients that probe it from hanging
        text.AppendLine("LogLevel VERBOSE");
        text.AppendLine("MaxStartups 100:30:200");
        text.AppendLine("MaxSessions 50");
        text.AppendLine("MaxAuthTries 6");
        text.AppendLine("LoginGraceTime 30");
        return text.ToString();
    }
}
