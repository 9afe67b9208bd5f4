using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EwcUpgrade.Parsers;

/// <summary>One AP's row of `show ap image`.</summary>
public sealed class ApImageStatus
{
    public string ApName { get; internal set; } = "";
    public string PrimaryImage { get; internal set; } = "";
    public string BackupImage { get; internal set; } = "";
    public string PredownloadStatus { get; internal set; } = "";
    public string PredownloadVersion { get; internal set; } = "";
    public string NextRetryTime { get; internal set; } = "";
    public int RetryCount { get; internal set; }
    public string Method { get; internal set; } = "";
    /// <summary>Columns this parser does not know (a newer release), by header name; "Header=value; …" as text (CSV).</summary>
    public ExtraColumns Extra { get; internal set; } = new();
    /// <summary>Set by the cmdlet layer: the controller the row came from.</summary>
    public string? Controller { get; set; }
}

/// <summary>`show ap image`: the counters block and one row per AP.</summary>
public sealed class ApImageReport
{
    public int? TotalAps { get; internal set; }
    /// <summary>The "Number of APs" counters by their label ("Initiated", "Completed predownloading", …).</summary>
    public IReadOnlyDictionary<string, string> Counters { get; internal set; } = new Dictionary<string, string>();
    public bool? PredownloadInProgress { get; internal set; }
    public IReadOnlyList<ApImageStatus> Aps { get; internal set; } = Array.Empty<ApImageStatus>();
    /// <summary>Set by the caller: the controller the report came from.</summary>
    public string? Controller { get; set; }

    public int Counter(string label) =>
        Counters.TryGetValue(label, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}

public static class ShowApImage
{
    private static readonly string[] s_columns =
    {
        "AP Name", "Primary Image", "Backup Image", "Predownload Status", "Predownload Version", "Next Retry Time", "Retry Count", "Method",
    };

    public static ApImageReport Parse(string raw)
    {
        var report = new ApImageReport();
        var counters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var aps = new List<ApImageStatus>();
        WhitespaceTable? table = null;

        foreach (var line in CliText.Lines(raw))
        {
            if (line.Trim().Length == 0 || CliText.IsRule(line)) continue;
            if (table == null)
            {
                if (line.TrimStart().StartsWith("AP Name", StringComparison.OrdinalIgnoreCase))
                {
                    table = WhitespaceTable.FromHeader(line, s_columns, "Predownload Status")
                            ?? throw new CliParseException("show ap image", "the AP table header has no Predownload Status column", line);
                    continue;
                }
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var label = line.Substring(0, colon).Trim();
                var value = line.Substring(colon + 1).Trim();
                if (label.Equals("Total number of APs", StringComparison.OrdinalIgnoreCase))
                {
                    report.TotalAps = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var total) ? total : null;
                }
                else if (label.Equals("Predownload in progress", StringComparison.OrdinalIgnoreCase))
                {
                    report.PredownloadInProgress = value.Equals("Yes", StringComparison.OrdinalIgnoreCase);
                }
                else
                {
                    counters[label] = value;
                }
                continue;
            }
            var row = table.Row(line) ?? throw new CliParseException("show ap image", "a row has fewer fields than the header", line);
            aps.Add(ToStatus(row));
        }
        report.Counters = counters;
        report.Aps = aps;
        return report;
    }

    private static ApImageStatus ToStatus(IReadOnlyDictionary<string, string> row)
    {
        string Get(string name) => row.TryGetValue(name, out var v) ? v : "";
        return new ApImageStatus
        {
            ApName = Get("AP Name"),
            PrimaryImage = Get("Primary Image"),
            BackupImage = Get("Backup Image"),
            PredownloadStatus = Get("Predownload Status"),
            PredownloadVersion = Get("Predownload Version"),
            NextRetryTime = Get("Next Retry Time"),
            RetryCount = int.TryParse(Get("Retry Count"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0,
            Method = Get("Method"),
            Extra = new ExtraColumns(row.Where(kv => !s_columns.Contains(kv.Key, StringComparer.OrdinalIgnoreCase))),
        };
    }
}
