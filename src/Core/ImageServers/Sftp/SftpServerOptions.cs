using System.Net;

namespace EwcUpgrade.ImageServers.Sftp;

/// <summary>How to run the SFTP image server: where, on which port, which login, where its files live.</summary>
public sealed class SftpServerOptions
{
    /// <summary>The image root: the login is chrooted here, so the controllers' path is relative to it (/17.9.4.27).</summary>
    public string Root { get; set; } = "";
    public IPAddress Address { get; set; } = IPAddress.Any;
    public int Port { get; set; } = 22;
    /// <summary>The login the controllers use (sftp-username); a system account created for this server.</summary>
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>The folder for the generated config, host key, pid file and log; a new temporary folder when empty.</summary>
    public string? StateFolder { get; set; }
    public string SshdPath { get; set; } = "/usr/sbin/sshd";
}
