using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Parsers;

/// <summary>One controller syslog message: `*Feb 1 17:05:37.108: %INSTALL-5-INSTALL_COMPLETED_INFO: Chassis 1 R0/0: install_engine: …`.</summary>
public sealed class SyslogMessage
{
    public string Timestamp { get; internal set; } = "";
    public string Facility { get; internal set; } = "";
    public int Severity { get; internal set; }
    public string Mnemonic { get; internal set; } = "";
    public string Text { get; internal set; } = "";
    public string Raw { get; internal set; } = "";
}

public static class SyslogLine
{
    private static readonly Regex s_line = new(
        @"^\s*[*.]?(?<ts>[A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}(\.\d+)?)(\s+\w+)?:\s+%(?<fac>[A-Z0-9_]+)-(?<sev>[0-7])-(?<mn>[A-Z0-9_]+):\s*(?<text>.*)$",
        RegexOptions.Compiled);

    public static SyslogMessage? TryParse(string line)
    {
        var m = s_line.Match(line ?? "");
        if (!m.Success) return null;
        return new SyslogMessage
        {
            Timestamp = m.Groups["ts"].Value,
            Facility = m.Groups["fac"].Value,
            Severity = m.Groups["sev"].Value[0] - '0',
            Mnemonic = m.Groups["mn"].Value,
            Text = m.Groups["text"].Value.Trim(),
            Raw = line!.Trim(),
        };
    }

    /// <summary>Every syslog message in `show logging` output; other lines (headers, buffer stats) are skipped.</summary>
    public static IReadOnlyList<SyslogMessage> ParseAll(string raw)
    {
        var messages = new List<SyslogMessage>();
        foreach (var line in CliText.Lines(raw))
        {
            var message = TryParse(line);
            if (message != null) messages.Add(message);
        }
        return messages;
    }
}
