using EwcUpgrade.Diagnosis;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Tests.Diagnosis;

/// <summary>The module's image server's transfer log joined to the device's failures.</summary>
public sealed class ImageServerEvidenceTests
{
    private const string Ewc = "172.16.4.26";
    // The device runs on UTC here: its 20:52:13 is the server's 20:52:13 UTC.
    private static readonly DateTime FailureUtc = new(2024, 2, 1, 20, 52, 13, DateTimeKind.Utc);

    private static ImageDownloadEvent TftpFailure(string reason, string path = "/Wrong-Path") => Assert.Single(ImageDownloadLog.Parse(
        $"*Feb 1 20:52:13.977: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package tftp://172.16.5.27{path}/ap1g6, Error: Failed to download file tftp://172.16.5.27{path}/ap1g6: {reason}",
        year: 2024));

    private static ServerTransfer Transfer(string client, string file, ImageTransferState state, string? error, TimeSpan before, long bytes = 0) =>
        new(ImageServerProtocol.Tftp, client, file, state, error, FailureUtc - before, bytes);

    [Fact]
    public void No_request_from_the_controller_points_at_a_firewall_or_a_wrong_address()
    {
        var failure = TftpFailure("Timed out");
        var transfers = new[]
        {
            Transfer("172.16.4.99", "/Wrong-Path/ap1g6", ImageTransferState.Completed, null, TimeSpan.FromMinutes(1)),   // another client
            Transfer(Ewc, "/Wrong-Path/ap1g6", ImageTransferState.Failed, "File not found", TimeSpan.FromHours(3)),      // long before
            Transfer(Ewc, "/Wrong-Path/ap1g8", ImageTransferState.Completed, null, TimeSpan.FromMinutes(1)),            // another file
        };
        ImageServerEvidence.Join(new[] { failure }, ImageServerProtocol.Tftp, transfers, Ewc);
        Assert.Equal(DownloadFailureCause.ServerUnreachable, failure.Cause);
        Assert.StartsWith("No request for this file reached the server", failure.Fix);
        Assert.Contains("firewall", failure.Fix);
        Assert.Contains("wrong server address", failure.Fix);
        Assert.Contains("no request for ap1g6 from " + Ewc, failure.ServerSaw);
    }

    [Fact]
    public void Server_said_file_not_found_points_at_the_path_it_was_asked_for()
    {
        var failure = TftpFailure("No such file or directory");
        ImageServerEvidence.Join(new[] { failure }, ImageServerProtocol.Tftp,
            new[] { Transfer(Ewc, "/x/ap1g6", ImageTransferState.Failed, "file not found: /x/ap1g6", TimeSpan.FromSeconds(2)) }, Ewc);
        Assert.Equal(DownloadFailureCause.WrongPath, failure.Cause);
        Assert.Contains("file not found: /x/ap1g6", failure.Fix);
        Assert.Contains("image path", failure.Fix);
        Assert.Equal(Ewc + " asked for /x/ap1g6: file not found: /x/ap1g6", failure.ServerSaw);
    }

    [Fact]
    public void Server_said_not_found_but_served_the_folders_other_images_is_MissingImage()
    {
        var failure = TftpFailure("No such file or directory", "/EWC/17_9_4a");
        ImageServerEvidence.Join(new[] { failure }, ImageServerProtocol.Tftp, new[]
        {
            Transfer(Ewc, "/EWC/17_9_4a/ap1g8", ImageTransferState.Completed, null, TimeSpan.FromSeconds(30), 70512640),
            Transfer(Ewc, "/EWC/17_9_4a/ap1g6", ImageTransferState.Failed, "File not found", TimeSpan.FromSeconds(2)),
        }, Ewc);
        Assert.Equal(DownloadFailureCause.MissingImage, failure.Cause);
        Assert.Contains("copy ap1g6", failure.Fix);
    }

    [Fact]
    public void Server_sent_the_file_but_the_device_failed_is_Unknown_with_the_devices_text()
    {
        var failure = TftpFailure("No such file or directory", "/EWC/17_9_4a");
        Assert.Equal(DownloadFailureCause.WrongPath, failure.Cause);
        ImageServerEvidence.Join(new[] { failure }, ImageServerProtocol.Tftp,
            new[] { Transfer("::ffff:" + Ewc, "/EWC/17_9_4a/ap1g6", ImageTransferState.Completed, null, TimeSpan.FromSeconds(5), 70307840) }, Ewc);
        Assert.Equal(DownloadFailureCause.Unknown, failure.Cause);
        Assert.Contains("No such file or directory", failure.Fix);
        Assert.Contains("completely", failure.Fix);
        Assert.Contains("70307840 bytes", failure.ServerSaw);
    }

    [Fact]
    public void A_refused_sftp_login_keeps_its_fix_when_no_file_was_asked_for()
    {
        var failure = Assert.Single(ImageDownloadLog.Parse(
            "*Feb 1 20:52:13.977: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package sftp://*****@172.16.5.62/EWC/ap1g6, Error: Failed to download file sftp://*****@172.16.5.62/EWC/ap1g6: Authentication failed",
            year: 2024));
        ImageServerEvidence.Join(new[] { failure }, ImageServerProtocol.Sftp, Array.Empty<ServerTransfer>(), Ewc);
        Assert.Equal(DownloadFailureCause.AuthenticationFailed, failure.Cause);
        Assert.Contains("user name and password", failure.Fix);
        Assert.Contains("no request for ap1g6", failure.ServerSaw);
    }

    [Fact]
    public void Failures_of_the_other_protocol_are_left_alone()
    {
        var failure = TftpFailure("Timed out");
        var fix = failure.Fix;
        ImageServerEvidence.Join(new[] { failure }, ImageServerProtocol.Sftp, Array.Empty<ServerTransfer>(), Ewc);
        Assert.Equal(fix, failure.Fix);
        Assert.Null(failure.ServerSaw);
    }

    [Fact]
    public void The_device_clock_offset_moves_the_window()
    {
        // The device prints local time two hours ahead of UTC: its 20:52 is 18:52 UTC.
        var failure = TftpFailure("No such file or directory");
        var transfer = new ServerTransfer(ImageServerProtocol.Tftp, Ewc, "/Wrong-Path/ap1g6", ImageTransferState.Failed, "File not found", FailureUtc.AddHours(-2));
        ImageServerEvidence.Join(new[] { failure }, ImageServerProtocol.Tftp, new[] { transfer }, Ewc, deviceClockOffset: TimeSpan.FromHours(2));
        Assert.Contains("File not found", failure.Fix);
    }
}
