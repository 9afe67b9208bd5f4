using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>Timeouts resend until the time budget runs out; duplicate ACKs never cause duplicate sends.</summary>
public sealed class RetransmissionTests : IDisposable
{
    private readonly TftpTestServer _tftp = new(o => { o.Timeout = TimeSpan.FromMilliseconds(150); o.MaxRetries = 2; });

    // For the duplicate-ACK tests: a timeout must not fire while the test thread is descheduled on a
    // busy machine, or its legitimate resend would look like an answer to a duplicate. The
    // retransmission timeout adapts to the (loopback) round trip, so its floor is raised too.
    private static TftpTestServer Patient() => new(o => { o.Timeout = TimeSpan.FromSeconds(3); o.MaxRetries = 2; o.RetransmissionFloor = TimeSpan.FromSeconds(3); });

    [Fact]
    public void An_unacknowledged_block_is_resent_on_timeout_then_the_transfer_fails_with_a_reason()
    {
        _tftp.AddFile("f", 5000);
        using var raw = new RawTftp(_tftp.EndPoint);
        raw.SendRequest(1, "f");
        var packets = raw.Drain(quietMs: 2500);
        var data1 = packets.Where(p => RawTftp.Opcode(p) == 3 && RawTftp.Block(p) == 1).ToList();
        var failed = _tftp.WaitEnded();
        Assert.Equal(TftpTransferState.Failed, failed.State);
        Assert.Contains("timed out", failed.Error);
        Assert.True(failed.Retransmissions >= 1, "block 1 must have been resent");
        Assert.Equal(failed.Retransmissions + 1, data1.Count); // the first send and one per timeout
        Assert.Contains(packets, p => RawTftp.Opcode(p) == 5); // and the client is told why
    }

    [Fact]
    public void Duplicate_ACKs_in_lock_step_are_never_answered_Sorcerers_Apprentice()
    {
        using var tftp = Patient();
        tftp.AddFile("f", 5000);
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "f");
        Assert.Equal(1, RawTftp.Block(raw.Receive()!));
        raw.Ack(1);
        raw.Ack(1);
        raw.Ack(1);
        var second = raw.Receive()!;
        Assert.Equal(2, RawTftp.Block(second));
        // Well within the timeout nothing else may come: the two duplicates must not produce copies of block 2.
        Assert.Null(raw.Receive(500));
        raw.Ack(2);
        Assert.Equal(3, RawTftp.Block(raw.Receive()!));
    }

    [Fact]
    public void A_partial_window_ACK_resends_from_the_gap_once_and_its_duplicate_is_ignored()
    {
        using var tftp = Patient();
        tftp.AddFile("f", 512 * 20);
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "f", "octet", "windowsize", "4");
        Assert.Equal(6, RawTftp.Opcode(raw.Receive()!));
        raw.Ack(0);
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, Enumerable.Range(0, 4).Select(_ => RawTftp.Block(raw.Receive()!)));
        raw.Ack(2); // blocks 3 and 4 "lost"
        raw.Ack(2); // the same news again
        // Exactly one resend burst from the gap (no timeout can interleave: the floor is 3 s).
        Assert.Equal(new ushort[] { 3, 4, 5, 6 }, Enumerable.Range(0, 4).Select(_ => RawTftp.Block(raw.Receive()!)));
        Assert.Empty(raw.Drain(quietMs: 300));
    }

    [Fact]
    public void A_full_window_ACK_that_crosses_a_probe_is_progress_not_a_loss()
    {
        // The window's ACK comes late (a busy client): the server's timeout sends the next block as a
        // probe, then the ACK of the full window arrives. It says nothing was lost: the probe may
        // still be on its way. Answering it as a gap resent the probe, the client's duplicate-block
        // ACK then asked for another resend, and so on to the end, where a resend after the client's
        // final ACK drew a "port unreachable" (PortUnreachableTests).
        using var tftp = new TftpTestServer(o => { o.Timeout = TimeSpan.FromSeconds(3); o.MaxRetries = 2; o.RetransmissionFloor = TimeSpan.FromSeconds(1); });
        tftp.AddFile("f", 512 * 12);
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "f", "octet", "windowsize", "4");
        Assert.Equal(6, RawTftp.Opcode(raw.Receive()!));
        raw.Ack(0);
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, Enumerable.Range(0, 4).Select(_ => RawTftp.Block(raw.Receive()!)));
        Assert.Equal(5, RawTftp.Block(raw.Receive(5000)!)); // the probe, after the first timeout
        raw.Ack(4);
        // The window goes on after the probe: no second copy of block 5.
        Assert.Equal(new ushort[] { 6, 7, 8 }, Enumerable.Range(0, 3).Select(_ => RawTftp.Block(raw.Receive()!)));
        raw.Ack(8);
        Assert.Equal(new ushort[] { 9, 10, 11, 12 }, Enumerable.Range(0, 4).Select(_ => RawTftp.Block(raw.Receive()!)));
    }

    [Fact]
    public void A_request_repeated_while_its_transfer_runs_starts_no_second_transfer()
    {
        using var tftp = Patient();
        tftp.AddFile("f", 5000);
        using var raw = new RawTftp(tftp.EndPoint);
        raw.SendRequest(1, "f");
        raw.SendRequest(1, "f"); // the client's retransmission, from the same port
        Assert.Equal(1, RawTftp.Block(raw.Receive()!));
        Assert.Null(raw.Receive(500)); // no block 1 from a second transfer
        Assert.Single(tftp.Server.ActiveTransfers);
        Assert.Contains(tftp.Log, line => line.Contains("repeated while its transfer runs: ignored"));
        // Once that transfer is over, the same request is a new one.
        for (ushort block = 1; block <= 10; block++)
        {
            raw.Ack(block);
            if (block < 10) Assert.Equal(block + 1, RawTftp.Block(raw.Receive()!));
        }
        Assert.Equal(TftpTransferState.Completed, tftp.WaitEnded().State);
        using var again = new RawTftp(tftp.EndPoint);
        again.SendRequest(1, "f");
        Assert.Equal(1, RawTftp.Block(again.Receive()!));
    }

    [Fact]
    public void An_error_from_the_client_ends_the_transfer_with_its_message()
    {
        _tftp.AddFile("f", 5000);
        using var raw = new RawTftp(_tftp.EndPoint);
        raw.SendRequest(1, "f");
        raw.Receive();
        raw.Error(0, "disk full on the AP");
        var failed = _tftp.WaitEnded();
        Assert.Contains("disk full on the AP", failed.Error);
    }

    public void Dispose() => _tftp.Dispose();
}
