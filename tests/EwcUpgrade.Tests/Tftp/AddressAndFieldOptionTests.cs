using System.Net;
using System.Net.Sockets;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>IPv4 and IPv6, and what multi-homed and firewalled sites need.</summary>
public sealed class AddressAndFieldOptionTests
{
    [Fact]
    public void Serves_over_IPv6_loopback()
    {
        using var tftp = new TftpTestServer(address: IPAddress.IPv6Loopback);
        var hash = tftp.AddFile("ap1g7", 50000);
        var (bytes, _) = tftp.Fetch("ap1g7", blockSize: 1428);
        Assert.Equal(hash, TftpTestServer.Hash(bytes));
        Assert.Equal(IPAddress.IPv6Loopback, tftp.WaitEnded().RemoteEndPoint.Address);
    }

    [Fact]
    public void The_dual_stack_default_serves_IPv4_clients_and_shows_their_plain_IPv4_address()
    {
        using var tftp = new TftpTestServer(address: IPAddress.IPv6Any);
        tftp.AddFile("ap1g7", 50000);
        var client = new TftpClient(new IPEndPoint(IPAddress.Loopback, tftp.Server.LocalEndPoint.Port));
        client.Download("ap1g7", Stream.Null);
        Assert.Equal(IPAddress.Loopback, tftp.WaitEnded().RemoteEndPoint.Address);
        Assert.Contains("RRQ from 127.0.0.1 filename ap1g7", tftp.Log);
    }

    [Fact]
    public void Replies_leave_from_the_address_the_request_arrived_on()
    {
        using var tftp = new TftpTestServer(address: IPAddress.Any);
        tftp.AddFile("f", 3000);
        using var raw = new RawTftp(new IPEndPoint(IPAddress.Parse("127.0.0.2"), tftp.Server.LocalEndPoint.Port));
        raw.SendRequest(1, "f");
        Assert.NotNull(raw.Receive());
        Assert.Equal(IPAddress.Parse("127.0.0.2"), raw.LastFrom!.Address);
    }

    [Fact]
    public void Transfers_reply_from_the_configured_data_port_range()
    {
        var min = FreePortBlock();
        using var tftp = new TftpTestServer(o => { o.DataPortMin = min; o.DataPortMax = min + 4; });
        tftp.AddFile("f", 3000);
        for (var i = 0; i < 3; i++)
        {
            using var raw = new RawTftp(tftp.EndPoint);
            raw.SendRequest(1, "f");
            Assert.NotNull(raw.Receive());
            Assert.InRange(raw.Peer!.Port, min, min + 4);
        }
    }

    [Fact]
    public void Clients_outside_the_allow_list_get_access_violation()
    {
        using var tftp = new TftpTestServer(o => o.AllowedClients.Add(IpNetwork.Parse("10.0.0.0/8")));
        tftp.AddFile("f", 3000);
        var refused = Assert.Throws<TftpException>(() => tftp.Fetch("f"));
        Assert.Equal(TftpErrorCode.AccessViolation, refused.ErrorCode);
        Assert.Contains(tftp.Log, l => l.Contains("client not allowed"));
    }

    private static int FreePortBlock()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        return Math.Min(port, 65000);
    }
}
