using System.Globalization;
using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Cli;

/// <summary>
/// The text of each show command, rendered from the lab state in the layouts of the device
/// reference (§7) and the seed captures. Built here, never from the module's parsers, so a parser
/// bug cannot hide behind a simulator made of the same code.
/// </summary>
internal static class DeviceOutput
{
    public static IReadOnlyList<string> ShowVersion(SimulatedController c)
    {
        var d = c.Definition;
        var release = c.Release;
        var up = c.Uptime;
        var uptime = $"{up.Days} days, {up.Hours} hours, {up.Minutes} minutes";
        return
        [
            $"Cisco IOS XE Software, Version {PaddedRelease(release)}",
            $"Cisco IOS Software [{TrainName(release)}], C9800-AP Software (C9800-AP-K9_IOSXE-UNIVERSALK9-M), Version {release}, RELEASE SOFTWARE (fc4)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
            "Compiled Thu 20-Jul-23 03:12 by mcpre",
            "",
            "",
            "Cisco IOS-XE software, Copyright (c) 2005-2023 by cisco Systems, Inc.",
            "All rights reserved.  Certain components of Cisco IOS-XE software are",
            "licensed under the GNU General Public License (\"GPL\") Version 2.0.",
            "",
            "ROM: IOS-XE ROMMON",
            $"{c.Hostname} uptime is {uptime}",
            $"Uptime for this control processor is {uptime}",
            "System returned to ROM by reload",
            "System image file is \"flash:C9800-AP-iosxe-wlc.bin\"",
            "Last reload reason: reload command",
            "",
            "",
            $"cisco {d.Model} ARMv8 Processor rev 4 (v8l) with 1838496/6147K bytes of memory.",
            "Processor board ID FGL2331A0BC",
            "1 Gigabit Ethernet interface",
            "32768K bytes of non-volatile configuration memory.",
            "",
            "Configuration register is 0x2102",
            "",
        ];
    }

    public static IReadOnlyList<string> ShowApSummary(SimulatedController c)
    {
        var aps = c.Definition.Aps;
        var lines = new List<string> { $"Number of APs: {aps.Count}", "" };
        if (ReleaseAtLeast(c.Release, 17, 9, 4))
        {
            lines.Add("CC = Country Code");
            lines.Add("RD = Regulatory Domain");
            lines.Add("");
            lines.Add(Row(("AP Name", 33), ("Slots", 6), ("AP Model", 21), ("Ethernet MAC", 15), ("Radio MAC", 15), ("CC", 5), ("RD", 5), ("IP Address", 42), ("State", 13), ("Location", 0)));
            lines.Add(new string('-', 165));
            foreach (var ap in aps)
            {
                lines.Add(Row((ap.Name, 33), ("2", 6), (ap.Model, 21), (ap.Mac, 15), (RadioMac(ap.Mac), 15), (ap.Country, 5), (RegulatoryDomain(ap.Country), 5), (ap.Ip, 42), (ap.State, 13), (ap.Location, 0)));
            }
        }
        else
        {
            lines.Add(Row(("AP Name", 33), ("Slots", 6), ("AP Model", 21), ("Ethernet MAC", 15), ("Radio MAC", 15), ("Location", 33), ("Country", 9), ("IP Address", 42), ("State", 0)));
            lines.Add(new string('-', 178));
            foreach (var ap in aps)
            {
                lines.Add(Row((ap.Name, 33), ("2", 6), (ap.Model, 21), (ap.Mac, 15), (RadioMac(ap.Mac), 15), (ap.Location, 33), (ap.Country, 9), (ap.Ip, 42), (ap.State, 0)));
            }
        }
        return lines;
    }

