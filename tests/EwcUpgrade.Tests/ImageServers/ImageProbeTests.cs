using System.Net;
using System.Net.Sockets;
using EwcUpgrade.ImageServers;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.Tests.Tftp;

namespace EwcUpgrade.Tests.ImageServers;

/// <summary>
/// Test-ImageServer's TFTP probe against real servers on loopback: the module's own, tftpd-hpa, a
/// closed port and a port that swallows requests. Each verdict comes from what the server says.
/// </summary>
public sealed class ImageProbeTests : IDisposable
{
    private readonly TftpTestServer _ours = new();
    private readonly string _hpaRoot = Path.Combine(Path.GetTempPath(), "ewc-probe-hpa-" + Guid.NewGuid().ToString("N")[..8]);

    public ImageProbeTests()
    {
        _ours.AddFile("17.9.4.27/ap1g7", 150_000);
        _ours.AddFile("17.9.4.27/ap1g8", 90_001);
        Directory.CreateDirectory(Path.Combine(_hpaRoot, "17.9.4.27"));
        File.Copy(Path.Combine(_ours.Root, "17.9.4.27/ap1g7"), Path.Combine(_hpaRoot, "17.9.4.27/ap1g7"));
        File.Copy(Path.Combine(_ours.Root, "17.9.4.27/ap1g8"), Path.Combine(_hpaRoot, "17.9.4.27/ap1g8"));
    }

    private static readonly ImageProbeTarget[] Targets =
    {
        new("ap1g7", "ap1g7", 150_000),   // there, right size
        new("ap1g8", "ap1g8", 90_000),    // there, one byte more on the server
        new("ap3g3", "ap3g3", 1_000),     // not there
    };

    private static List<ImageProbeResult> Probe(int port, string path, IReadOnlyList<ImageProbeTarget>? targets = null) =>
        ImageProbe.Probe(new ImageProbeRequest(ImageServerProtocol.Tftp, "127.0.0.1", port, path) { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 }, targets ?? Targets).ToList();

    [Fact]
    public void Our_server_ok_size_mismatch_and_not_found()
    {
        var results = Probe(_ours.Server.LocalEndPoint.Port, "/17.9.4.27");
        AssertVerdicts(results);
        Assert.All(results, r => Assert.StartsWith("/17.9.4.27/", r.RemotePath));
    }

    [Fact]
    public void Tftpd_hpa_ok_size_mismatch_and_not_found()
    {
        using var hpa = new ThirdPartyTftpd(_hpaRoot);
        AssertVerdicts(Probe(hpa.Port, "/17.9.4.27"));
    }

    private static void AssertVerdicts(List<ImageProbeResult> results)
    {
        Assert.Equal(new[] { ImageProbeVerdict.OK, ImageProbeVerdict.SizeMismatch, ImageProbeVerdict.NotFound }, results.Select(r => r.Verdict));
        Assert.Equal(150_000, results[0].FoundSize);
        Assert.Null(results[0].Fix);
        Assert.Equal(90_001, results[1].FoundSize);
        Assert.Contains("90,001 bytes", results[1].Fix);
        Assert.Contains("90,000 bytes", results[1].Fix);
        Assert.Null(results[2].FoundSize);
        Assert.Contains("/17.9.4.27/ap3g3", results[2].Fix);
    }

    [Fact]
    public void The_probe_downloads_nothing_and_ends_the_transfer_at_once()
    {
        var results = Probe(_ours.Server.LocalEndPoint.Port, "/17.9.4.27", new[] { Targets[0] });
        Assert.Equal(ImageProbeVerdict.OK, results.Single().Verdict);
        var transfer = _ours.WaitEnded(t => t.RequestedName.EndsWith("ap1g7"), timeoutMs: 2000);
        Assert.Equal(0, transfer.BytesTransferred);
        // A size check is neither a completed nor a failed transfer: RFC 2347's error 8 declines it.
        Assert.Equal(EwcUpgrade.Tftp.TftpTransferState.Declined, transfer.State);
    }

    [Fact]
    public void A_wrong_path_is_not_found_with_the_path_in_the_fix()
    {
        var result = Probe(_ours.Server.LocalEndPoint.Port, "/17.9.4a", new[] { Targets[0] }).Single();
        Assert.Equal(ImageProbeVerdict.NotFound, result.Verdict);
        Assert.Equal("/17.9.4a/ap1g7", result.RemotePath);
        Assert.Contains("relative to the server's root", result.Fix);
    }

    [Fact]
    public void A_path_outside_the_root_is_refused_by_the_server_not_the_port()
    {
        var result = Probe(_ours.Server.LocalEndPoint.Port, "/../etc", new[] { new ImageProbeTarget("x", "hostname", null) }).Single();
        Assert.Equal(ImageProbeVerdict.Refused, result.Verdict);
        Assert.Contains("refuses to read", result.Fix);
    }

    [Fact]
    public void A_closed_port_is_refused_for_every_image_without_waiting_per_image()
    {
        var port = ThirdPartyTftpd.FreeUdpPort();
        var results = Probe(port, "/17.9.4.27");
        Assert.All(results, r => Assert.Equal(ImageProbeVerdict.Refused, r.Verdict));
        Assert.Contains("Nothing listens on UDP", results[0].Fix);
    }

    [Fact]
    public void A_port_that_swallows_requests_times_out_naming_the_ports_to_open()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var results = Probe(((IPEndPoint)blackHole.LocalEndPoint!).Port, "/17.9.4.27");
        Assert.All(results, r => Assert.Equal(ImageProbeVerdict.TimedOut, r.Verdict));
        Assert.Contains("is open between the APs, the EWC and the server", results[0].Fix);
        Assert.True(blackHole.Available > 0, "the request reached the port");
    }

    [Fact]
    public void An_sftp_port_that_never_speaks_SSH_times_out_naming_TCP()
    {
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var request = new ImageProbeRequest(ImageServerProtocol.Sftp, "127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, "images")
            {
                Credential = new NetworkCredential("calo", "secret"),
                Timeout = TimeSpan.FromMilliseconds(500),
                Retries = 1,
            };
            var results = ImageProbe.Probe(request, Targets).ToList();
            Assert.All(results, r => Assert.Equal(ImageProbeVerdict.TimedOut, r.Verdict));
            Assert.Contains("TCP", results[0].Fix);
            Assert.Equal("images/ap1g7", results[0].RemotePath);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public void Sftp_without_a_login_is_an_argument_error()
    {
        var request = new ImageProbeRequest(ImageServerProtocol.Sftp, "127.0.0.1", 22, "images");
        Assert.Throws<ArgumentException>(() => ImageProbe.Probe(request, Targets).ToList());
    }

    [Fact]
    public void Ipv6_servers_are_bracketed_in_the_url()
    {
        var request = new ImageProbeRequest(ImageServerProtocol.Tftp, "::1", 6969, "/17.9.4.27/");
        var r = ImageProbe.Probe(new ImageProbeRequest(ImageServerProtocol.Tftp, "::1", ThirdPartyTftpd.FreeUdpPort(), "/17.9.4.27") { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 }, new[] { Targets[0] }).Single();
        Assert.StartsWith("tftp://[::1]:", r.Url);
        Assert.EndsWith("/17.9.4.27/ap1g7", r.Url);
        Assert.Equal("/17.9.4.27/ap1g7", request.RemotePathOf(Targets[0]));
    }

    public void Dispose()
    {
        _ours.Dispose();
        try { Directory.Delete(_hpaRoot, true); } catch (IOException) { }
    }
}
