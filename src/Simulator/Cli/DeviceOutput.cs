using System.Globalization;
using System.Text;
using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Cli;

/// <summary>
/// The text of each show command, rendered from the lab state in the layouts of
/// ../shared/reference/ewc-device.md §7 (and the seed). Built here, never from the module's parsers.
/// </summary>
internal static class DeviceOutput
{
    public static IReadOnlyList<string> ShowVersion(SimulatedController c)
    {
        var d = c.Definition;
        var up = c.Uptime;
        var uptime = $"{up.Days} days, {up.Hours} hours, {up.Minutes} minutes";
        return new[]
        {
            $"Cisco IOS XE Software, Version {PaddedRelease(d.Release)}",
            $"Cisco IOS Software [Cupertino], C9800-AP Software (C9800-AP-K9_IOSXE-UNIVERSALK9-M), Version {d.Release}, RELEASE SOFTWARE (fc4)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
            "Compiled Thu 20-Jul-23 03:12 by mcpre",
            "",
            $"{c.Hostname} uptime is {uptime}",
            $"Uptime for this control processor is {uptime}",
            "System returned to ROM by reload",
            "System image file is \"flash:C9800-AP-iosxe-wlc.bin\"",
            "",
            $"cisco {d.Model} (ARM64) processor (revision V02) with 1310720K/6147K bytes of memory.",
            "Processor board ID FGL2331A0BC",
            "1 Gigabit Ethernet interface",
            "",
            "Configuration register is 0x2102",
        };
    }

    // "17.9.3" is shown as "17.09.03" on the first line, as IOS XE does.
    private static string PaddedRelease(string release)
    {
        var parts = release.Split('.');
        return string.Join(".", parts.Select((p, i) => i > 0 && p.Length == 1 ? "0" + p : p));
    }

    public static IReadOnlyList<string> ShowApSummary(SimulatedController c)
    {
        var d = c.Definition;
        var lines = new List<string> { $"Number of APs: {d.Aps.Count}", "" };
        var newLayout = ReleaseAtLeast(d.Release, 17, 9, 4);
        if (newLayout)
        {
            lines.Add("CC = Country Code");
            lines.Add("RD = Regulatory Domain");
            lines.Add("");
            lines.Add("AP Name".PadRight(33) + "Slots AP Model".PadRight(27) + "Ethernet MAC   Radio MAC      CC   RD   " + "IP Address".PadRight(42) + "State        Location");
            lines.Add(new string('-', 165));
            foreach (var ap in d.Aps)
            {
                lines.Add(ap.Name.PadRight(33) + "2".PadRight(6) + ap.Model.PadRight(21) + ap.Mac.PadRight(15) + RadioMac(ap.Mac).PadRight(15) +
                    ap.Country.PadRight(5) + "-B".PadRight(5) + ap.Ip.PadRight(42) + ap.State.PadRight(13) + ap.Location);
            }
        }
        else
        {
            lines.Add("AP Name".PadRight(33) + "Slots AP Model".PadRight(27) + "Ethernet MAC   Radio MAC      " + "Location".PadRight(33) + "Country  " + "IP Address".PadRight(42) + "State");
            lines.Add(new string('-', 180));
            foreach (var ap in d.Aps)
            {
                lines.Add(ap.Name.PadRight(33) + "2".PadRight(6) + ap.Model.PadRight(21) + ap.Mac.PadRight(15) + RadioMac(ap.Mac).PadRight(15) +
                    ap.Location.PadRight(33) + ap.Country.PadRight(9) + ap.Ip.PadRight(42) + ap.State);
            }
        }
        return lines;
    }

    public static IReadOnlyList<string> ShowApImage(SimulatedController c)
    {
        var aps = c.Definition.Aps;
        int Count(string status) => aps.Count(a => string.Equals(a.Predownload.Status, status, StringComparison.OrdinalIgnoreCase));
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
            "AP Name".PadRight(34) + "Primary Image".PadRight(23) + "Backup Image".PadRight(24) + "Predownload Status".PadRight(21) + "Predownload Version".PadRight(21) + "Next Retry Time".PadRight(18) + "Retry Count".PadRight(14) + "Method",
            new string('-', 162),
        };
        foreach (var ap in aps)
        {
            var p = ap.Predownload;
            lines.Add(ap.Name.PadRight(34) + ap.Primary.PadRight(23) + ap.Backup.PadRight(27) + p.Status.PadRight(22) + p.Version.PadRight(20) +
                p.NextRetry.PadRight(20) + p.Retry.ToString(CultureInfo.InvariantCulture).PadRight(12) + p.Method);
        }
        return lines;
    }

    public static IReadOnlyList<string> ShowInstallSummary(SimulatedController c) => new[]
    {
        "[ Chassis 1/R0 ] Installed Package(s) Information:",
        "State (St): I - Inactive, U - Activated & Uncommitted,",
        "            C - Activated & Committed, D - Deactivated & Uncommitted",
        new string('-', 80),
        "Type  St   Filename/Version",
        new string('-', 80),
        $"IMG   C    {c.Definition.ControllerVersion}",
        "",
        new string('-', 80),
        "Auto abort timer: inactive",
        new string('-', 80),
    };

    /// <summary>The running configuration: enough of it for `| section` to find the profile.</summary>
    public static IReadOnlyList<string> RunningConfig(SimulatedController c)
    {
        var lines = new List<string> { "Building configuration...", "", "Current configuration : 4312 bytes", "!", "version 17.9", "!", $"hostname {c.Hostname}", "!" };
        lines.AddRange(ProfileBlock(c.Profile));
        lines.Add("!");
        lines.Add("wireless country US");
        lines.Add("!");
        lines.Add("end");
        return lines;
    }

    private static IEnumerable<string> ProfileBlock(ProfileState p)
    {
        if (p.Mode == null) yield break;
        yield return "wireless profile image-download default";
        yield return " image-download-mode " + p.Mode;
        if (p.SftpPath != null) yield return " sftp-image-path " + p.SftpPath;
        if (p.SftpServer != null) yield return " sftp-image-server " + p.SftpServer;
        if (p.SftpPasswordEncrypted != null) yield return " sftp-password 8 " + p.SftpPasswordEncrypted;
        if (p.SftpPort != null) yield return " sftp-port " + p.SftpPort.Value.ToString(CultureInfo.InvariantCulture);
        if (p.SftpUsername != null) yield return " sftp-username " + p.SftpUsername;
        if (p.TftpPath != null) yield return " tftp-image-path " + p.TftpPath;
        if (p.TftpServer != null) yield return " tftp-image-server " + p.TftpServer;
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
            "    Console logging: level debugging, 0 messages logged, xml disabled,",
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

    private static string RadioMac(string mac)
    {
        var hex = mac.Replace(".", "");
        if (hex.Length != 12 || !long.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)) return mac;
        var radio = ((value & ~0xFFFFL) | ((value + 0x4340) & 0xFFF0)).ToString("x12", CultureInfo.InvariantCulture);
        return $"{radio[..4]}.{radio[4..8]}.{radio[8..]}";
    }

    private static bool ReleaseAtLeast(string release, params int[] minimum)
    {
        var parts = release.Split('.').Select(p => int.TryParse(new string(p.TakeWhile(char.IsDigit).ToArray()), out var n) ? n : 0).ToArray();
        for (var i = 0; i < minimum.Length; i++)
        {
            var v = i < parts.Length ? parts[i] : 0;
            if (v != minimum[i]) return v > minimum[i];
        }
        return true;
    }
}
