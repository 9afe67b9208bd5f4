using System.Text.RegularExpressions;
using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>Each show command's output, in the reference's layouts, over a real SSH shell.</summary>
[Collection(SharedLabCollection.Name)]
public sealed class ShowCommandTests(SharedLab lab)
{
    [RootFact]
    public void Show_ap_image_matches_the_reference_layout()
    {
        using var t = lab.Privileged("REF-EWC");
        t.Run("terminal length 0");
        var lines = t.Lines("show ap image");
        Assert.Equal(ReferenceCaptures.ApImage, lines[..14]);
        Assert.Contains(ReferenceCaptures.ApImageRow, lines);
        Assert.Equal(14 + 3, lines.Length);
    }

    [RootFact]
    public void Show_ap_image_counts_failed_predownloads_and_their_retries()
    {
        using var t = lab.Privileged("OLD-EWC");
        var lines = t.Lines("show ap image");
        Assert.Contains("        Failed to Predownload      : 1", lines);
        Assert.Matches(@"^AP-OLD-2 +17\.9\.3\.50 +17\.6\.5\.22 +Failed +17\.9\.4\.27 +00:05:00 +2 +CAPWAP$", lines.Single(l => l.StartsWith("AP-OLD-2")));
    }

    [RootFact]
    public void Show_ap_summary_from_17_9_4_has_country_and_regulatory_domain_columns()
    {
        using var t = lab.Privileged("REF-EWC");
        var lines = t.Lines("show ap summary");
        Assert.Equal(ReferenceCaptures.ApSummary, lines[..8]);
        Assert.Matches(@"^AP-POD-2-3 +2 +AIR-AP2802I-E-K9 +00a7\.42aa\.2203 +\S+ +DE +-E +172\.16\.4\.28 +Registered +default location$", lines.Single(l => l.StartsWith("AP-POD-2-3")));
    }

    [RootFact]
    public void Show_ap_summary_before_17_9_4_has_the_older_layout()
    {
        using var t = lab.Privileged("OLD-EWC");
        var lines = t.Lines("show ap summary");
        Assert.Equal("Number of APs: 2", lines[0]);
        Assert.DoesNotContain("CC = Country Code", lines);
        var header = lines.Single(l => l.StartsWith("AP Name"));
        Assert.Matches(@"^AP Name +Slots +AP Model +Ethernet MAC +Radio MAC +Location +Country +IP Address +State$", header);
        Assert.Matches(@"^AP-OLD-1 +2 +C9120AXI-E +0c75\.bd00\.0101 +\S+ +default location +US +10\.1\.0\.1 +Registered$", lines.Single(l => l.StartsWith("AP-OLD-1")));
    }

    [RootFact]
    public void Show_install_summary_matches_the_reference()
    {
        using var t = lab.Privileged("REF-EWC");
        Assert.Equal(ReferenceCaptures.InstallSummary, t.Lines("show install summary")[..11]);
    }

    [RootFact]
    public void Show_version_names_the_software_release_uptime_and_hardware()
    {
        using var t = lab.Privileged("REF-EWC");
        t.Run("terminal length 0");
        var lines = t.Lines("show version");
        Assert.Equal("Cisco IOS XE Software, Version 17.09.04", lines[0]);
        Assert.Contains(lines, l => l.Contains("C9800-AP Software (C9800-AP-K9_IOSXE-UNIVERSALK9-M), Version 17.9.4,"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^REF-EWC uptime is \d+ days?, \d+ hours?, \d+ minutes?$"));
        Assert.Contains(lines, l => l.StartsWith("cisco C9120AXI-E "));
    }

    [RootFact]
    public void Show_running_config_section_shows_the_profile_block_and_nothing_without_one()
    {
        using var t = lab.Privileged("REF-EWC");
        Assert.Equal(
            ["wireless profile image-download default", " image-download-mode tftp", " tftp-image-server 172.16.5.27", " tftp-image-path /EWC/17_9_4a"],
            t.Lines("show running-config | section image-download"));
        using var none = lab.Privileged("OLD-EWC");
        Assert.Empty(none.Lines("show running-config | section image-download"));
    }

    [RootFact]
    public void Show_logging_lists_the_lab_lines_and_include_filters_them()
    {
        using var t = lab.Privileged("REF-EWC");
        t.Run("terminal length 0");
        var all = t.Lines("show logging");
        Assert.StartsWith("Syslog logging: enabled", all[0]);
        Assert.Contains(all, l => l.EndsWith("install add sftp://*****@172.16.5.62/Documents/sftp_files/EWC_17_9_4a/ap3g3"));
        var timedOut = t.Lines("show logging | include Timed out$");
        Assert.Equal("*Feb 1 20:55:46.579: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package tftp://172.16.5.199/EWC/17_9_4a/ap1g6, Error: Failed to download file tftp://172.16.5.199/EWC/17_9_4a/ap1g6: Timed out", Assert.Single(timedOut));
        Assert.Empty(t.Lines("show logging | include NOTHING-LIKE-THIS"));
    }
}
