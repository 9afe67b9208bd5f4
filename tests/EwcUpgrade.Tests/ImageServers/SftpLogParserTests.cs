using EwcUpgrade.ImageServers.Sftp;

namespace EwcUpgrade.Tests.ImageServers;

/// <summary>sftp-server's verbose lines, as captured from OpenSSH 9.2 through the chroot's syslog socket.</summary>
public sealed class SftpLogParserTests
{
    private static readonly string[] Captured =
    {
        "<38>Nov 29 08:58:21 internal-sftp[15970]: session opened for local user ewcsftpexp from [127.0.0.1]",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: received client version 3",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: realpath \".\"",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: lstat name \"/17.9.4.27/ap1g7\"",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: stat name \"/17.9.4.27/ap1g7\"",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: open \"/17.9.4.27/ap1g7\" flags READ mode 0666",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: close \"/17.9.4.27/ap1g7\" bytes read 100000 written 0",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: lstat name \"/nope\"",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: sent status No such file",
        "<38>Nov 29 08:58:21 internal-sftp[15970]: session closed for local user ewcsftpexp from [127.0.0.1]",
    };

    [Fact]
    public void Reads_the_lines_that_make_transfers_and_ignores_the_rest()
    {
        var events = Captured.Select(SftpLogParser.Parse).ToList();
        Assert.Equal(SftpLogEventKind.SessionOpened, events[0]!.Kind);
        Assert.Equal("127.0.0.1", events[0]!.Client);
        Assert.Equal("ewcsftpexp", events[0]!.User);
        Assert.Null(events[1]);
        Assert.Null(events[2]);
        Assert.Equal(SftpLogEventKind.Opened, events[5]!.Kind);
        Assert.True(events[5]!.ForReading);
        Assert.Equal("/17.9.4.27/ap1g7", events[5]!.Path);
        Assert.Equal(SftpLogEventKind.Closed, events[6]!.Kind);
        Assert.Equal(100000, events[6]!.BytesRead);
        Assert.Equal(SftpLogEventKind.Status, events[8]!.Kind);
        Assert.All(events.Where(e => e != null), e => Assert.Equal(15970, e!.Pid));
    }

    [Fact]
    public void A_session_becomes_one_completed_and_one_failed_transfer()
    {
        var root = Path.Combine(Path.GetTempPath(), "ewc-sftp-track-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "17.9.4.27"));
        File.WriteAllBytes(Path.Combine(root, "17.9.4.27/ap1g7"), new byte[100000]);
        try
        {
            var tracker = new SftpSessionTracker(root);
            var ended = new List<SftpTransfer>();
            tracker.TransferEnded += (_, t) => ended.Add(t);
            foreach (var e in Captured.Select(SftpLogParser.Parse).OfType<SftpLogEvent>()) tracker.Handle(e, DateTime.UtcNow);
            Assert.Equal(2, ended.Count);
            Assert.Equal(SftpTransferState.Completed, ended[0].State);
            Assert.Equal(100000, ended[0].BytesTransferred);
            Assert.Equal(100000, ended[0].TotalBytes);
            Assert.Equal("127.0.0.1", ended[0].Client);
            Assert.Equal(SftpTransferState.Failed, ended[1].State);
            Assert.Equal("file not found: /nope", ended[1].Error);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void A_partial_read_is_a_failed_transfer_and_an_unclosed_file_fails_with_its_session()
    {
        var root = Path.Combine(Path.GetTempPath(), "ewc-sftp-track-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        File.WriteAllBytes(Path.Combine(root, "ap1g8"), new byte[5000]);
        try
        {
            var tracker = new SftpSessionTracker(root);
            var ended = new List<SftpTransfer>();
            tracker.TransferEnded += (_, t) => ended.Add(t);
            foreach (var line in new[]
            {
                "internal-sftp[7]: session opened for local user u from [10.0.0.9]",
                "internal-sftp[7]: open \"ap1g8\" flags READ mode 0666",
                "internal-sftp[7]: close \"ap1g8\" bytes read 1000 written 0",
                "internal-sftp[7]: open \"ap1g8\" flags READ mode 0666",
                "internal-sftp[7]: session closed for local user u from [10.0.0.9]",
            })
            {
                tracker.Handle(SftpLogParser.Parse(line)!, DateTime.UtcNow);
            }
            Assert.Equal(2, ended.Count);
            Assert.All(ended, t => Assert.Equal(SftpTransferState.Failed, t.State));
            Assert.Contains("1000 of 5000", ended[0].Error);
            Assert.Contains("session ended", ended[1].Error);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("<38>Nov 29 08:58:21 internal-sftp[abc]: open \"x\" flags READ mode 0666")]
    [InlineData("internal-sftp[1]: close \"x\" bytes read 99999999999999999999999 written 0")]
    [InlineData("internal-sftp[1]: close \"x\" bytes read 9999999999999999999 written 0")]
    public void Hostile_or_odd_lines_are_ignored(string line) => Assert.Null(SftpLogParser.Parse(line));
}
