using System;
using System.Management.Automation;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>Error records with stable ids, so scripts can match on FullyQualifiedErrorId.</summary>
internal static class Errors
{
    /// <summary>A controller or host name without a usable login (no credential, no key file, or a credential name that resolves nowhere).</summary>
    public const string CredentialMissing = Fanout.EwcErrorIds.CredentialMissing;

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

    /// <summary>The PowerShell category of an exception the core throws (one table: the core's catalog).</summary>
    public static ErrorCategory CategoryOf(Exception e) => Category(Fanout.EwcErrors.CategoryOf(e));
}
