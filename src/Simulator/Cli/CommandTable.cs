namespace EwcUpgrade.Simulator.Cli;

/// <summary>The commands each mode understands (reference §4–§5), in one table.</summary>
internal static class CommandTable
{
    private static readonly CommandSyntax[] s_exec =
    [
        new("enable", (s, _) => s.Enable()),
        new("disable", (s, _) => s.Disable()),
        new("terminal length <lines>", (s, a) => s.SetTerminalLength(a[2])),
        new("terminal width <columns>", (s, a) => s.SetTerminalWidth(a[2])),
        new("show version", (s, _) => s.Print(DeviceOutput.ShowVersion(s.Controller))),
        new("show ap summary", (s, _) => s.Print(DeviceOutput.ShowApSummary(s.Controller))),
        new("show ap image", (s, _) => s.Print(DeviceOutput.ShowApImage(s.Controller))),
        new("show install summary", (s, _) => s.Print(DeviceOutput.ShowInstallSummary(s.Controller))),
        new("show logging", (s, _) => s.Print(DeviceOutput.ShowLogging(s.Controller))),
        new("show clock", (s, _) => s.Print(DeviceOutput.ShowClock())),
        new("exit", (s, _) => s.Exit()),
        new("logout", (s, _) => s.Exit()),
    ];

    private static readonly CommandSyntax[] s_privileged =
    [
        new("show running-config", (s, _) => s.Print(DeviceOutput.RunningConfig(s.Controller))),
        new("configure terminal", (s, _) => s.EnterConfig()),
        new("write memory", (s, _) => s.WriteMemory()),
        // [U] the EWC's CLI for the GUI's Save & Download, Activate and commit (reference §6).
        new("install add profile default", (s, _) => s.PrintNow(s.Controller.Install.Add())),
        new("install activate", (s, _) => s.InstallActivate()),
        new("install commit", (s, _) => s.PrintNow(s.Controller.Install.Commit())),
        new("copy running-config startup-config", (s, _) => s.WriteMemory()),
    ];

    private static readonly CommandSyntax[] s_config =
    [
        new("wireless profile image-download default", (s, _) => s.EnterMode(CliMode.Profile)),
        new("end", (s, _) => s.End()),
        new("exit", (s, _) => s.ExitMode()),
    ];

    private static readonly CommandSyntax[] s_profile =
    [
        new("image-download-mode {tftp|sftp|cco}", (s, a) => s.SetDownloadMode(a[1])),
        new("end", (s, _) => s.End()),
        new("exit", (s, _) => s.ExitMode()),
    ];

    private static readonly CommandSyntax[] s_tftp =
    [
        new("tftp-image-server <address>", (s, a) => s.ChangeProfile(p => p.TftpServer = a[1])),
        new("tftp-image-path <path>", (s, a) => s.ChangeProfile(p => p.TftpPath = a[1])),
    ];

    private static readonly CommandSyntax[] s_sftp =
    [
        new("sftp-image-server <address>", (s, a) => s.ChangeProfile(p => p.SftpServer = a[1])),
        new("sftp-image-path <path>", (s, a) => s.ChangeProfile(p => p.SftpPath = a[1])),
        new("sftp-username <name>", (s, a) => s.ChangeProfile(p => p.SftpUsername = a[1])),
        new("sftp-password {0|8} <password>", (s, a) => s.SetSftpPassword(a[1], a[2])),
        new("sftp-port <port>", (s, a) => s.SetSftpPort(a[1])),
    ];

    private static readonly CommandSyntax[] s_privilegedAll = [.. s_exec, .. s_privileged];
    private static readonly CommandSyntax[] s_tftpAll = [.. s_profile, .. s_tftp];
    private static readonly CommandSyntax[] s_sftpAll = [.. s_profile, .. s_sftp];

    public static IReadOnlyList<CommandSyntax> For(CliMode mode) => mode switch
    {
        CliMode.UserExec => s_exec,
        CliMode.PrivilegedExec => s_privilegedAll,
        CliMode.Config => s_config,
        CliMode.Profile => s_profile,
        CliMode.ProfileTftp => s_tftpAll,
        CliMode.ProfileSftp => s_sftpAll,
        _ => [],
    };

    /// <summary>
    /// The mode a config sub-mode sits in: IOS runs a line the sub-mode does not know in the
    /// enclosing modes, and stays there.
    /// </summary>
    public static CliMode? Parent(CliMode mode) => mode switch
    {
        CliMode.ProfileTftp or CliMode.ProfileSftp => CliMode.Profile,
        CliMode.Profile => CliMode.Config,
        _ => null,
    };
}
