namespace EwcUpgrade.Simulator.Cli;

/// <summary>
/// Every fixed text the simulated device prints (reference §4–§5), in one place, so a capture
/// from a real EWC that reads differently is a change here only. Show-command layouts are in
/// DeviceOutput.
/// </summary>
internal static class DeviceText
{
    /// <summary>Config prompts cut the hostname to this many characters.</summary>
    public const int ConfigPromptNameLength = 20;

    public const string UserExecPrompt = ">";
    public const string PrivilegedPrompt = "#";
    public const string ConfigPrompt = "(config)#";
    public const string ProfilePrompt = "(config-wireless-image-download-profile)#";
    public const string ProfileTftpPrompt = "(config-wireless-image-download-profile-tftp)#";
    public const string ProfileSftpPrompt = "(config-wireless-image-download-profile-sftp)#";

    public const string EnterConfiguration = "Enter configuration commands, one per line.  End with CNTL/Z.";
    public const string InvalidInput = "% Invalid input detected at '^' marker.";
    public const string IncompleteCommand = "% Incomplete command.";
    public static string AmbiguousCommand(string line) => $"% Ambiguous command:  \"{line}\"";
    public const string InvalidRegex = "%ERROR: Invalid regular expression.";
    public const string RegexTimedOut = "%ERROR: Regular expression too complex.";
    public const string AuthorizationFailed = "% Authorization failed.";
    public const string NoSuchController = "% No controller answers on this port.";
    public const string AttachRefused = "% The lab refuses this session: the connecting process does not run as the login it names.";
    public const string EnablePassword = "Password: ";
    public const string BadSecrets = "% Bad secrets";
    public const string BuildingConfiguration = "Building configuration...";
    public const string Ok = "[OK]";
    public const string More = " --More-- ";

    public static string ConfiguredFrom(string user) => $"%SYS-5-CONFIG_I: Configured from console by {user} on vty0 (127.0.0.1)";
}
