using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Inventory;

namespace EwcUpgrade.DeviceData;

/// <summary>The device data file (or the user's override of it) cannot be used: every problem, each with file, line and column.</summary>
public sealed class DeviceDataException : FormatException
{
    public DeviceDataException(IReadOnlyList<InventoryError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems in the device data:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    public DeviceDataException(string message)
        : base(message)
    {
        Errors = Array.Empty<InventoryError>();
    }

    /// <summary>Each problem; InventoryError is the project's one "file:line:column: message" record.</summary>
    public IReadOnlyList<InventoryError> Errors { get; }
}
