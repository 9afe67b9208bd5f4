using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EwcUpgrade.Inventory;

/// <summary>One problem in an inventory file, with where it is.</summary>
public sealed class InventoryError
{
    public InventoryError(string file, long line, long column, string message)
    {
        File = file;
        Line = line;
        Column = column;
        Message = message;
    }

    public string File { get; }
    public long Line { get; }
    public long Column { get; }
    public string Message { get; }

    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>An inventory that cannot be used: every problem found, each with file, line and column.</summary>
public sealed class InventoryException : FormatException
{
    public InventoryException(IReadOnlyList<InventoryError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems in the inventory:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    public IReadOnlyList<InventoryError> Errors { get; }
}
