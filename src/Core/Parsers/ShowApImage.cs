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
    /// <summary>The status as the device prints it ("Complete", "Not Supported", or a word a newer release adds).</summary>
    public string PredownloadStatus { get; internal set; } = "";
    /// <summary>The status as a state to poll on; Unknown keeps the device's text in PredownloadStatus.</summary>
    public PredownloadState PredownloadState => PredownloadStates.Of(PredownloadStatus);
    public string PredownloadVersion { get; internal set; } = "";
    public string NextRetryTime { get; internal set; } = "";
    public int RetryCount { get; internal set; }
    public string Method { get; internal set; } = "";
    /// <summary>Columns this parser does not know (a newer release), by header name; "Header=value; …" as text (CSV).</summary>
    public ExtraColumns Extra { get; internal set; } = new();
    /// <summary>Set by the cmdlet layer: the controller the row came from.</summary>
    public string? Controller { get; set; }
}

/// <summary>
/// `show ap image`: the counters block and one row per AP. The counters are typed properties, so
/// they compare as numbers, serialize as numbers and survive Export-Clixml and jobs.
/// </summary>
public sealed class ApImageReport
{
    public int TotalAps { get; internal set; }
    public int Initiated { get; internal set; }
    public int Downloading { get; internal set; }
    public int Predownloading { get; internal set; }
    public int CompletedDownloading { get; internal set; }
    public int CompletedPredownloading { get; internal set; }
    public int NotSupported { get; internal set; }
    public int FailedToPredownload { get; internal set; }
    public bool PredownloadInProgress { get; internal set; }
    /// <summary>"Number of APs" counters this parser does not know (a newer release), by their label.</summary>
    public IReadOnlyDictionary<string, int> OtherCounters { get; internal set; } = new Dictionary<string, int>();
    public IReadOnlyList<ApImageStatus> Aps { get; internal set; } = Array.Empty<ApImageStatus>();
    /// <summary>Set by the caller: the controller the report came from.</summary>
    public string? Controller { get; set; }
    /// <summary>Set when the device's total disagrees with the rows read (cut output): the warning to give.</summary>
    public string? CountWarning { get; internal set; }
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
        var others = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var aps = new List<ApImageStatus>();
        var totalSeen = false;
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
                if (label.Equals("Predownload in progress", StringComparison.OrdinalIgnoreCase))
                {
                    report.PredownloadInProgress = value.Equals("Yes", StringComparison.OrdinalIgnoreCase);
                    continue;
                }
                var isNumber = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count);
                if (s_counters.TryGetValue(label, out var set))
                {
                    totalSeen |= label.Equals(TotalLabel, StringComparison.OrdinalIgnoreCase);
                    // A counter that is not a number would read as 0: an idle network when it may not be.
                    if (!isNumber) throw new CliParseException("show ap image", $"the counter '{label}' is not a number", line);
                    set(report, count);
                }
                else if (isNumber)
                {
                    others[label] = count;
                }
                continue;
            }
            if (table.IsHeader(line)) continue;
            var row = table.Row(line) ?? throw new CliParseException("show ap image", "a row has fewer fields than the header", line);
            aps.Add(ToStatus(row));
        }
        report.OtherCounters = others;
        report.Aps = aps;
        report.CountWarning = ApCount.Warning("show ap image", totalSeen ? report.TotalAps : null, aps.Count);
        return report;
    }

    private const string TotalLabel = "Total number of APs";

    // The labels as the device prints them (reference §7), matched without regard to case.
    private static readonly Dictionary<string, Action<ApImageReport, int>> s_counters = new(StringComparer.OrdinalIgnoreCase)
    {
        [TotalLabel] = (r, n) => r.TotalAps = n,
        ["Initiated"] = (r, n) => r.Initiated = n,
        ["Downloading"] = (r, n) => r.Downloading = n,
        ["Predownloading"] = (r, n) => r.Predownloading = n,
        ["Completed downloading"] = (r, n) => r.CompletedDownloading = n,
        ["Completed predownloading"] = (r, n) => r.CompletedPredownloading = n,
        ["Not Supported"] = (r, n) => r.NotSupported = n,
        ["Failed to Predownload"] = (r, n) => r.FailedToPredownload = n,
    };

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
