using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>A flood of junk must not become a flood of log lines: refusals are rate-limited per client.</summary>
public sealed class FloodTests
{
    [Fact]
    public void Malformed_requests_are_logged_a_few_per_client_then_summed_up_in_one_line()
    {
        var tftp = new TftpTestServer();
        using var raw = new RawTftp(tftp.EndPoint);
        for (var i = 0; i < 20_000; i++) raw.SendTo(new byte[] { 0, 9, 1 }, tftp.EndPoint);
        // The listener handles datagrams in order: once the request sent after the flood is logged,
        // everything of the flood that reached the server has been handled.
        // Sent again until seen: while the flood fills the listener's socket buffer, the kernel drops it.
        for (var i = 0; i < 100 && !tftp.Log.Any(l => l.Contains("filename after-flood")); i++)
        {
            raw.SendRequest(1, "after-flood");
            Thread.Sleep(100);
        }
        Assert.Contains(tftp.Log, l => l.Contains("filename after-flood"));

        Assert.Equal(5, tftp.Log.Count(l => l.StartsWith("malformed request from 127.0.0.1")));
        tftp.Server.Stop();
        var summary = Assert.Single(tftp.Log, l => l.Contains("more malformed requests from 127.0.0.1 refused"));
        Assert.Matches(@"^… [1-9]\d* more", summary);
        tftp.Dispose();
    }
}
