using EwcUpgrade.Diagnosis;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Tests.Diagnosis;

/// <summary>The seed's failure scenarios (reference §8), read from `show logging` as the device prints them.</summary>
public sealed class ImageDownloadLogTests
{
    private const string SftpWrongPath =
        "*Feb 1 20:29:25.730: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package sftp://*****@172.16.5.62/Documents/Wrong-Path/ap1g6, Error: Failed to download file sftp://*****@172.16.5.62/Documents/Wrong-Path/ap1g6: No such file or directory";
    private const string TftpWrongPath =
        "*Feb 1 20:52:13.977: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package tftp://172.16.5.27/Wrong-Path/ap1g6, Error: Failed to download file tftp://172.16.5.27/Wrong-Path/ap1g6: No such file or directory";
    private const string TftpTimedOut =
        "*Feb 1 20:55:46.579: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package tftp://172.16.5.199/EWC/17_9_4a/ap1g6, Error: Failed to download file tftp://172.16.5.199/EWC/17_9_4a/ap1g6: Timed out";
    // [U] the simulator's wording for a refused SFTP login.
    private const string SftpAuthentication =
        "*Feb 1 21:02:10.001: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package sftp://*****@172.16.5.62/Documents/sftp_files/EWC_17_9_4a/ap1g6, Error: Failed to download file sftp://*****@172.16.5.62/Documents/sftp_files/EWC_17_9_4a/ap1g6: Authentication failed";

    private static ImageDownloadEvent Single(string line) => Assert.Single(ImageDownloadLog.Parse(line, year: 2024));

    [Fact]
    public void Sftp_wrong_path_is_WrongPath_with_the_folder_in_the_fix()
    {
        var e = Single(SftpWrongPath);
        Assert.Equal(ImageDownloadEventKind.InstallFailed, e.Kind);
        Assert.Equal(DownloadFailureCause.WrongPath, e.Cause);
        Assert.Equal(ImageServerProtocol.Sftp, e.Protocol);
        Assert.Equal("172.16.5.62", e.Server);
        Assert.Equal("/Documents/Wrong-Path", e.Path);
        Assert.Equal("ap1g6", e.File);
        Assert.Equal("add", e.Operation);
        Assert.Equal("No such file or directory", e.Error);
        Assert.Equal("sftp://*****@172.16.5.62/Documents/Wrong-Path/ap1g6", e.Url);
        Assert.Equal(new DateTime(2024, 2, 1, 20, 29, 25, 730), e.Time);
        Assert.Contains("/Documents/Wrong-Path/ap1g6", e.Fix);
        Assert.Contains("image path", e.Fix);
    }

    [Fact]
    public void Tftp_wrong_path_is_WrongPath()
    {
        var e = Single(TftpWrongPath);
        Assert.Equal(DownloadFailureCause.WrongPath, e.Cause);
        Assert.Equal(ImageServerProtocol.Tftp, e.Protocol);
        Assert.Equal("172.16.5.27", e.Server);
        Assert.Equal("/Wrong-Path", e.Path);
    }

    [Fact]
    public void Timed_out_is_ServerUnreachable_naming_the_ports()
    {
        var e = Single(TftpTimedOut);
        Assert.Equal(DownloadFailureCause.ServerUnreachable, e.Cause);
        Assert.Equal("Timed out", e.Error);
        Assert.Contains("172.16.5.199", e.Fix);
        Assert.Contains("UDP 69", e.Fix);
    }

    [Fact]
    public void Sftp_authentication_failure_is_AuthenticationFailed()
    {
        var e = Single(SftpAuthentication);
        Assert.Equal(DownloadFailureCause.AuthenticationFailed, e.Cause);
        Assert.Contains("user name and password", e.Fix);
    }

    [Fact]
    public void Permission_denied_for_publickey_and_password_is_AuthenticationFailed()
    {
        var e = Single(TftpTimedOut.Replace("tftp://172.16.5.199", "sftp://*****@172.16.5.62").Replace("Timed out", "Permission denied (publickey,password)."));
        Assert.Equal(DownloadFailureCause.AuthenticationFailed, e.Cause);
    }

    [Fact]
    public void No_such_file_in_a_folder_that_served_another_image_is_MissingImage()
    {
        var log = string.Join("\n",
            "*Feb 1 17:05:37.108: %INSTALL-5-INSTALL_COMPLETED_INFO: Chassis 1 R0/0: install_engine: Completed install add sftp://*****@172.16.5.62/Documents/sftp_files/EWC_17_9_4a/ap3g3",
            SftpAuthentication.Replace("Authentication failed", "No such file or directory"));
        var events = ImageDownloadLog.Parse(log, year: 2024);
        Assert.Equal(2, events.Count);
        Assert.Equal(ImageDownloadEventKind.InstallCompleted, events[0].Kind);
        Assert.Null(events[0].Cause);
        Assert.Equal(DownloadFailureCause.MissingImage, events[1].Cause);
        Assert.Contains("copy ap1g6", events[1].Fix);
    }

    [Fact]
    public void A_clear_password_in_a_url_is_masked_everywhere()
    {
        var line = TftpTimedOut.Replace("tftp://172.16.5.199", "sftp://calo:S3cret!pw@172.16.5.62");
        var e = Single(line);
        Assert.Equal("sftp://*****@172.16.5.62/EWC/17_9_4a/ap1g6", e.Url);
        foreach (var text in new[] { e.Url, e.Line, e.Error, e.Fix })
        {
            Assert.DoesNotContain("S3cret", text);
            Assert.DoesNotContain("calo", text);
        }
    }

