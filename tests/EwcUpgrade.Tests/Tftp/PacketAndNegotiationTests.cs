using System.Text;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>The wire format and RFC 2347/2348/2349/7440 negotiation, without sockets.</summary>
public sealed class PacketAndNegotiationTests
{
    private static byte[] Request(params string[] parts) =>
        new byte[] { 0, 1 }.Concat(parts.SelectMany(p => Encoding.ASCII.GetBytes(p).Append((byte)0))).ToArray();

    [Fact]
    public void A_request_parses_with_lower_cased_options_and_the_first_of_a_repeated_option_wins()
    {
        var bytes = Request("/17.9.4.27/ap1g7", "OCTET", "BLKSIZE", "1428", "blksize", "512", "tsize", "0");
        var request = TftpPacket.ParseRequest(bytes, bytes.Length)!;
        Assert.Equal("/17.9.4.27/ap1g7", request.FileName);
        Assert.Equal("octet", request.Mode);
        Assert.Equal("1428", request.Options["blksize"]);
        Assert.Equal("0", request.Options["tsize"]);
    }

    [Theory]
    [InlineData(new byte[] { 0, 1, (byte)'a', 0, (byte)'o' })]         // mode not terminated
    [InlineData(new byte[] { 0, 1, 0, (byte)'o', 0 })]                 // empty file name
    [InlineData(new byte[] { 0, 1 })]                                  // nothing after the opcode
    [InlineData(new byte[] { 0, 9, (byte)'a', 0, (byte)'o', 0 })]      // unknown opcode
    public void Malformed_requests_are_rejected_not_thrown(byte[] packet) =>
        Assert.Null(TftpPacket.ParseRequest(packet, packet.Length));

    private static NegotiatedTransfer Negotiate(TftpServerOptions server, long size, params (string, string)[] options) =>
        TftpNegotiation.Negotiate(options.ToDictionary(o => o.Item1, o => o.Item2), server, size);

    [Fact]
    public void Block_size_is_clamped_to_the_server_cap_and_values_below_8_or_garbage_are_ignored()
    {
        var server = new TftpServerOptions { MaxBlockSize = 1468 };
        Assert.Equal(1468, Negotiate(server, 10, ("blksize", "65464")).BlockSize);
        Assert.Equal("1468", Negotiate(server, 10, ("blksize", "65464")).Acknowledged.Single().Value);
        Assert.Empty(Negotiate(server, 10, ("blksize", "7")).Acknowledged);
        Assert.Empty(Negotiate(server, 10, ("blksize", "12x")).Acknowledged);
        Assert.Equal(512, Negotiate(server, 10, ("blksize", "-5")).BlockSize);
    }

    [Fact]
    public void Timeout_tsize_and_windowsize_are_acknowledged_in_the_clients_order()
    {
        var negotiated = Negotiate(new TftpServerOptions { MaxWindowSize = 32 }, 123456, ("windowsize", "64"), ("tsize", "0"), ("timeout", "3"), ("colour", "blue"));
        Assert.Equal(new[] { "windowsize=32", "tsize=123456", "timeout=3" }, negotiated.Acknowledged.Select(o => $"{o.Key}={o.Value}"));
        Assert.Equal(32, negotiated.WindowSize);
        Assert.Equal(TimeSpan.FromSeconds(3), negotiated.Timeout);
        Assert.Empty(Negotiate(new TftpServerOptions(), 1, ("timeout", "0")).Acknowledged);
        Assert.Empty(Negotiate(new TftpServerOptions(), 1, ("timeout", "256")).Acknowledged);
    }

    [Fact]
    public void Disabled_options_are_treated_as_unknown()
    {
        var server = new TftpServerOptions();
        server.DisabledOptions.Add("windowsize");
        server.DisabledOptions.Add("TSIZE");
        var negotiated = Negotiate(server, 99, ("windowsize", "16"), ("tsize", "0"), ("blksize", "1428"));
        Assert.Equal(new[] { "blksize" }, negotiated.Acknowledged.Select(o => o.Key));
        Assert.Equal(1, negotiated.WindowSize);
    }

    [Fact]
    public void Error_and_option_acknowledgement_packets_encode_as_the_rfcs_say()
    {
        var buffer = new byte[600];
        var n = TftpPacket.WriteError(buffer, TftpErrorCode.FileNotFound, "File not found");
        Assert.Equal(new byte[] { 0, 5, 0, 1 }.Concat(Encoding.ASCII.GetBytes("File not found")).Append((byte)0), buffer[..n]);
        n = TftpPacket.WriteOptionAck(buffer, new[] { new KeyValuePair<string, string>("blksize", "1428") });
        Assert.Equal(new byte[] { 0, 6 }.Concat(Encoding.ASCII.GetBytes("blksize\01428\0")), buffer[..n]);
    }

    [Fact]
    public void Networks_match_by_prefix_and_IPv4_mapped_clients_match_IPv4_networks()
    {
        var lab = IpNetwork.Parse("10.20.0.0/16");
        Assert.True(lab.Contains(System.Net.IPAddress.Parse("10.20.30.40")));
        Assert.True(lab.Contains(System.Net.IPAddress.Parse("::ffff:10.20.30.40")));
        Assert.False(lab.Contains(System.Net.IPAddress.Parse("10.21.0.1")));
        Assert.True(IpNetwork.Parse("2001:db8::/32").Contains(System.Net.IPAddress.Parse("2001:db8:1::5")));
        Assert.True(IpNetwork.Parse("127.0.0.1").Contains(System.Net.IPAddress.Loopback));
        Assert.False(IpNetwork.TryParse("10.0.0.0/33", out _));
        Assert.False(IpNetwork.TryParse("not-an-address", out _));
    }
}
