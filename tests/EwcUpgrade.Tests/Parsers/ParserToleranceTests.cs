using EwcUpgrade.Parsers;

namespace EwcUpgrade.Tests.Parsers;

/// <summary>Input no capture shows: the parsers fail with the device's own line, or tolerate it.</summary>
public sealed class ParserToleranceTests
{
    [Fact]
    public void Empty_output_is_an_empty_report_not_an_error()
    {
        var report = ShowApImage.Parse("");
        Assert.Null(report.TotalAps);
        Assert.Empty(report.Aps);
        Assert.Empty(ShowApSummary.Parse("\r\n"));
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
    public void Counters_read_as_numbers_and_unknown_counters_as_zero()
    {
        var report = ShowApImage.Parse("Total number of APs : 1\nNumber of APs\n        Completed predownloading   : 1\n");
        Assert.Equal(1, report.Counter("Completed predownloading"));
        Assert.Equal(0, report.Counter("Failed to Predownload"));
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
