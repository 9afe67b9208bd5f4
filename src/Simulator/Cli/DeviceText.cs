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

    // ---- the install engine (reference §6, §8) ----
    // The syslog lines follow the seed exactly; the console lines of `install ...` are [U]: IOS XE's
    // install-mode wording, not seen on an EWC.

    public const string Chassis = "Chassis 1 R0/0: ";
    public static string InstallStart(string url) => $"%INSTALL-5-INSTALL_START_INFO: {Chassis}install_engine: Started install add {url}";
    public static string InstallCompleted(string url) => $"%INSTALL-5-INSTALL_COMPLETED_INFO: {Chassis}install_engine: Completed install add {url}";
    public static string InstallFailed(string url, string reason) =>
        $"%INSTALL-3-OPERATION_ERROR_MESSAGE: {Chassis}install_engine: Failed to install_add package {url}, Error: Failed to download file {url}: {reason}";
    public const string ApDownloadSuccess = "%CAPWAPAC_SMGR_TRACE_MESSAGE-5-AP_JOIN_DISJOIN: " + Chassis + "wncd: AP Event: AP Image Download Success";
    public const string ApDownloadFailed = "%CAPWAPAC_SMGR_TRACE_MESSAGE-5-AP_JOIN_DISJOIN: " + Chassis + "wncd: AP Event: AP Image Download Failed";
    // [U] activate, commit and auto-abort syslog lines: IOS XE install-mode wording.
    public static string ActivateStarted(string version) => $"%INSTALL-5-INSTALL_START_INFO: {Chassis}install_engine: Started install activate {version}";
    public static string ActivateCompleted(string version) => $"%INSTALL-5-INSTALL_COMPLETED_INFO: {Chassis}install_engine: Completed install activate {version}";
    public static string CommitCompleted(string version) => $"%INSTALL-5-INSTALL_COMPLETED_INFO: {Chassis}install_engine: Completed install commit {version}";
    public const string AutoAbortExpired = "%INSTALL-5-INSTALL_AUTO_ABORT_TIMER_EXPIRED: " + Chassis + "install_engine: Install auto abort timer expired: initiating abort";
    public static string AbortCompleted(string version) => $"%INSTALL-5-INSTALL_COMPLETED_INFO: {Chassis}install_engine: Completed install abort {version}";

    // Failure reasons after "Failed to download file <url>: " ([seed] the first two; [U] the others).
    public const string NoSuchFile = "No such file or directory";
    public const string TimedOut = "Timed out";
    public const string AuthenticationFailed = "Authentication failed";
    public const string ConnectionRefused = "Connection refused";
    public const string BadImage = "Image verification failed";

    // [U] the console output of the install commands.
    public static string InstallStep(string operation, string what) => $"{operation}: {what}";
    public static string InstallStartLine(string operation) =>
        $"{operation}: START {DateTime.UtcNow.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", System.Globalization.CultureInfo.InvariantCulture)}";
    public static string InstallSuccess(string operation) =>
        $"SUCCESS: {operation} {DateTime.UtcNow.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", System.Globalization.CultureInfo.InvariantCulture)}";
    public static string InstallFailure(string operation, string why) => $"FAILED: {operation} : {why}";
    public const string ProfileIncomplete = "Image download profile default is not complete (mode, server and path; for SFTP user name and password)";
    public const string OperationInProgress = "Another install operation is in progress";
    public const string NothingToActivate = "No added package to activate: run install add profile default first, and wait until it completes";
    public const string NothingToCommit = "No activated and uncommitted package to commit";
    /// <summary>[V] the confirmation of reference §4.</summary>
    public const string ReloadConfirm = "This operation may require a reload of the system. Do you want to proceed? [y/n]";

    // ---- an AP's console during a predownload (reference §8, [seed]) ----
    public const string ApImageDataState = "CAPWAP State: Image Data";
    public static string ApVersions(string primary, string backup, string controller) => $"AP image version {primary} backup {backup}, Controller {controller}";
    public const string ApVersionMismatch = "Version does not match.";
    public static string ApOpenFile(string type) => $"wtpOpenImgFile: request {type}, local /tmp/part.tar";
    public static string ApRequestSent(string ewc, string type) => $"Image Data Request sent to {ewc}, fileName [{type}], replicaStatus 1";
    public static string ApResponse(string ewc) => $"Image Data Response from {ewc}";
    public static string ApReceived(long bytes, long messages, long last) => $".....> {bytes} bytes, {messages} msgs, {last} last";
    public const string ApLastBlock = "Last block stored, IsPre 0, WriteTaskId 0";
    public const string ApTransferCompleted = "Image transfer completed from WLC, last 1";
    public const string ApSigningVerified = "status 'Image signing verify success.'";
    public const string ApCannotStart = "Going to restart CAPWAP (reason : image download cannot start)...";
    public static string ApAborting(string type) => $"Aborting image download(0x0): Dtls cleanup, {type}";
    /// <summary>[seed] 70512640 bytes in 51208 messages: about 1377 bytes of image per CAPWAP message.</summary>
    public const int CapwapBytesPerMessage = 1377;
}
