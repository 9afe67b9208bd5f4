using System;
using System.Collections.Generic;
using System.Globalization;

namespace EwcUpgrade.Parsers;

/// <summary>One AP's row of `show ap summary`.</summary>
public sealed class ApSummaryEntry
{
    public string ApName { get; internal set; } = "";
    public int? Slots { get; internal set; }
    public string Model { get; internal set; } = "";
    public string EthernetMac { get; internal set; } = "";
    public string RadioMac { get; internal set; } = "";
    public string? CountryCode { get; internal set; }
    public string? RegulatoryDomain { get; internal set; }
    public string IpAddress { get; internal set; } = "";
    public string State { get; internal set; } = "";
    public string Location { get; internal set; } = "";
    /// <summary>Set from the image type table when read from a controller; null for an unknown model.</summary>
    public string? ImageType { get; set; }
    public string? Controller { get; set; }
}

/// <summary>`show ap summary`: the APs, and the count the device announced (Number of APs: N).</summary>
public sealed class ApSummaryReport
{
    /// <summary>The "Number of APs" line; null when the output has none.</summary>
    public int? DeclaredCount { get; internal set; }
    public IReadOnlyList<ApSummaryEntry> Aps { get; internal set; } = Array.Empty<ApSummaryEntry>();
    /// <summary>Set when the announced count disagrees with the rows read (cut output): the warning to give.</summary>
    public string? CountWarning { get; internal set; }
}

/// <summary>
/// `show ap summary`, in the 17.9.4+ layout (CC and RD columns, Location last) and the older one
/// (Location before Country): the header line tells which, and Location is the free-text column.
/// </summary>
public static class ShowApSummary
{
    private static readonly string[] s_columns =
    {
        "AP Name", "Slots", "AP Model", "Ethernet MAC", "Radio MAC", "CC", "RD", "Country", "IP Address", "State", "Location",
    };

    public static ApSummaryReport Parse(string raw)
    {
        var aps = new List<ApSummaryEntry>();
        int? declared = null;
        WhitespaceTable? table = null;
        foreach (var line in CliText.Lines(raw))
        {
            if (line.Trim().Length == 0 || CliText.IsRule(line)) continue;
            if (table == null)
            {
                if (line.TrimStart().StartsWith("AP Name", StringComparison.OrdinalIgnoreCase))
                {
                    table = WhitespaceTable.FromHeader(line, s_columns, "Location")
                            ?? throw new CliParseException("show ap summary", "the AP table header has no Location column", line);
                }
                else if (CountLine(line) is { } count)
                {
                    declared = count;
                }
                continue;
            }
            if (table.IsHeader(line)) continue;
            var row = table.Row(line) ?? throw new CliParseException("show ap summary", "a row has fewer fields than the header", line);
            string? Get(string name) => row.TryGetValue(name, out var v) ? v : null;
            aps.Add(new ApSummaryEntry
            {
                ApName = Get("AP Name") ?? "",
                Slots = int.TryParse(Get("Slots"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var slots) ? slots : null,
                Model = Get("AP Model") ?? "",
                EthernetMac = Get("Ethernet MAC") ?? "",
                RadioMac = Get("Radio MAC") ?? "",
                CountryCode = Get("CC") ?? Get("Country"),
                RegulatoryDomain = Get("RD"),
                IpAddress = Get("IP Address") ?? "",
                State = Get("State") ?? "",
                Location = Get("Location") ?? "",
            });
        }
        return new ApSummaryReport { DeclaredCount = declared, Aps = aps, CountWarning = ApCount.Warning("show ap summary", declared, aps.Count) };
    }

    // "Number of APs: 3" (17.9.4 and later; reference §7).
    private static int? CountLine(string line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0 || !line.Substring(0, colon).Trim().Equals("Number of APs", StringComparison.OrdinalIgnoreCase)) return null;
        return int.TryParse(line.Substring(colon + 1).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
