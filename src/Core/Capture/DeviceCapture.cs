using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Capture;

public enum CapturedStatus
{
    /// <summary>The device answered; its output is the capture file.</summary>
    Captured,
    /// <summary>The device rejected the command (`% Invalid input …`); the manifest keeps its text.</summary>
    Rejected,
}

/// <summary>One command of a capture: its output (masked) or the device's refusal.</summary>
public sealed class CapturedCommand
{
    internal CapturedCommand(CaptureCommand command, CapturedStatus status, string text, DateTime takenAt)
    {
        Command = command.Text;
        Folder = command.Folder;
        Status = status;
        Text = text;
        TakenAt = takenAt;
    }

    public string Command { get; }
    /// <summary>The parser capture folder the output belongs in.</summary>
    public string Folder { get; }
    public CapturedStatus Status { get; }
    /// <summary>The output when captured, the device's error text when rejected; secrets masked either way.</summary>
    public string Text { get; }
    /// <summary>When the command ran (UTC).</summary>
    public DateTime TakenAt { get; }
    /// <summary>
    /// Whether the output held a password the session knows (login, enable), now masked: a short or
    /// common-word password also masks ordinary text, which the user should know before sharing.
    /// </summary>
    public bool HeldKnownSecret { get; internal set; }
    /// <summary>The file written for it, relative to the capture folder (Folder/Name.txt); null when rejected.</summary>
    public string? File { get; internal set; }

    public override string ToString() => Status == CapturedStatus.Captured ? Command : $"{Command} (rejected)";
}

/// <summary>What one controller printed for the capture's commands, masked and ready to write.</summary>
public sealed class DeviceCapture
{
    internal DeviceCapture(string controller, string? release, string? model, string? software, DateTime takenAt, IReadOnlyList<CapturedCommand> commands)
    {
        Controller = controller;
        Release = release;
        Model = model;
        Software = software;
        TakenAt = takenAt;
        Commands = commands;
        Name = NameFor(release, controller);
    }

    public string Controller { get; }
    /// <summary>The release `show version` names (17.9.3, 17.09.04a …); null when it could not be read.</summary>
    public string? Release { get; }
    /// <summary>The hardware `show version` names (C9120AXI-E …); null when it could not be read.</summary>
    public string? Model { get; }
    public string? Software { get; }
    /// <summary>When the capture started (UTC).</summary>
    public DateTime TakenAt { get; }
    public IReadOnlyList<CapturedCommand> Commands { get; }

    /// <summary>The files' name: `device-&lt;release&gt;-&lt;controller&gt;`, the prefix marking a capture from a device (Captures/README.md).</summary>
    public string Name { get; }

    public const string NamePrefix = "device-";

    /// <summary>Only letters, digits, dot, dash and underscore: the name is a file name on every system and in a URL.</summary>
    internal static string NameFor(string? release, string controller) =>
        NamePrefix + Safe(release ?? "unknown-release") + "-" + Safe(controller);

    private static string Safe(string text)
    {
        var safe = Regex.Replace(text.Trim(), @"[^A-Za-z0-9._-]+", "_").Trim('.', '_');
        return safe.Length == 0 ? "unnamed" : safe;
    }

    public IEnumerable<CapturedCommand> Captured => Commands.Where(c => c.Status == CapturedStatus.Captured);
}
