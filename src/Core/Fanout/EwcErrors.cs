using System;
using System.IO;
using EwcUpgrade.Cli;

namespace EwcUpgrade.Fanout;

/// <summary>
/// The module's error ids: the first part of every error record's FullyQualifiedErrorId, stable
/// across releases so scripts can match on them. One list, one classifier, used by every cmdlet.
/// </summary>
public static class EwcErrorIds
{
    public const string ConnectionFailed = "ConnectionFailed";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string HostKeyChanged = "HostKeyChanged";
    public const string HostKeyUnknown = "HostKeyUnknown";
    public const string KeyFileUnreadable = "KeyFileUnreadable";
    public const string CredentialMissing = "CredentialMissing";
    public const string DeviceCommandFailed = "DeviceCommandFailed";
    public const string DeviceTimeout = "DeviceTimeout";
    public const string DeviceOutputNotUnderstood = "DeviceOutputNotUnderstood";
    public const string SessionClosed = "SessionClosed";
    public const string SessionNotFound = "SessionNotFound";
    public const string InvalidCommand = "InvalidCommand";
    public const string ControllerDeadline = "ControllerDeadline";
    public const string Stopped = "Stopped";
    public const string InventoryInvalid = "InventoryInvalid";
    public const string InvalidArgument = "InvalidArgument";
    public const string ControllerError = "ControllerError";
    public const string DeviceDataInvalid = "DeviceDataInvalid";

    // Bundles, image servers, inventories and the other cmdlets' own failures.
    public const string ApBundleDamaged = "ApBundleDamaged";
    public const string ApBundleExists = "ApBundleExists";
    public const string ApBundleImportFailed = "ApBundleImportFailed";
    public const string BundleFolderNotFound = "BundleFolderNotFound";
    public const string CredentialNotPSCredential = "CredentialNotPSCredential";
    public const string DestinationExists = "DestinationExists";
    public const string DestinationFolderNotFound = "DestinationFolderNotFound";
    public const string ImagePathMissing = "ImagePathMissing";
    public const string ImageRootAmbiguous = "ImageRootAmbiguous";
    public const string ImageRootInputNotSupported = "ImageRootInputNotSupported";
    public const string ImageRootNotFolder = "ImageRootNotFolder";
    public const string ImageRootNotFound = "ImageRootNotFound";
    public const string ImageServerMissing = "ImageServerMissing";
    public const string ImageServerNotFound = "ImageServerNotFound";
    public const string ImageServerProbeFailed = "ImageServerProbeFailed";
    public const string ImageServerStartFailed = "ImageServerStartFailed";
    public const string ImagesMissing = "ImagesMissing";
    public const string InvalidApBundle = "InvalidApBundle";
    public const string InventoryUnreadable = "InventoryUnreadable";
    public const string LogFolderNotFound = "LogFolderNotFound";
    public const string NoApBundle = "NoApBundle";
    public const string ParameterNotForSftp = "ParameterNotForSftp";
    public const string ProfileIncomplete = "ProfileIncomplete";
    public const string RemotePathUnknown = "RemotePathUnknown";
    public const string SampleBundleExists = "SampleBundleExists";
    public const string SampleBundleFailed = "SampleBundleFailed";
    public const string TftpDownloadFailed = "TftpDownloadFailed";
    public const string UnknownImageType = "UnknownImageType";
    public const string UpgradeFailed = "UpgradeFailed";
    public const string UpgradeSkipped = "UpgradeSkipped";
    public const string UpgradeTimedOut = "UpgradeTimedOut";
}

public static class EwcErrors
{
    /// <summary>The id and category of an exception the core or SSH.NET threw; anything unknown is ControllerError.</summary>
    public static EwcError Classify(Exception e)
    {
        var (id, category) = e switch
        {
            ControllerFailureException f => (f.Id, f.Category),
            EwcHostKeyException { Changed: true } => (EwcErrorIds.HostKeyChanged, EwcErrorCategory.SecurityError),
            EwcHostKeyException => (EwcErrorIds.HostKeyUnknown, EwcErrorCategory.SecurityError),
            EwcAuthenticationException => (EwcErrorIds.AuthenticationFailed, EwcErrorCategory.AuthenticationError),
            EwcKeyFileException => (EwcErrorIds.KeyFileUnreadable, EwcErrorCategory.InvalidArgument),
            EwcCredentialMissingException => (EwcErrorIds.CredentialMissing, EwcErrorCategory.AuthenticationError),
            EwcSessionClosedException => (EwcErrorIds.SessionClosed, EwcErrorCategory.InvalidOperation),
            EwcTimeoutException => (EwcErrorIds.DeviceTimeout, EwcErrorCategory.OperationTimeout),
            EwcConnectionException => (EwcErrorIds.ConnectionFailed, EwcErrorCategory.ConnectionError),
            EwcCommandException => (EwcErrorIds.DeviceCommandFailed, EwcErrorCategory.InvalidOperation),
            EwcCommandRefusedException => (EwcErrorIds.InvalidCommand, EwcErrorCategory.InvalidArgument),
            Parsers.CliParseException => (EwcErrorIds.DeviceOutputNotUnderstood, EwcErrorCategory.ParserError),
            Inventory.InventoryException => (EwcErrorIds.InventoryInvalid, EwcErrorCategory.InvalidData),
            ControllerDeadlineException => (EwcErrorIds.ControllerDeadline, EwcErrorCategory.OperationTimeout),
            OperationCanceledException => (EwcErrorIds.Stopped, EwcErrorCategory.OperationStopped),
            TimeoutException => (EwcErrorIds.DeviceTimeout, EwcErrorCategory.OperationTimeout),
            ArgumentException => (EwcErrorIds.InvalidArgument, EwcErrorCategory.InvalidArgument),
            IOException => (EwcErrorIds.ConnectionFailed, EwcErrorCategory.ConnectionError),
            _ => (EwcErrorIds.ControllerError, EwcErrorCategory.NotSpecified),
        };
        return new EwcError(id, category, e);
    }

    /// <summary>
    /// The category of any exception the core throws, for cmdlets that pick their own id (bundles,
    /// image servers, inventories): files and folders first, then the controller classification.
    /// </summary>
    public static EwcErrorCategory CategoryOf(Exception e) => e switch
    {
        Bundles.ApBundleExistsException => EwcErrorCategory.ResourceExists,
        Bundles.ApBundleException => EwcErrorCategory.InvalidData,
        FileNotFoundException or DirectoryNotFoundException => EwcErrorCategory.ObjectNotFound,
        UnauthorizedAccessException => EwcErrorCategory.PermissionDenied,
        InvalidDataException => EwcErrorCategory.InvalidData,
        System.Net.Sockets.SocketException => EwcErrorCategory.ConnectionError,
        IOException and not EwcConnectionException => EwcErrorCategory.WriteError,
        _ => Classify(e).Category,
    };

    /// <summary>
    /// Failures that belong to one controller (its error, the pipeline goes on); anything else is a
    /// bug and is let through to fail loudly.
    /// </summary>
    public static bool IsControllerFailure(Exception e) =>
        e is EwcConnectionException or EwcCommandException or EwcCommandRefusedException or TimeoutException or Parsers.CliParseException
            or ArgumentException or Inventory.InventoryException or IOException or OperationCanceledException or ControllerDeadlineException
            or EwcSessionClosedException or EwcCredentialMissingException or EwcKeyFileException or ControllerFailureException;
}
