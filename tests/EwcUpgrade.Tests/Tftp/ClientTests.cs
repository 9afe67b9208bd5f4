using System.Net;
using System.Net.Sockets;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>The TFTP client (Receive-TftpFile, the simulator) against a hand-driven server socket.</summary>
public sealed class ClientTests
{
    [Fact]
    public async Task A_datagram_from_another_host_does_not_make_the_client_ask_again()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.ReceiveTimeout = 5000;
        var client = new TftpClient((IPEndPoint)server.LocalEndPoint!) { Timeout = TimeSpan.FromSeconds(3), MaxRetries = 2 };
        using var received = new MemoryStream();
        var download = Task.Run(() => client.Download("f", received));

        var buffer = new byte[1024];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        server.ReceiveFrom(buffer, ref from);
        Assert.Equal(1, buffer[1]); // RRQ
        using (var stray = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            stray.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            stray.SendTo(new byte[] { 0, 3, 0, 1, 0x58 }, from);
        }
        server.ReceiveTimeout = 500;
        var again = Assert.Throws<SocketException>(() => server.ReceiveFrom(buffer, ref from));
        Assert.Equal(SocketError.TimedOut, again.SocketErrorCode); // no second RRQ

        server.SendTo(new byte[] { 0, 3, 0, 1, (byte)'o', (byte)'k' }, from);
        var result = await download.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ok"u8.ToArray(), received.ToArray());
        Assert.Equal(0, result.Retransmissions);
    }
}
