using System;
using System.Management.Automation;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>Error records with stable ids, so scripts can match on FullyQualifiedErrorId.</summary>
internal static class Errors
{
    /// <summary>A controller or host name without a usable login (no credential, no key file, or a credential name that resolves nowhere).</summary>
    public const string CredentialMissing = "CredentialMissing";

    public static ErrorRecord CredentialMissingRecord(Exception e, object? target) =>
        new(e, CredentialMissing, ErrorCategory.AuthenticationError, target);

    public static ErrorRecord Record(Exception exception, string id, ErrorCategory category, object? target) =>
        new(exception, id, category, target);

    public static ErrorRecord Record(string message, string id, ErrorCategory category, object? target) =>
        new(new InvalidOperationException(message), id, category, target);

    /// <summary>A classified failure (the catalog's id and category), for its target.</summary>
    public static ErrorRecord Record(Fanout.EwcError error, object? target) =>
        new(error.Exception, error.Id, Category(error.Category), target);

    /// <summary>The core's categories carry PowerShell's names.</summary>
    public static ErrorCategory Category(Fanout.EwcErrorCategory category) =>
        Enum.TryParse<ErrorCategory>(category.ToString(), out var c) ? c : ErrorCategory.NotSpecified;

    /// <summary>Maps the exceptions the core throws for bad input or state to PowerShell categories.</summary>
    public static ErrorCategory CategoryOf(Exception e) => e switch
    {
        ArgumentException => ErrorCategory.InvalidArgument,
        Cli.EwcHostKeyException => ErrorCategory.SecurityError,
        Cli.EwcSessionClosedException => ErrorCategory.ResourceUnavailable,
        Cli.EwcConnectionException => ErrorCategory.ConnectionError,
        Cli.EwcCommandException => ErrorCategory.InvalidOperation,
        Inventory.InventoryException => ErrorCategory.InvalidData,
        Parsers.CliParseException => ErrorCategory.ParserError,
        Bundles.ApBundleExistsException => ErrorCategory.ResourceExists,
        Bundles.ApBundleException => ErrorCategory.InvalidData,
        System.IO.FileNotFoundException or System.IO.DirectoryNotFoundException => ErrorCategory.ObjectNotFound,
        UnauthorizedAccessException => ErrorCategory.PermissionDenied,
        System.IO.InvalidDataException => ErrorCategory.InvalidData,
        System.Net.Sockets.SocketException => ErrorCategory.ConnectionError,
        TimeoutException => ErrorCategory.OperationTimeout,
        OperationCanceledException => ErrorCategory.OperationStopped,
        System.IO.IOException => ErrorCategory.WriteError,
        _ => ErrorCategory.NotSpecified,
    };
}
