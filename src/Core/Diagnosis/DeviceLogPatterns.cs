using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EwcUpgrade.DeviceData;
using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Diagnosis;

/// <summary>One syslog event the module recognises: its mnemonic and the pattern of its text.</summary>
public sealed class LogEventPattern
{
    internal LogEventPattern(ImageDownloadEventKind kind, string mnemonic, Regex pattern, DeviceMark mark)
    {
        Kind = kind;
        Mnemonic = mnemonic;
        Pattern = pattern;
        Mark = mark;
    }

    public ImageDownloadEventKind Kind { get; }
    public string Mnemonic { get; }
    public Regex Pattern { get; }
    public DeviceMark Mark { get; }
}

/// <summary>A download failure's reason text and the cause it means.</summary>
public sealed class FailureReason
{
    internal FailureReason(string name, string text, DownloadFailureCause cause, DeviceMark mark)
    {
        Name = name;
        Text = text;
        Cause = cause;
        Mark = mark;
    }

    public string Name { get; }
    public string Text { get; }
    public DownloadFailureCause Cause { get; }
    public DeviceMark Mark { get; }
}

/// <summary>The device data file's `log` section: every log pattern the module matches in `show logging`.</summary>
public sealed class DeviceLogPatterns
{
    private DeviceLogPatterns() { }

    public IReadOnlyList<LogEventPattern> Events { get; private set; } = null!;
    /// <summary>"Failed to download file &lt;url&gt;: &lt;reason&gt;", groups url and reason.</summary>
    public DevicePattern DownloadError { get; private set; } = null!;
    public IReadOnlyList<FailureReason> Reasons { get; private set; } = null!;

    public static DeviceLogPatterns Load(string? overridePath = null)
    {
        var data = DeviceDataFile.Load(overridePath);
        var patterns = From(data);
        data.ThrowIfErrors();
        return patterns;
    }

    internal static DeviceLogPatterns From(DeviceDataFile data)
    {
        var log = data.Section(data.Root, "log");
        var events = new List<LogEventPattern>();
        foreach (var (key, entry) in data.Entries(data.Section(log, "events")))
        {
            if (!Enum.TryParse<ImageDownloadEventKind>(key, out var kind) || !Enum.IsDefined(typeof(ImageDownloadEventKind), kind))
            {
                data.Error(entry, $"unknown event '{key}'; known events: {string.Join(", ", Enum.GetNames(typeof(ImageDownloadEventKind)))}");
                continue;
            }
            events.Add(new LogEventPattern(kind, data.Text(entry, "mnemonic").Trim(), data.Pattern(entry, "pattern"), data.Mark(entry)));
        }
        var downloadError = data.Section(log, "download-error");
        return new DeviceLogPatterns
        {
            Events = events,
            DownloadError = new DevicePattern("download-error", data.Pattern(downloadError, "pattern"), data.Mark(downloadError)),
            Reasons = data.Entries(data.Section(log, "reasons"))
                .Select(e => new FailureReason(e.Key, data.Text(e.Entry, "text").Trim(), data.Enum<DownloadFailureCause>(e.Entry, "cause"), data.Mark(e.Entry)))
                .ToList(),
        };
    }

    /// <summary>The cause a device's reason text means; Unknown when no reason matches.</summary>
    public DownloadFailureCause Classify(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return DownloadFailureCause.Unknown;
        var match = Reasons.FirstOrDefault(r => reason!.IndexOf(r.Text, StringComparison.OrdinalIgnoreCase) >= 0);
        return match?.Cause ?? DownloadFailureCause.Unknown;
    }
}
