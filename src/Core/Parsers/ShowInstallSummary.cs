using System;
using System.Collections.Generic;
using System.Linq;

namespace EwcUpgrade.Parsers;

public sealed class InstalledPackage
{
    public string Type { get; internal set; } = "";
    /// <summary>I inactive, U activated and uncommitted, C activated and committed, D deactivated and uncommitted.</summary>
    public string State { get; internal set; } = "";
    public string Version { get; internal set; } = "";
    public bool IsCommitted => State == "C";
}

public sealed class InstallSummary
{
    public IReadOnlyList<InstalledPackage> Packages { get; internal set; } = Array.Empty<InstalledPackage>();
    /// <summary>"inactive", or the time left before an uncommitted activation rolls back.</summary>
    public string? AutoAbortTimer { get; internal set; }
}

/// <summary>`show install summary`: the packages table (Type, St, Filename/Version) and the auto-abort timer.</summary>
public static class ShowInstallSummary
{
    public static InstallSummary Parse(string raw)
    {
        var packages = new List<InstalledPackage>();
        string? timer = null;
        var inTable = false;
        foreach (var line in CliText.Lines(raw))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("Auto abort timer:", StringComparison.OrdinalIgnoreCase))
            {
                timer = trimmed.Substring("Auto abort timer:".Length).Trim();
                inTable = false;
                continue;
            }
            var tokens = CliText.Tokens(trimmed);
            if (tokens.Length >= 3 && tokens[0] == "Type" && tokens[1] == "St")
            {
                inTable = true;
                continue;
            }
            if (!inTable || trimmed.Length == 0 || CliText.IsRule(trimmed)) continue;
            if (tokens.Length < 3) throw new CliParseException("show install summary", "a package row has fewer than three fields", line);
            packages.Add(new InstalledPackage { Type = tokens[0], State = tokens[1], Version = string.Join(" ", tokens.Skip(2)) });
        }
        return new InstallSummary { Packages = packages, AutoAbortTimer = timer };
    }
}