    [Fact]
    public void UrlMask_hides_user_and_password_even_with_an_at_sign_in_the_password()
    {
        Assert.Equal("see sftp://*****@10.0.0.1/a/ap1g6 and tftp://10.0.0.2/b", UrlMask.Apply("see sftp://u:p@ss@10.0.0.1/a/ap1g6 and tftp://10.0.0.2/b"));
    }

    [Fact]
    public void UrlMask_hides_a_password_that_holds_a_slash_or_a_colon() =>
        Assert.Equal("sftp://*****@10.0.0.1/a/ap1g6: Timed out", UrlMask.Apply("sftp://calo:pa/ss:w0rd@10.0.0.1/a/ap1g6: Timed out"));

    [Fact]
    public void A_reason_the_patterns_do_not_know_is_Unknown_with_the_devices_words()
    {
        var e = Single(TftpTimedOut.Replace("Timed out", "Disk quota exceeded on bootflash"));
        Assert.Equal(DownloadFailureCause.Unknown, e.Cause);
        Assert.Equal("Disk quota exceeded on bootflash", e.Error);
        Assert.Contains("Disk quota exceeded on bootflash", e.Fix);
    }

    [Fact]
    public void An_install_error_in_an_unknown_shape_is_an_Unknown_failure_not_an_exception()
    {
        var e = Single("*Feb 1 20:55:46.579: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Something new went wrong with sftp://u:pw@10.1.1.1/x");
        Assert.Equal(ImageDownloadEventKind.InstallFailed, e.Kind);
        Assert.Equal(DownloadFailureCause.Unknown, e.Cause);
        Assert.Null(e.Url);
        Assert.DoesNotContain("pw", e.Error);
        Assert.Contains("Something new went wrong", e.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\nLog Buffer (102400 bytes):\n*Feb 1 17:07:00.720: %SYS-5-CONFIG_I: Configured from console")]
    [InlineData("*Feb 31 99:99:99: %INSTALL-5-INSTALL_COMPLETED_INFO: Completed install")]
    [InlineData("*Feb 1 17:05:37.108: %CAPWAPAC_SMGR_TRACE_MESSAGE-5-AP_JOIN_DISJOIN: Chassis 1 R0/0: wncd: AP Event: AP Join")]
    public void Lines_the_patterns_do_not_know_are_skipped_without_an_exception(string raw)
    {
        Assert.Empty(ImageDownloadLog.Parse(raw, year: 2024));
    }

    [Fact]
    public void Ap_events_and_activate_are_read()
    {
        var events = ImageDownloadLog.Parse(string.Join("\r\n",
            "*Feb 1 17:07:00.720: %CAPWAPAC_SMGR_TRACE_MESSAGE-5-AP_JOIN_DISJOIN: Chassis 1 R0/0: wncd: AP Event: AP Image Download Success",
            "*Feb 1 20:29:14.108: %CAPWAPAC_SMGR_TRACE_MESSAGE-5-AP_JOIN_DISJOIN: Chassis 1 R0/0: wncd: AP Event: AP Image Download Failed",
            "*Feb 2 09:00:00.000: %INSTALL-5-INSTALL_START_INFO: Chassis 1 R0/0: install_engine: Started install activate 17.12.1.5"), year: 2024);
        Assert.Equal(new[] { ImageDownloadEventKind.ApImageDownloadSucceeded, ImageDownloadEventKind.ApImageDownloadFailed, ImageDownloadEventKind.InstallStarted },
            events.Select(e => e.Kind));
        Assert.Equal("activate", events[2].Operation);
        Assert.Equal("17.12.1.5", events[2].Version);
        Assert.Null(events[2].Url);
        Assert.Null(events[2].Server);
    }

    [Fact]
    public void An_ap_failure_alone_is_Unknown_and_points_at_show_ap_image()
    {
        var e = Single("*Feb 1 20:29:14.108: %CAPWAPAC_SMGR_TRACE_MESSAGE-5-AP_JOIN_DISJOIN: Chassis 1 R0/0: wncd: AP Event: AP Image Download Failed");
        Assert.True(e.IsFailure);
        Assert.Equal(DownloadFailureCause.Unknown, e.Cause);
        Assert.Contains("show ap image", e.Fix);
    }

    [Fact]
    public void An_ap_failure_takes_the_cause_of_the_install_error_nearest_in_time()
    {
        var events = ImageDownloadLog.Parse(string.Join("\n",
            "*Feb 1 20:52:08.742: %CAPWAPAC_SMGR_TRACE_MESSAGE-5-AP_JOIN_DISJOIN: Chassis 1 R0/0: wncd: AP Event: AP Image Download Failed",
            TftpWrongPath, TftpTimedOut), year: 2024);
        Assert.Equal(DownloadFailureCause.WrongPath, events[0].Cause);
        Assert.Contains("/Wrong-Path/ap1g6", events[0].Fix);
    }

    [Fact]
    public void Without_a_year_a_time_stamp_is_never_read_in_the_future()
    {
        // Ten days ahead in this year's calendar: a line of last year (or, in late December, of this year).
        var stamp = DateTime.UtcNow.AddDays(10).ToString("MMM d HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        var e = Assert.Single(ImageDownloadLog.Parse($"*{stamp}: %CAPWAPAC_SMGR_TRACE_MESSAGE-5-AP_JOIN_DISJOIN: Chassis 1 R0/0: wncd: AP Event: AP Image Download Success"));
        Assert.NotNull(e.Time);
        Assert.True(e.Time <= DateTime.UtcNow.AddDays(1), $"{e.Time} is in the future");
        Assert.True(e.Time > DateTime.UtcNow.AddDays(-366), $"{e.Time} is more than a year ago");
    }
}
