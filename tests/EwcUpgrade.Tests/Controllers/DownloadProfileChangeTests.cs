using EwcUpgrade.ImageServers;
using System.Net;
using EwcUpgrade.Controllers;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Tests.Controllers;

public sealed class DownloadProfileChangeTests
{
    private static ImageDownloadProfile Current(string config) => ImageDownloadProfileConfig.Parse(config);

    private const string Tftp = "wireless profile image-download default\n image-download-mode tftp\n tftp-image-server 172.16.5.27\n tftp-image-path /EWC/17_9_4a\n";
    private const string Sftp = "wireless profile image-download default\n image-download-mode sftp\n sftp-image-server 172.16.5.62\n sftp-image-path Documents/x\n sftp-username calo\n sftp-password 8 abcdEFGH\n";

    [Fact]
    public void An_empty_profile_gets_every_line_in_the_reference_order()
    {
        var change = DownloadProfileChange.Plan(Current(""), new DownloadProfileRequest(ImageServerProtocol.Tftp, "172.16.5.27", "/EWC/17_9_4a"));

        Assert.Equal(new[]
        {
            "wireless profile image-download default",
            "image-download-mode tftp",
            "tftp-image-server 172.16.5.27",
            "tftp-image-path /EWC/17_9_4a",
        }, change.Lines);
    }

    [Fact]
    public void A_profile_that_is_already_right_gets_nothing()
    {
        var change = DownloadProfileChange.Plan(Current(Tftp), new DownloadProfileRequest(ImageServerProtocol.Tftp, "172.16.5.27", "/EWC/17_9_4a"));
        Assert.True(change.IsEmpty);
        Assert.Empty(change.DisplayLines);
    }

    [Fact]
    public void Only_what_differs_is_sent()
    {
        var change = DownloadProfileChange.Plan(Current(Tftp), new DownloadProfileRequest(ImageServerProtocol.Tftp, "172.16.5.27", "/17.9.4a"));
        Assert.Equal(new[] { "wireless profile image-download default", "image-download-mode tftp", "tftp-image-path /17.9.4a" }, change.Lines);
    }

    [Fact]
    public void Force_sends_everything()
    {
        var change = DownloadProfileChange.Plan(Current(Tftp), new DownloadProfileRequest(ImageServerProtocol.Tftp, "172.16.5.27", "/EWC/17_9_4a") { Force = true });
        Assert.Equal(new[] { "wireless profile image-download default", "image-download-mode tftp", "tftp-image-server 172.16.5.27", "tftp-image-path /EWC/17_9_4a" }, change.Lines);
    }

    [Fact]
    public void Sftp_sends_the_password_but_shows_it_masked()
    {
        var wanted = new DownloadProfileRequest(ImageServerProtocol.Sftp, "172.16.5.62", "Documents/sftp_files/EWC_17_9_4a") { Credential = new NetworkCredential("calo", "Pa55-word"), Port = 2222 };

        var change = DownloadProfileChange.Plan(Current(Tftp), wanted);

        Assert.Equal(new[]
        {
            "wireless profile image-download default",
            "image-download-mode sftp",
            "sftp-image-server 172.16.5.62",
            "sftp-image-path Documents/sftp_files/EWC_17_9_4a",
            "sftp-username calo",
            "sftp-port 2222",
            "sftp-password 0 Pa55-word",
        }, change.Lines);
        Assert.Equal("sftp-password 0 ********", change.DisplayLines[^1]);
        Assert.DoesNotContain(change.DisplayLines, l => l.Contains("Pa55-word"));
        Assert.Equal(new[] { "Pa55-word" }, change.Secrets);
    }

    [Fact]
    public void A_given_sftp_password_is_sent_even_when_everything_else_matches()
    {
        // The device shows the password only encrypted: a new one cannot be told from the old, so it always goes.
        var wanted = new DownloadProfileRequest(ImageServerProtocol.Sftp, "172.16.5.62", "Documents/x") { Credential = new NetworkCredential("calo", "New-Pa55") };

        var change = DownloadProfileChange.Plan(Current(Sftp), wanted);

        Assert.Equal(new[] { "wireless profile image-download default", "image-download-mode sftp", "sftp-password 0 New-Pa55" }, change.Lines);
        Assert.Equal("sftp-password 0 ********", change.DisplayLines[^1]);
        Assert.Equal(new[] { "New-Pa55" }, change.Secrets);
    }

    [Fact]
    public void An_sftp_login_without_a_password_sends_nothing_when_the_rest_matches()
    {
        var wanted = new DownloadProfileRequest(ImageServerProtocol.Sftp, "172.16.5.62", "Documents/x") { Credential = new NetworkCredential("calo", "") };
        Assert.True(DownloadProfileChange.Plan(Current(Sftp), wanted).IsEmpty);
    }

    [Fact]
    public void Sftp_without_a_login_is_refused()
    {
        var wanted = new DownloadProfileRequest(ImageServerProtocol.Sftp, "172.16.5.62", "x");
        Assert.Throws<ArgumentException>(() => DownloadProfileChange.Plan(Current(""), wanted));
    }

    [Theory]
    [InlineData("", "/p")]
    [InlineData("1.2.3.4", "")]
    [InlineData("1.2.3.4", "/with space")]
    [InlineData("1.2.3.4\n", "/p\nwrite erase")]
    public void Bad_requests_are_refused_before_any_line_is_built(string server, string path)
    {
        Assert.Throws<ArgumentException>(() => new DownloadProfileRequest(ImageServerProtocol.Tftp, server, path));
    }
}
