using System.Net;
using System.Net.Sockets;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>
/// A client closes its socket right after its final ACK; a resend already on its way then draws an
/// ICMP "port unreachable", which Linux reports on the server socket's next send or receive, ahead
/// of the queued ACK. The race is scripted here, not timed: the sender runs on the test thread over
/// a real socket pair on loopback, and its block source lets the client act at the exact moment a
/// resend is about to go out.
/// </summary>
public sealed class PortUnreachableTests : IDisposable
{
    private const int BlockSize = 512;
    private const long Length = 3 * BlockSize + 100; // blocks 1-3 full, block 4 the short last one: one window of 4

    private readonly Socket _server = Loopback();
    private readonly Socket _client = Loopback();
    private readonly TftpTransfer _transfer;

    public PortUnreachableTests()
    {
        _server.Connect(_client.LocalEndPoint!);
        _client.Connect(_server.LocalEndPoint!);
        _client.ReceiveTimeout = 5000;
        _transfer = new TftpTransfer(1, (IPEndPoint)_client.LocalEndPoint!, (IPEndPoint)_server.LocalEndPoint!, "/17.9.4.27/ap1g5", "octet");
    }

    [Fact]
    public void A_client_that_sent_its_final_ACK_and_closed_during_a_go_back_resend_completes_the_transfer()
    {
        // ACK 1 asks for a go-back: the server resends 2, 3 and 4. Before 2 goes out the client, which
        // has every block, sends its final ACK and closes: 2 draws the ICMP, and the send of 3 reports it.
        var source = new ScriptedSource(Length) { BeforeResend = block => { if (block == 2) FinishAndClose(ack: true); } };
        Ack(1);

        var error = Record.Exception(() => Sender(source).Run());

        Assert.Null(error); // before the fix: SocketException "Connection refused" from the send of block 3
        Assert.Equal(Length, _transfer.BytesTransferred);
    }

    [Fact]
    public void A_client_that_sent_its_final_ACK_and_closed_before_the_last_resend_completes_the_transfer()
    {
        // The ICMP drawn by the very last send is reported on the receive that follows, ahead of the ACK.
        var source = new ScriptedSource(Length) { BeforeResend = block => { if (block == 4) FinishAndClose(ack: true); } };
        Ack(1);

        var error = Record.Exception(() => Sender(source).Run());

        Assert.Null(error);
        Assert.Equal(Length, _transfer.BytesTransferred);
    }

    [Fact]
    public void A_client_that_closed_after_the_last_block_without_its_final_ACK_completes_with_the_ACK_marked_missing()
    {
        // The same moment, but block 4's ACK never comes: lost on the way (RFC 1350 §6). The client
        // had every block and left in silence; one missing a block would have asked for it.
        var source = new ScriptedSource(Length) { BeforeResend = block => { if (block == 2) FinishAndClose(ack: false); } };
        Ack(1);
        var sender = Sender(source);

        var error = Record.Exception(() => sender.Run());

        Assert.Null(error); // before: "the client went away (port unreachable)", a Failed transfer of a client that had the file
        Assert.True(sender.FinalAcknowledgementMissing);
        Assert.Equal(Length, _transfer.BytesTransferred);
    }

    [Fact]
    public void A_client_that_closed_before_the_last_block_was_sent_fails_in_plain_words()
    {
        // Eight blocks, a window of four: the client takes the first window, asks for a go-back and
        // leaves before block 5 was ever sent. It really went away.
        const long eightBlocks = 7 * BlockSize + 100;
        var source = new ScriptedSource(eightBlocks) { BeforeResend = block => { if (block == 2) TakeAndClose(4); } };
        Ack(1);
        var sender = Sender(source);

        var error = Record.Exception(() => sender.Run());

        var tftp = Assert.IsType<TftpException>(error); // before the port-unreachable fix: the raw SocketException
        Assert.Equal("the client went away (port unreachable)", tftp.Message);
        Assert.Null(tftp.ErrorCode);
        Assert.False(sender.FinalAcknowledgementMissing);
        Assert.Equal(BlockSize, _transfer.BytesTransferred); // what ACK 1 acknowledged, no more
    }

    /// <summary>The client takes <paramref name="blocks"/> full blocks and closes its socket without a word.</summary>
    private void TakeAndClose(int blocks)
    {
        var buffer = new byte[1024];
        for (ushort expected = 1; expected <= blocks; expected++)
        {
            _client.Receive(buffer);
            Assert.Equal(expected, (ushort)(buffer[2] << 8 | buffer[3]));
        }
        _client.Close();
    }

    /// <summary>The client takes the window it was sent, acknowledges its last block or not, and closes its socket.</summary>
    private void FinishAndClose(bool ack)
    {
        var buffer = new byte[1024];
        for (ushort expected = 1; expected <= 4; expected++)
        {
            var n = _client.Receive(buffer);
            Assert.Equal(expected, (ushort)(buffer[2] << 8 | buffer[3]));
            Assert.Equal(expected < 4 ? 4 + BlockSize : 4 + 100, n);
        }
        if (ack) Ack(4);
        _client.Close();
    }

    private void Ack(ushort block) => _client.Send(new byte[] { 0, 4, (byte)(block >> 8), (byte)block });

    private TftpSender Sender(ScriptedSource source)
    {
        // No timeout may interleave with the script: the retransmission timer is far above a loopback round trip.
        var options = new TftpServerOptions { Timeout = TimeSpan.FromSeconds(2), MaxRetries = 2, RetransmissionFloor = TimeSpan.FromSeconds(1) };
        return new TftpSender(_transfer, _server, source, new NegotiatedTransfer { BlockSize = BlockSize, WindowSize = 4 }, options);
    }

    private static Socket Loopback()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public void Dispose()
    {
        _server.Dispose();
        _client.Dispose();
    }

    /// <summary>Blocks of a pattern; calls BeforeResend when a block is read a second time, that is, just before it is resent.</summary>
    private sealed class ScriptedSource : IBlockSource
    {
        private readonly Dictionary<long, int> _reads = new();

        public ScriptedSource(long length) => Length = length;

        public long Length { get; }
        public Action<long>? BeforeResend { get; init; }

        public int Read(long offset, byte[] destination, int destinationOffset, int count)
        {
            var block = offset / BlockSize + 1;
            var reads = _reads[block] = _reads.GetValueOrDefault(block) + 1;
            if (reads == 2) BeforeResend?.Invoke(block);
            var n = (int)Math.Min(count, Length - offset);
            for (var i = 0; i < n; i++) destination[destinationOffset + i] = (byte)(offset + i);
            return n;
        }

        public void Dispose() { }
    }
}
