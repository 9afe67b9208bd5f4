namespace EwcUpgrade.Upgrade.Readiness;

/// <summary>Why a controller is not ready for a bundle.</summary>
public enum ReadinessCode
{
    /// <summary>The download profile lacks its mode, server or path (or, for SFTP, the login).</summary>
    ProfileIncomplete,
    /// <summary>The profile downloads by a mode other than TFTP or SFTP (cco, http, …).</summary>
    ProfileModeUnsupported,
    /// <summary>The server answers, but none of the bundle's files is at the profile's path with the bundle's size.</summary>
    ProfileElsewhere,
    /// <summary>An image type the controller's APs need (or the controller image) is not in the bundle.</summary>
    ImageTypeMissingFromBundle,
    /// <summary>An AP model the image-type table does not know: which image it needs is unknown.</summary>
    UnknownApModel,
    /// <summary>The probe of the image server failed for an image (Verdict says how).</summary>
    ServerCheckFailed,
    /// <summary>The image server could not be checked (no SFTP login given, host key refused, address unknown).</summary>
    ServerNotChecked,
    /// <summary>The SFTP login given for the probe is not the profile's sftp-username.</summary>
    ProbeLoginDiffers,
    /// <summary>The bundle's release is older than the controller's.</summary>
    Downgrade,
    /// <summary>The controller already runs the bundle's release.</summary>
    AlreadyAtTarget,
    /// <summary>The controller's or the bundle's release could not be read.</summary>
    ReleaseUnknown,
}
