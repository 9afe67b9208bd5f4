using System;
using System.Collections.Generic;

namespace EwcUpgrade.Parsers;

/// <summary>
/// An AP's predownload status in `show ap image`, as a state the upgrade can wait on. Values seen or
/// expected (reference §7): None, Initiated, Predownloading, Complete, Failed, Not Supported [P]. A
/// value a release adds is Unknown, never an error: the row keeps the device's own text.
/// </summary>
public enum PredownloadState
{
    Unknown,
    None,
    Initiated,
    Downloading,
    Predownloading,
    Complete,
    Failed,
    NotSupported,
}

internal static class PredownloadStates
{
    private static readonly Dictionary<string, PredownloadState> s_byText = new(StringComparer.OrdinalIgnoreCase)
    {
        ["None"] = PredownloadState.None,
        ["N/A"] = PredownloadState.None,
        ["Initiated"] = PredownloadState.Initiated,
        ["Downloading"] = PredownloadState.Downloading,
        ["Predownloading"] = PredownloadState.Predownloading,
        ["Complete"] = PredownloadState.Complete,
        ["Completed"] = PredownloadState.Complete,
        ["Failed"] = PredownloadState.Failed,
        ["Not Supported"] = PredownloadState.NotSupported,
    };

    public static PredownloadState Of(string text) =>
        s_byText.TryGetValue((text ?? "").Trim(), out var state) ? state : PredownloadState.Unknown;
}
