using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Cli;
using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Capture;

/// <summary>A read-only command a capture records, and the parser capture folder its output belongs in.</summary>
public sealed class CaptureCommand
{
    internal CaptureCommand(string text, string folder)
    {
        Text = text;
        Folder = folder;
    }

    /// <summary>The CLI line, as the module sends it.</summary>
    public string Text { get; }

    /// <summary>The folder under tests/EwcUpgrade.Tests/Parsers/Captures/ named after the parser that reads this output.</summary>
    public string Folder { get; }

    public override string ToString() => Text;
}

/// <summary>
/// The read-only commands the module sends, each taken from the one place it lives (CliCommands,
/// the device data file's UpgradeCli), so a capture records exactly what the module reads. The
/// folders are the parsers' names, which CaptureTests maps to the parsers.
/// </summary>
public static class CaptureCommands
{
    /// <summary>Every command a capture records, `show version` first (it names the release and model).</summary>
    public static IReadOnlyList<CaptureCommand> All(UpgradeCli cli) => new[]
    {
        new CaptureCommand(CliCommands.ShowVersion, nameof(Parsers.ShowVersion)),
        new CaptureCommand(CliCommands.ShowApSummary, nameof(Parsers.ShowApSummary)),
        new CaptureCommand(CliCommands.ShowApImage, nameof(Parsers.ShowApImage)),
        new CaptureCommand(cli.ShowInstallSummary.Text, nameof(Parsers.ShowInstallSummary)),
        new CaptureCommand(CliCommands.ShowDownloadProfile, nameof(Parsers.ImageDownloadProfileConfig)),
        // SyslogLine reads the same output; ImageDownloadLog is the reading the module acts on.
        new CaptureCommand(cli.ShowLogging.Text, nameof(Diagnosis.ImageDownloadLog)),
    };

    /// <summary>
    /// The commands named in <paramref name="texts"/> (any case, spaces collapsed), in the order of
    /// <see cref="All"/>; all of them when none are named. A text that is none of them is an ArgumentException.
    /// </summary>
    public static IReadOnlyList<CaptureCommand> Select(UpgradeCli cli, IEnumerable<string>? texts)
    {
        var all = All(cli);
        var wanted = (texts ?? Array.Empty<string>()).Select(Normalize).ToList();
        if (wanted.Count == 0) return all;
        var unknown = wanted.Where(w => all.All(c => Normalize(c.Text) != w)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"'{string.Join("', '", unknown)}' is not a command a capture records; give one or more of: {string.Join(", ", all.Select(c => "'" + c.Text + "'"))}.");
        }
        return all.Where(c => wanted.Contains(Normalize(c.Text))).ToList();
    }

    private static string Normalize(string text) =>
        string.Join(" ", (text ?? "").Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
