using System.Net;
using System.Net.Sockets;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>Start, garbage, stop: the server survives bad input and leaves nothing behind.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public void Malformed_packets_get_an_error_or_nothing_and_the_server_goes_on()
    {
        using var tftp = new TftpTestServer();
        tftp.AddFile("f", 3000);
        using var raw = new RawTftp(tftp.EndPoint);
        foreach (var junk in new[] { new byte[] { 0 }, new byte[] { 0, 3, 0, 1, 9 }, new byte[] { 0, 1, 65, 66 }, new byte[] { 0, 5, 0, 0, 0 }, new byte[1200] })
        {
            raw.SendTo(junk, tftp.EndPoint);
        }
        var replies = raw.Drain(quietMs: 200);
        Assert.All(replies, r => Assert.Equal(5, RawTftp.Opcode(r))); // errors only, and none to the ERROR packet
        Assert.Equal(4, replies.Count);
        Assert.Equal(3000, tftp.Fetch("f").Bytes.Length);
    }

    [Fact]
    public void Stop_ends_running_transfers_frees_the_port_and_is_idempotent()
    {
        var tftp = new TftpTestServer(o => o.Timeout = TimeSpan.FromSeconds(5));
        tftp.AddFile("f", 100000);
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "f");
        Assert.NotNull(raw.Receive()); // the transfer is running, waiting for our ACK
        var port = tftp.Server.LocalEndPoint.Port;

        tftp.Server.Stop();
        tftp.Server.Stop();
        var ended = tftp.WaitEnded(timeoutMs: 3000);
        Assert.Equal(TftpTransferState.Failed, ended.State);
        Assert.Equal("server shutting down", ended.Error);

        // The client mid-transfer is told at once (ERROR 0), not left to wait out its own retries;
        // the server's retry timeout (5 s) is longer than this wait, so no DATA repeat comes first.
        var told = raw.Receive(timeoutMs: 3000);
        Assert.NotNull(told);
        Assert.Equal(5, RawTftp.Opcode(told!));
        Assert.Equal(0, RawTftp.Block(told!)); // the error code
        Assert.Equal("server shutting down", RawTftp.ErrorText(told!));
        Assert.False(tftp.Server.IsRunning);
        using var rebind = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        tftp.Dispose();
    }

    [Fact]
    public void Bad_options_are_refused_when_constructing()
    {
        Assert.Throws<ArgumentException>(() => new TftpServer(new TftpServerOptions { Root = "/nonexistent-" + Guid.NewGuid() }));
        Assert.Throws<ArgumentException>(() => new TftpServer(new TftpServerOptions { Root = Path.GetTempPath(), DataPortMin = 5000, DataPortMax = 4000 }));
        Assert.Throws<ArgumentException>(() => new TftpServer(new TftpServerOptions { Root = Path.GetTempPath(), MaxBlockSize = 4 }));
    }

    [Fact]
    public void A_port_in_use_is_a_socket_error_at_start()
    {
        using var busy = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var server = new TftpServer(new TftpServerOptions { Root = Path.GetTempPath(), Address = IPAddress.Loopback, Port = ((IPEndPoint)busy.Client.LocalEndPoint!).Port });
        var e = Assert.Throws<SocketException>(server.Start);
        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
    }
}
