using EwcUpgrade.Parsers;

namespace EwcUpgrade.Tests.Parsers;

/// <summary>Input no capture shows: the parsers fail with the device's own line, or tolerate it.</summary>
public sealed class ParserToleranceTests
{
    [Fact]
    public void Empty_output_is_an_empty_report_not_an_error()
    {
        var report = ShowApImage.Parse("");
        Assert.Equal(0, report.TotalAps);
        Assert.Empty(report.Aps);
        Assert.Empty(ShowApSummary.Parse("\r\n").Aps);
    }

    [Fact]
    public void A_truncated_row_fails_with_the_line_it_could_not_read()
    {
        const string raw = "AP Name   Primary Image   Backup Image   Predownload Status   Predownload Version   Next Retry Time   Retry Count   Method\n" +
                           "------------------------------\n" +
                           "AP-1   17.9.4.27\n";
        var e = Assert.Throws<CliParseException>(() => ShowApImage.Parse(raw));
        Assert.Contains("AP-1   17.9.4.27", e.Message);
        Assert.Equal("show ap image", e.Command);
    }

    [Fact]
    public void Show_version_without_a_version_line_says_so()
    {
        var e = Assert.Throws<CliParseException>(() => ShowVersion.Parse("% Invalid input detected at '^' marker."));
        Assert.Contains("Invalid input", e.Message);
    }

    [Fact]
    public void Counters_are_typed_numbers_and_unknown_ones_go_to_other_counters()
    {
        var report = ShowApImage.Parse("Total number of APs : 12\nNumber of APs\n        Completed predownloading   : 11\n" +
                                       "        Failed to Predownload      : 1\n        Waiting for reboot         : 2\n" +
                                       "        Predownload in progress    : Yes\n        Last change     : N/A\n");
        Assert.Equal(12, report.TotalAps);
        Assert.Equal(11, report.CompletedPredownloading);
        Assert.Equal(1, report.FailedToPredownload);
        Assert.Equal(0, report.Initiated);
        Assert.True(report.PredownloadInProgress);
        // A counter this parser does not know keeps its number; a line that is no number is no counter.
        Assert.Equal(new Dictionary<string, int> { ["Waiting for reboot"] = 2 }, report.OtherCounters);
    }

    [Fact]
    public void A_known_counter_that_is_not_a_number_fails_with_its_line()
    {
        var e = Assert.Throws<CliParseException>(() => ShowApImage.Parse("Number of APs\n        Downloading      : many\n"));
        Assert.Contains("Downloading      : many", e.Message);
    }

    [Fact]
    public void A_syslog_line_parses_and_other_lines_do_not()
    {
        Assert.Null(SyslogLine.TryParse("Log Buffer (102400 bytes):"));
        var m = SyslogLine.TryParse("*Feb 1 20:29:25.730: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: x");
        Assert.NotNull(m);
        Assert.Equal(3, m!.Severity);
    }
}
