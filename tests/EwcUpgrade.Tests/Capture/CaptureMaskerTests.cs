using EwcUpgrade.Capture;

namespace EwcUpgrade.Tests.Capture;

/// <summary>Every secret form a capture may hold is masked; the text around it, and text that only looks like it, is kept.</summary>
public sealed class CaptureMaskerTests
{
    [Theory]
    [InlineData(" sftp-password 0 Clear-Pa55", " sftp-password 0 *****", "Clear-Pa55")]
    [InlineData(" sftp-password 8 $8$dQ2R1bOm5d1xvE$0n9OQ8aQ2Mj3", " sftp-password 8 *****", "$8$dQ2R1bOm5d1xvE$0n9OQ8aQ2Mj3")]
    [InlineData("sftp-password NoType-Pa55", "sftp-password *****", "NoType-Pa55")]
    [InlineData("enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM", "enable secret 9 *****", "$9$nhEmQVczB7dqsO")]
    [InlineData("enable password Enable-Pa55", "enable password *****", "Enable-Pa55")]
    [InlineData("username admin privilege 15 password 0 User-Pa55", "username admin privilege 15 password 0 *****", "User-Pa55")]
    [InlineData("username calo secret 9 $9$abcdefghijklmn$opq", "username calo secret 9 *****", "$9$abcdefghijklmn$opq")]
    [InlineData("username ops password 7 0822455D0A16", "username ops password 7 *****", "0822455D0A16")]
    [InlineData(" sftp-password 0 two words", " sftp-password 0 *****", "words")]
    public void A_configured_secret_is_masked_and_its_type_kept(string line, string expected, string secret)
    {
        var masked = CaptureMasker.Apply("wireless profile image-download default\n" + line + "\n sftp-port 22");
        Assert.DoesNotContain(secret, masked);
        Assert.Equal("wireless profile image-download default\n" + expected + "\n sftp-port 22", masked);
    }

    [Theory]
    [InlineData("sftp://calo:Url-Pa55@172.16.5.62/Documents/ap1g6", "sftp://*****@172.16.5.62/Documents/ap1g6", "Url-Pa55")]
    [InlineData("ftp://calo:pa/ss:w@rd@10.0.0.1/x", "ftp://*****@10.0.0.1/x", "pa/ss")]
    [InlineData("scp://calo@10.0.0.1/x", "scp://*****@10.0.0.1/x", "calo")]
    public void Url_credentials_are_masked_in_log_lines(string url, string expectedUrl, string secret)
    {
        var line = $"*Feb 1 20:29:25.730: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package {url}, Error: No such file or directory";
        var masked = CaptureMasker.Apply(line);
        Assert.DoesNotContain(secret, masked);
        Assert.Equal(line.Replace(url, expectedUrl), masked);
    }

    [Fact]
    public void What_the_device_masked_stays_as_it_is()
    {
        const string text = " sftp-password 8 *****\n*Feb 1 17:05:37.108: %INSTALL-5-INSTALL_COMPLETED_INFO: Chassis 1 R0/0: install_engine: Completed install add sftp://*****@172.16.5.62/ap3g3";
        Assert.Equal(text, CaptureMasker.Apply(text));
    }

    [Fact]
    public void A_known_secret_is_masked_wherever_it_appears_the_longer_first()
    {
        var masked = CaptureMasker.Apply("banner Lab-Only-Pa55 and Lab-Only-Pa55-2 in a line", new[] { "Lab-Only-Pa55", "Lab-Only-Pa55-2", null, "" });
        Assert.Equal("banner ***** and ***** in a line", masked);
    }

    [Theory]
    // Syslog prose: the word after "password" is not a secret, and the log line must stay readable for its parser.
    [InlineData("*Feb 1 20:29:25.730: %SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: ops] [Source: 10.0.0.9] [Reason: Invalid password for user]")]
    // Keywords that contain the word but configure no secret.
    [InlineData("service password-encryption")]
    [InlineData("Cisco IOS XE Software, Version 17.09.03")]
    [InlineData("AP-POD-2-2   17.9.4.27   17.12.1.5   Complete   17.12.1.5   N/A   0   CAPWAP")]
    public void Text_without_a_secret_is_left_unchanged(string text) =>
        Assert.Equal(text, CaptureMasker.Apply(text));
}