    public static IReadOnlyList<string> ShowApImage(SimulatedController c)
    {
        var aps = c.Aps();
        int Count(string status) => aps.Count(a => a.Status.Equals(status, StringComparison.OrdinalIgnoreCase));
        var inProgress = Count("Initiated") + Count("Predownloading") > 0;
        var lines = new List<string>
        {
            $"Total number of APs  : {aps.Count}",
            "",
            "",
            "Number of APs ",
            $"        Initiated                  : {Count("Initiated")}",
            $"        Downloading                : {Count("Downloading")}",
            $"        Predownloading             : {Count("Predownloading")}",
            $"        Completed downloading      : {Count("Completed downloading")}",
            $"        Completed predownloading   : {Count("Complete")}",
            $"        Not Supported              : {Count("Not Supported")}",
            $"        Failed to Predownload      : {Count("Failed")}",
            $"        Predownload in progress    : {(inProgress ? "Yes" : "No")}",
            Row(("AP Name", 34), ("Primary Image", 23), ("Backup Image", 24), ("Predownload Status", 21), ("Predownload Version", 21), ("Next Retry Time", 18), ("Retry Count", 14), ("Method", 0)),
            new string('-', 162),
        };
        // The values do not sit under their headers on the device either (reference §7).
        foreach (var ap in aps)
        {
            var p = ap;
            lines.Add(Row((ap.Name, 34), (ap.Primary, 23), (ap.Backup, 27), (p.Status, 22), (p.Version, 20), (p.NextRetry, 20), (p.Retry.ToString(CultureInfo.InvariantCulture), 12), (p.Method, 0)));
        }
        return lines;
    }

    /// <summary>
    /// [V] the layout; [U] the rows during an upgrade: an added package I, after activation the new
    /// one U and the old one D (the legend's meanings), and the auto-abort line while its timer runs.
    /// </summary>
    public static IReadOnlyList<string> ShowInstallSummary(SimulatedController c)
    {
        var s = c.InstallState();
        var lines = new List<string>
        {
            "[ Chassis 1/R0 ] Installed Package(s) Information:",
            "State (St): I - Inactive, U - Activated & Uncommitted,",
            "            C - Activated & Committed, D - Deactivated & Uncommitted",
            new string('-', 80),
            "Type  St   Filename/Version",
            new string('-', 80),
        };
        if (s.AddedVersion != null) lines.Add($"IMG   I    {s.AddedVersion}");
        lines.Add($"IMG   {(s.Uncommitted ? "U" : "C")}    {s.ControllerVersion}");
        if (s.Uncommitted && s.RollbackVersion != null) lines.Add($"IMG   D    {s.RollbackVersion}");
        lines.Add("");
        lines.Add(new string('-', 80));
        lines.Add(s.AutoAbortUtc is { } at ? $"Auto abort timer: active on install_activate, time before rollback - {LabTimeLeft(c, at)}" : "Auto abort timer: inactive");
        lines.Add(new string('-', 80));
        lines.Add("");
        return lines;
    }

