using System;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Diagnosis;

/// <summary>
/// One install or image-download event of `show logging`; a failure carries its cause and the fix
/// in one sentence. Every text is masked: a URL's user and password show as *****@.
/// </summary>
public sealed class ImageDownloadEvent
{
    /// <summary>The device's own time stamp, as printed (no year, the device's clock and zone).</summary>
    public string Timestamp { get; internal set; } = "";
    /// <summary>The time stamp read in the year given to the parser; null when the device printed no usable time.</summary>
    public DateTime? Time { get; internal set; }
    public ImageDownloadEventKind Kind { get; internal set; }
    /// <summary>add, activate, commit or abort for install events; null for an AP's event.</summary>
    public string? Operation { get; internal set; }
    /// <summary>The image's URL, user and password masked; null when the event names none.</summary>
    public string? Url { get; internal set; }
    /// <summary>What an install activate, commit or abort names instead of a URL (a version), as printed.</summary>
    public string? Version { get; internal set; }
    public ImageServerProtocol? Protocol { get; internal set; }
    public string? Server { get; internal set; }
    /// <summary>The folder on the server, as in the URL (e.g. /EWC/17_9_4a).</summary>
    public string? Path { get; internal set; }
    /// <summary>The file asked for: an AP image type such as ap1g6, or the controller image.</summary>
    public string? File { get; internal set; }
    /// <summary>The device's reason, e.g. "No such file or directory"; null unless the event failed.</summary>
    public string? Error { get; internal set; }
    /// <summary>Null unless the event is a failure; an AP's failure takes the cause of the install error nearest in time.</summary>
    public DownloadFailureCause? Cause { get; internal set; }
    public string? Fix { get; internal set; }
    /// <summary>What the module's own image server saw of this file, when its transfers were joined in.</summary>
    public string? ServerSaw { get; internal set; }
    public string Mnemonic { get; internal set; } = "";
    /// <summary>The whole line, masked.</summary>
    public string Line { get; internal set; } = "";

    /// <summary>Set by the caller: the controller whose log it is.</summary>
    public string? Controller { get; set; }
    public bool IsFailure => Kind is ImageDownloadEventKind.InstallFailed or ImageDownloadEventKind.ApImageDownloadFailed;

    public override string ToString() => $"{Timestamp} {Kind} {Url}{(Cause != null ? " " + Cause : "")}";
}
