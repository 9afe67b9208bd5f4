using System;

namespace EwcUpgrade.Fanout;

/// <summary>
/// Kinds of failure, named as PowerShell's ErrorCategory names them so the cmdlet layer maps them
/// by name; the core stays free of PowerShell.
/// </summary>
public enum EwcErrorCategory
{
    NotSpecified,
    ConnectionError,
    SecurityError,
    AuthenticationError,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    ParserError,
    ObjectNotFound,
    OperationTimeout,
    OperationStopped,
    PermissionDenied,
    ResourceExists,
    WriteError,
}

/// <summary>What went wrong, classified: a stable id scripts can match on, a category and the plain-words message.</summary>
public sealed class EwcError
{
    public EwcError(string id, EwcErrorCategory category, Exception exception)
    {
        Id = id;
        Category = category;
        Exception = exception ?? throw new ArgumentNullException(nameof(exception));
    }

    /// <summary>One of <see cref="EwcErrorIds"/>: the FullyQualifiedErrorId's first part.</summary>
    public string Id { get; }
    public EwcErrorCategory Category { get; }
    public Exception Exception { get; }
    public string Message => Exception.Message;

    public override string ToString() => $"{Id}: {Message}";
}