    /// <summary>Real time left, shown in lab time as hh:mm:ss.</summary>
    private static string LabTimeLeft(SimulatedController c, DateTime atUtc)
    {
        var left = TimeSpan.FromTicks(Math.Max(0, (atUtc - DateTime.UtcNow).Ticks) * c.Clock.Factor);
        return ((int)left.TotalHours).ToString("00", CultureInfo.InvariantCulture) + left.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>The running configuration: enough of it for `| section image-download`.</summary>
    public static IReadOnlyList<string> RunningConfig(SimulatedController c)
    {
        var lines = new List<string>
        {
            "Building configuration...", "", "Current configuration : 4312 bytes", "!",
            $"version {string.Join('.', c.Release.Split('.').Take(2))}", "!", $"hostname {c.Hostname}", "!",
        };
        lines.AddRange(c.ReadProfile(ProfileBlock));
        lines.AddRange(["!", "wireless country US", "!", "end", ""]);
        return lines;
    }

    private static List<string> ProfileBlock(DownloadProfile p)
    {
        var block = new List<string>();
        if (p.Mode == null) return block;
        block.Add("wireless profile image-download default");
        block.Add(" image-download-mode " + p.Mode);
        void Line(string keyword, string? value)
        {
            if (value != null) block.Add($" {keyword} {value}");
        }
        if (p.Mode == "tftp")
        {
            Line("tftp-image-server", p.TftpServer);
            Line("tftp-image-path", p.TftpPath);
        }
        else if (p.Mode == "sftp")
        {
            Line("sftp-image-server", p.SftpServer);
            Line("sftp-image-path", p.SftpPath);
            Line("sftp-username", p.SftpUsername);
            Line("sftp-password 8", p.SftpPasswordSecret);
            Line("sftp-port", p.SftpPort?.ToString(CultureInfo.InvariantCulture));
        }
        return block;
    }

    public static IReadOnlyList<string> ShowLogging(SimulatedController c)
    {
        var log = c.LogLines();
        var lines = new List<string>
        {
            "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)",
            "",
            "No Active Message Discriminator.",
            "",
            "",
            "",
            "No Inactive Message Discriminator.",
            "",
            "",
            "    Console logging: level debugging, 0 messages logged, xml disabled,",
            "                     filtering disabled",
            "    Monitor logging: level debugging, 0 messages logged, xml disabled,",
            "                     filtering disabled",
            $"    Buffer logging:  level debugging, {log.Count} messages logged, xml disabled,",
            "                    filtering disabled",
            "",
            "Log Buffer (102400 bytes):",
            "",
        };
        lines.AddRange(log);
        return lines;
    }

    public static IReadOnlyList<string> ShowClock() =>
        [DateTime.UtcNow.ToString("'*'HH:mm:ss.fff 'UTC' ddd MMM d yyyy", CultureInfo.InvariantCulture)];

    /// <summary>Cells padded to their widths, with at least one space between, as the device pads them.</summary>
    private static string Row(params (string Text, int Width)[] cells) =>
        string.Concat(cells.Select((c, i) => i == cells.Length - 1 ? c.Text : c.Text.Length < c.Width ? c.Text.PadRight(c.Width) : c.Text + " "));

    // "17.9.3" shows as "17.09.03" on the first line of show version, "17.9.4a" as "17.09.04a".
    private static string PaddedRelease(string release) =>
        string.Join('.', release.Split('.').Select((p, i) => i > 0 && p.Length > 0 && char.IsDigit(p[0]) && (p.Length == 1 || !char.IsDigit(p[1])) ? "0" + p : p));

    private static string TrainName(string release) => ReleaseNumber(release, 1) switch
    {
        <= 3 => "Amsterdam",
        <= 6 => "Bengaluru",
        <= 9 => "Cupertino",
        <= 12 => "Dublin",
        _ => "IOSXE",
    };

    // Only what tells the sample lab's countries apart; the device knows many more.
    private static string RegulatoryDomain(string country) => country.ToUpperInvariant() switch
    {
        "US" or "CA" => "-B",
        "JP" => "-Q",
        "IL" => "-I",
        _ => "-E",
    };

    /// <summary>
    /// The base radio MAC, derived from the Ethernet MAC so it is stable for an AP; the offset is the
    /// one between the two MACs of the reference's sample row (6c41.0e16.e79c, 6c41.0e1a.2b40).
    /// </summary>
    private static string RadioMac(string mac)
    {
        var value = long.Parse(mac.Replace(".", ""), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var radio = ((value + 0x343A4) & 0xFFFF_FFFF_FFF0L).ToString("x12", CultureInfo.InvariantCulture);
        return $"{radio[..4]}.{radio[4..8]}.{radio[8..]}";
    }

    private static int ReleaseNumber(string release, int index)
    {
        var parts = release.Split('.');
        if (index >= parts.Length) return 0;
        var digits = new string(parts[index].TakeWhile(char.IsDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static bool ReleaseAtLeast(string release, params int[] minimum)
    {
        for (var i = 0; i < minimum.Length; i++)
        {
            var v = ReleaseNumber(release, i);
            if (v != minimum[i]) return v > minimum[i];
        }
        return true;
    }
}
