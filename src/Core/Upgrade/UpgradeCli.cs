using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EwcUpgrade.Cli;
using EwcUpgrade.DeviceData;
using YamlDotNet.RepresentationModel;

namespace EwcUpgrade.Upgrade;

/// <summary>A CLI line with how sure the project is of it.</summary>
public sealed class DeviceCommand
{
    internal DeviceCommand(string name, string text, DeviceMark mark)
    {
        Name = name;
        Text = text;
        Mark = mark;
    }

    public string Name { get; }
    public string Text { get; }
    public DeviceMark Mark { get; }
    public override string ToString() => Text;
}

/// <summary>A question the device asks and the line that answers it.</summary>
public sealed class DeviceConfirmation
{
    internal DeviceConfirmation(string name, Regex prompt, string answer, DeviceMark mark)
    {
        Name = name;
        Prompt = prompt;
        Answer = answer;
        Mark = mark;
    }

    public string Name { get; }
    public Regex Prompt { get; }
    public string Answer { get; }
    public DeviceMark Mark { get; }
}

/// <summary>A pattern of device output, with how sure the project is of it.</summary>
public sealed class DevicePattern
{
    internal DevicePattern(string name, Regex pattern, DeviceMark mark)
    {
        Name = name;
        Pattern = pattern;
        Mark = mark;
    }

    public string Name { get; }
    public Regex Pattern { get; }
    public DeviceMark Mark { get; }
}

/// <summary>
/// The upgrade CLI (reference §6, mostly [U] on a real EWC), read from the device data file's
/// `upgrade` section: phase commands, confirmations, reload and failure markers, status commands.
/// The completion log patterns are the `log` section's (DeviceLogPatterns), shared with the diagnosis.
/// </summary>
public sealed class UpgradeCli
{
    private UpgradeCli() { }

    public DeviceCommand Add { get; private set; } = null!;
    public DeviceCommand Activate { get; private set; } = null!;
    public DeviceCommand Commit { get; private set; } = null!;
    public DeviceCommand Abort { get; private set; } = null!;

    /// <summary>`show ap image` is the one in CliCommands (the predownload status every cmdlet reads).</summary>
    public DeviceCommand ShowApImage { get; } = new("ap-image", CliCommands.ShowApImage, DeviceMark.V);
    public DeviceCommand ShowInstallSummary { get; private set; } = null!;
    public DeviceCommand ShowLogging { get; private set; } = null!;

    public IReadOnlyList<DeviceConfirmation> Confirmations { get; private set; } = null!;
    public IReadOnlyList<DevicePattern> ReloadMarkers { get; private set; } = null!;
    public IReadOnlyList<DevicePattern> FailureMarkers { get; private set; } = null!;

    /// <summary>The install events of `show logging` (InstallCompleted, InstallFailed, …).</summary>
    public Diagnosis.DeviceLogPatterns Log { get; private set; } = null!;

    /// <summary>Where the data came from: the override file, or null for the built-in defaults.</summary>
    public string? OverridePath { get; private set; }

    /// <summary>The defaults merged with an override file (the path given, else EWCUPGRADE_DEVICE_CLI's); DeviceDataException names file:line:column of each problem.</summary>
    public static UpgradeCli Load(string? overridePath = null) => From(DeviceDataFile.Load(overridePath));

    internal static UpgradeCli From(DeviceDataFile data)
    {
        var upgrade = data.Section(data.Root, "upgrade");
        var commands = data.Section(upgrade, "commands");
        var status = data.Section(upgrade, "status");
        var cli = new UpgradeCli
        {
            Add = Command(data, commands, "add"),
            Activate = Command(data, commands, "activate"),
            Commit = Command(data, commands, "commit"),
            Abort = Command(data, commands, "abort"),
            ShowInstallSummary = Command(data, status, "install-summary"),
            ShowLogging = Command(data, status, "logging"),
            Confirmations = data.Entries(data.Section(upgrade, "confirmations"))
                .Select(e => new DeviceConfirmation(e.Key, data.Pattern(e.Entry, "prompt"), data.Text(e.Entry, "answer", allowEmpty: true), data.Mark(e.Entry))).ToList(),
            ReloadMarkers = Patterns(data, data.Section(upgrade, "reload-markers")),
            FailureMarkers = Patterns(data, data.Section(upgrade, "failure-markers")),
            Log = Diagnosis.DeviceLogPatterns.From(data),
            OverridePath = data.OverridePath,
        };
        data.ThrowIfErrors();
        return cli;
    }

    /// <summary>The confirmation whose prompt ends the output so far, or null.</summary>
    public DeviceConfirmation? ConfirmationFor(string output) => Confirmations.FirstOrDefault(c => c.Prompt.IsMatch(output));

    /// <summary>Whether the output says the device is about to reload (the SSH session will drop).</summary>
    public bool IsReloading(string output) => ReloadMarkers.Any(m => m.Pattern.IsMatch(output));

    /// <summary>What a phase sends, for -WhatIf: its command, the answers it gives, what it polls.</summary>
    public IReadOnlyList<string> LinesFor(UpgradePhase phase) => phase switch
    {
        UpgradePhase.Download => new[] { Add.Text, $"(then polls: {ShowApImage.Text}; {ShowInstallSummary.Text})" },
        UpgradePhase.Activate => new[] { Activate.Text, $"(answers: {string.Join(", ", Confirmations.Select(c => c.Name + " -> " + (c.Answer.Length > 0 ? c.Answer : "Enter")))}; the controller reloads and is reconnected)" },
        UpgradePhase.Commit => new[] { Commit.Text },
        _ => Array.Empty<string>(),
    };

    /// <summary>The failure a phase's console output reports ("install_add: why"), or null.</summary>
    public string? FailureIn(string output)
    {
        foreach (var marker in FailureMarkers)
        {
            var m = marker.Pattern.Match(output);
            if (!m.Success) continue;
            var operation = m.Groups["operation"].Success ? m.Groups["operation"].Value + ": " : "";
            var error = m.Groups["error"].Success ? m.Groups["error"].Value.Trim() : m.Value.Trim();
            return operation + error;
        }
        return null;
    }

    private static DeviceCommand Command(DeviceDataFile data, YamlMappingNode section, string key)
    {
        var entry = data.Section(section, key);
        return new DeviceCommand(key, data.Text(entry, "text").Trim(), data.Mark(entry));
    }

    internal static IReadOnlyList<DevicePattern> Patterns(DeviceDataFile data, YamlMappingNode section) =>
        data.Entries(section).Select(e => new DevicePattern(e.Key, data.Pattern(e.Entry, "pattern"), data.Mark(e.Entry))).ToList();
}
