namespace EwcUpgrade.Diagnosis;

/// <summary>What a `show logging` line about the install engine or an AP's image download says.</summary>
public enum ImageDownloadEventKind
{
    InstallStarted,
    InstallCompleted,
    InstallFailed,
    InstallAutoAbortExpired,
    ApImageDownloadSucceeded,
    ApImageDownloadFailed,
}

/// <summary>Why an image download failed, as far as the device's text (and the module's image server) tell.</summary>
public enum DownloadFailureCause
{
    Unknown,
    WrongPath,
    MissingImage,
    ServerUnreachable,
    AuthenticationFailed,
}
