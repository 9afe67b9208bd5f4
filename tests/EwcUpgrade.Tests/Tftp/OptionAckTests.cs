using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>What the server puts in its OACK over the wire, and that the transfer then follows it.</summary>
public sealed class OptionAckTests : IDisposable
{
    private readonly TftpTestServer _tftp = new(o => o.MaxBlockSize = 8192);

    [Fact]
    public void OACK_carries_blksize_tsize_timeout_and_windowsize_and_ignores_unknown_options()
    {
        _tftp.AddFile("img", 100000);
        using var raw = new RawTftp(_tftp.EndPoint);
        raw.SendRequest(1, "img", "octet", "blksize", "1428", "tsize", "0", "timeout", "2", "windowsize", "4", "x-vendor", "1");
        var oack = raw.Receive()!;
        Assert.Equal(6, RawTftp.Opcode(oack));
        Assert.Equal(new Dictionary<string, string> { ["blksize"] = "1428", ["tsize"] = "100000", ["timeout"] = "2", ["windowsize"] = "4" }, RawTftp.OackOptions(oack));

        raw.Ack(0);
        var window = Enumerable.Range(0, 4).Select(_ => raw.Receive()!).ToList();
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, window.Select(RawTftp.Block));
        Assert.All(window, p => Assert.Equal(4 + 1428, p.Length));
        // The window is full: until an ACK only timeouts send, resends of the window and tail-loss
        // probes of one new block each, never more than a window beyond the acknowledged block.
        Assert.All(raw.Drain(quietMs: 150), p => Assert.InRange(RawTftp.Block(p), 1, 8));
    }

    [Fact]
    public void Block_size_above_the_cap_is_lowered_to_it()
    {
        var hash = _tftp.AddFile("big", 200000);
        var (bytes, result) = _tftp.Fetch("big", blockSize: 65464);
        Assert.Equal(8192, result.BlockSize);
        Assert.Equal(hash, TftpTestServer.Hash(bytes));
    }

    [Fact]
    public void The_tsize_probe_reads_the_size_without_the_file()
    {
        _tftp.AddFile("17.9.4.27/ap3g3", 591564);
        Assert.Equal(591564, _tftp.Client().GetSize("/17.9.4.27/ap3g3"));
        var probe = _tftp.WaitEnded();
        Assert.Equal(0, probe.BytesTransferred);
    }

    // The OACK and a client's repeated request: atftp aborts on a second OACK ("unexpected OACK") and
    // negotiates no timeout, so for such a client it is resent at once when the client repeats its
    // request, and on a timer only after 3.5 of its timeouts.
    [Fact]
    public void The_OACK_is_resent_when_the_client_repeats_its_request_and_not_on_an_early_timer()
    {
        using var tftp = new TftpTestServer(o => { o.Timeout = TimeSpan.FromSeconds(1); o.MaxRetries = 5; }); // the default retries: the first timed resend at 3.5 s
        tftp.AddFile("img", 1000); // one short block
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "img", "octet", "blksize", "1428");
        Assert.Equal(6, RawTftp.Opcode(raw.Receive()!));
        Assert.Empty(raw.Drain(quietMs: 2500)); // two and a half client timeouts: no second OACK (before: one at 1.75)

        raw.SendRequest(1, "img", "octet", "blksize", "1428"); // the client's timer: it never got the OACK
        var again = raw.Receive()!;
        Assert.Equal(6, RawTftp.Opcode(again));
        Assert.Equal(raw.Peer, raw.LastFrom); // from the same transfer, not a second one
        raw.Ack(0);
        var data = raw.Receive()!;
        Assert.Equal((3, 1), (RawTftp.Opcode(data), RawTftp.Block(data)));
        Assert.Contains(tftp.Log, line => line.Contains("repeated while its transfer runs: option acknowledgement sent again"));
        raw.Ack(1);
        var transfer = tftp.WaitEnded();
        Assert.Equal(TftpTransferState.Completed, transfer.State);
        Assert.Equal(1, transfer.Retransmissions);
    }

    [Fact]
    public void A_silent_client_gets_the_OACK_again_after_its_negotiated_timeout_else_after_three_and_a_half()
    {
        // curl negotiates a timeout and, once it has the OACK, does not repeat a lost ACK 0 for 72 s:
        // RFC 2349's timer resends. Without a negotiated timeout the first resend waits 3.5 timeouts.
        using var tftp = new TftpTestServer(o => { o.Timeout = TimeSpan.FromSeconds(1); o.MaxRetries = 5; });
        tftp.AddFile("img", 1000);
        using var curlLike = new RawTftp(tftp.EndPoint);
        curlLike.SendRequest(1, "img", "octet", "blksize", "1428", "timeout", "1");
        Assert.Equal(6, RawTftp.Opcode(curlLike.Receive()!));
        var again = curlLike.Receive(timeoutMs: 2500); // about 1 s after the first
        Assert.NotNull(again);
        Assert.Equal(6, RawTftp.Opcode(again));

        using var silent = new RawTftp(tftp.EndPoint);
        silent.SendRequest(1, "img", "octet", "blksize", "1428");
        Assert.Equal(6, RawTftp.Opcode(silent.Receive()!));
        Assert.Null(silent.Receive(timeoutMs: 2500)); // not before 3.5 s
        var late = silent.Receive(timeoutMs: 3000);
        Assert.NotNull(late);
        Assert.True(RawTftp.Opcode(late) == 6, RawTftp.Opcode(late) == 5 ? RawTftp.ErrorText(late) : "opcode " + RawTftp.Opcode(late));
    }

    [Fact]
    public void A_client_that_negotiated_a_timeout_is_sent_the_OACK_for_twice_the_budget_before_the_server_gives_up()
    {
        // Budget 2 × 1 s; the OACK phase of a client that negotiated its timeout gets 4 s: resends at 1, 2 and 3 s.
        using var tftp = new TftpTestServer(o => { o.Timeout = TimeSpan.FromSeconds(1); o.MaxRetries = 2; });
        tftp.AddFile("img", 1000);
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "img", "octet", "blksize", "1428", "timeout", "1");
        var packets = raw.Drain(quietMs: 2500);
        Assert.True(packets.Count(p => RawTftp.Opcode(p) == 6) >= 4, $"{packets.Count(p => RawTftp.Opcode(p) == 6)} OACKs");
        var error = Assert.Single(packets, p => RawTftp.Opcode(p) == 5);
        Assert.Contains("nothing for 4 s", RawTftp.ErrorText(error));
    }

    [Fact]
    public void A_repeated_request_that_crossed_the_OACK_or_came_after_its_ACK_gets_no_second_OACK()
    {
        using var tftp = new TftpTestServer(o => o.Timeout = TimeSpan.FromSeconds(2));
        tftp.AddFile("img", 5000);
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "img", "octet", "blksize", "1428");
        raw.SendRequest(1, "img", "octet", "blksize", "1428"); // sent before the OACK could arrive
        Assert.Equal(6, RawTftp.Opcode(raw.Receive()!));
        Assert.Null(raw.Receive(500));

        raw.Ack(0);
        Assert.Equal(1, RawTftp.Block(raw.Receive()!));
        Thread.Sleep(1100); // past half the client's timeout: only the ACK 0 makes this repeat late
        raw.SendRequest(1, "img", "octet", "blksize", "1428");
        Assert.All(raw.Drain(quietMs: 300), p => Assert.Equal(3, RawTftp.Opcode(p))); // resends of block 1, never an OACK
        Assert.Equal(2, tftp.Log.Count(line => line.Contains("repeated while its transfer runs: ignored")));
    }

    [Fact]
    public void An_ACK_0_that_came_on_the_clients_own_timer_is_no_round_trip_sample()
    {
        // The client lost its first ACK 0 and repeats it 2.5 s later. Taken as a round trip, 2.5 s would
        // make the RTO 7.5 s (SRTT + 4 RTTVAR); without a sample it is RFC 6298's 1 s. The window's
        // first resend tells which: the margins on either side are seconds, not a timing goal.
        using var tftp = new TftpTestServer(o => o.Timeout = TimeSpan.FromSeconds(4));
        tftp.AddFile("img", 100000);
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "img", "octet", "blksize", "1428", "windowsize", "4");
        Assert.Equal(6, RawTftp.Opcode(raw.Receive()!));
        Thread.Sleep(2500);
        raw.Ack(0);
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, Enumerable.Range(0, 4).Select(_ => RawTftp.Block(raw.Receive()!)));
        var resend = raw.Receive(timeoutMs: 4000); // with the 2.5 s sample: nothing before 7.5 s
        Assert.NotNull(resend);
        Assert.Equal(3, RawTftp.Opcode(resend));
    }

    public void Dispose() => _tftp.Dispose();
}
