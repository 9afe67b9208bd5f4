using EwcUpgrade.Parsers;
using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Tests.Upgrade;

/// <summary>Where a controller stands, read from `show install summary` and `show ap image` as the device prints them (reference §7).</summary>
public sealed class DeviceUpgradeStateTests
{
    private const string Target = "17.09.04a.0.6";

    private static string Summary(params string[] rows) => string.Join("\n", new[]
    {
        "[ Chassis 1/R0 ] Installed Package(s) Information:",
        "State (St): I - Inactive, U - Activated & Uncommitted,",
        "            C - Activated & Committed, D - Deactivated & Uncommitted",
        new string('-', 80), "Type  St   Filename/Version", new string('-', 80),
    }.Concat(rows).Concat(new[] { "", new string('-', 80), rows.Any(r => r.Contains(" U ")) ? "Auto abort timer: active on install_activate, time before rollback - 01:59:10" : "Auto abort timer: inactive", new string('-', 80) }));

    private static string ApImage(params (string Name, string Primary, string Status, string Version)[] aps)
    {
        var lines = new List<string>
        {
            $"Total number of APs  : {aps.Length}", "", "", "Number of APs ",
            "        Initiated                  : 0", "        Predownloading             : 0",
            "        Completed predownloading   : 0", "        Failed to Predownload      : 0",
            "        Predownload in progress    : No",
            "AP Name                           Primary Image          Backup Image            Predownload Status   Predownload Version  Next Retry Time   Retry Count   Method",
            new string('-', 160),
        };
        lines.AddRange(aps.Select(a => $"{a.Name,-34}{a.Primary,-23}{"17.6.5.22",-27}{a.Status,-22}{a.Version,-20}{"N/A",-20}{"0",-12}CAPWAP"));
        return string.Join("\n", lines);
    }

    private static DeviceUpgradeState State(string summary, string aps) =>
        DeviceUpgradeState.From(ShowInstallSummary.Parse(summary), ShowApImage.Parse(aps));

    [Fact]
    public void Before_the_upgrade_nothing_of_the_target_is_on_the_device()
    {
        var s = State(Summary("IMG   C    17.09.03.0.3760"), ApImage(("AP1", "17.9.3.50", "None", "0.0.0.0")));
        Assert.Equal("17.09.03.0.3760", s.Running);
        Assert.False(s.IsDownloaded(Target));
        Assert.False(s.IsActivated(Target));
        Assert.False(s.DownloadInProgress);
        Assert.Contains("nothing of " + Target, s.Describe(Target));
    }

    [Fact]
    public void An_AP_still_predownloading_keeps_the_download_in_progress_even_with_the_package_added()
    {
        var s = State(Summary("IMG   I    " + Target, "IMG   C    17.09.03.0.3760"),
            ApImage(("AP1", "17.9.3.50", "Complete", "17.9.4.27"), ("AP2", "17.9.3.50", "Predownloading", "17.9.4.27")));
        Assert.True(s.DownloadInProgress);
        Assert.False(s.IsDownloaded(Target));
        Assert.Contains("1 of 2 APs predownloaded", s.Describe(Target));
    }

    [Fact]
    public void An_added_package_with_every_AP_done_is_downloaded_and_waits_for_activation()
    {
        var s = State(Summary("IMG   I    " + Target, "IMG   C    17.09.03.0.3760"), ApImage(("AP1", "17.9.3.50", "Complete", "17.9.4.27")));
        Assert.True(s.IsDownloaded(Target));
        Assert.False(s.IsActivated(Target));
        Assert.Equal(Target, s.Added);
        Assert.Contains("waiting for activation", s.Describe(Target));
    }

    [Fact]
    public void An_activated_package_is_uncommitted_until_the_commit_and_says_how_to_keep_it()
    {
        var s = State(Summary("IMG   U    " + Target, "IMG   D    17.09.03.0.3760"), ApImage(("AP1", "17.9.4.27", "None", "0.0.0.0")));
        Assert.True(s.IsActivated(Target));
        Assert.False(s.IsCommitted(Target));
        Assert.True(s.Uncommitted);
        Assert.Contains("-Phase Commit", s.Describe(Target));
        Assert.Contains("01:59:10", s.Describe(Target));
    }

    [Fact]
    public void A_committed_package_written_with_other_leading_zeros_is_the_target()
    {
        var s = State(Summary("IMG   C    17.9.4a.0.6"), ApImage(("AP1", "17.9.4.27", "None", "0.0.0.0")));
        Assert.True(s.IsCommitted(Target));
        Assert.Equal("runs 17.9.4a.0.6, committed", s.Describe(Target));
    }
}
