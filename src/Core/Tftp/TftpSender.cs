using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Threading;

namespace EwcUpgrade.Tftp;

/// <summary>
/// One outgoing transfer's state machine, run on its own thread over its own UDP socket connected to
/// the client (a blocking receive wakes this thread directly: no thread-pool hop per lock-step turn).
/// Sends a window of blocks, then waits for the acknowledgement of its last block:
/// - an ACK for an earlier block of the window means the client lost what followed: send again from
///   there (go-back-N), once per such ACK — a repeat of an ACK already acted on is ignored; an ACK
///   of a full window is never such news, though a timeout's probe went out beyond it;
/// - an ACK for a block already acknowledged is a duplicate and is never answered (the Sorcerer's
///   Apprentice bug would answer it with a second copy of the next block, and every copy after);
/// - a timeout (RetryPolicy: adaptive, and a budget of time, not of resends) resends. Lock-step
///   resends the block. Windowed transfers alternate a probe and a resend of everything not
///   acknowledged, because a windowed receiver such as atftp ACKs only at its window's end and
///   answers one wrong block (old, or beyond a gap) with one extra ACK, then ignores every further
///   one until in-order data arrives (or its own 5 s timer fires, which a sender that keeps sending
///   never lets happen). So the probe is the next new block (at most one window beyond the
///   acknowledged one): a receiver whose window ACK was lost takes it in order, which lets it answer
///   again, and the resend that follows offers old blocks, which it then answers; one still missing
///   a block gets it from that resend. (A deliberate gap as the probe saves one turn, but when the
///   one ACK it draws is lost nothing in order follows: atftp stays mute.)
/// Block numbers roll over past 65535 to 0, as tftp-hpa, atftp and curl expect.
/// An ICMP "port unreachable" ends the transfer only once the client's last word is known: see OnPortUnreachable.
/// </summary>
internal sealed class TftpSender
{
    private readonly TftpTransfer _transfer;
    private readonly Socket _socket;
    private readonly IBlockSource _source;
    private readonly NegotiatedTransfer _negotiated;
    private readonly RetryPolicy _retry;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly byte[] _send;
    private readonly byte[] _receive = new byte[TftpPacket.MaxPacketSize];
    private int _currentTimeoutMs = -1;
    /// <summary>Set when the client's port was found closed: until then it may still be heard from (see OnPortUnreachable).</summary>
    private TimeSpan? _lastWordBy;
    private bool _everyBlockSent, _clientGone;
    // The OACK while its ACK 0 is awaited (null before and after), shared with the listener's thread
    // (OnRepeatedRequest) under the gate; times are ticks of _clock.
    private readonly object _optionAckGate = new();
    private (byte[] Packet, int Length)? _optionAck;
    private long _optionAckSentTicks, _clientHeardTicks;
    private int _optionAckResends;

    /// <summary>The least time a closed client's final ACK is waited for: a busy host can hold a datagram in its queues that long.</summary>
    internal static readonly TimeSpan MinLastWordWait = TimeSpan.FromMilliseconds(100);

    public TftpSender(TftpTransfer transfer, Socket socket, IBlockSource source, NegotiatedTransfer negotiated, TftpServerOptions options)
    {
        _transfer = transfer;
        _socket = socket;
        _source = source;
        _negotiated = negotiated;
        _retry = new RetryPolicy(ClientTimeout(negotiated, options), options.MaxRetries, negotiated.WindowSize > 1, options.RetransmissionFloor);
        _send = new byte[TftpPacket.DataHeaderSize + negotiated.BlockSize];
    }

    /// <summary>
    /// How long the client waits before it repeats itself: what it negotiated (RFC 2349), never less
    /// than the server's Timeout — the give-up budget must outlast the client's patience, not undercut it.
    /// </summary>
    internal static TimeSpan ClientTimeout(NegotiatedTransfer negotiated, TftpServerOptions options) =>
        negotiated.Timeout is { } asked && asked > options.Timeout ? asked : options.Timeout;

    /// <summary>Runs the transfer to its end; throws TftpException on failure.</summary>
    public void Run()
    {
        if (_negotiated.Acknowledged.Count > 0) SendOptionAck();
        _transfer.SetState(TftpTransferState.Transferring);
        try
        {
            SendBlocks();
        }
        catch (TftpException) when (_clientGone && _everyBlockSent)
        {
            // Its final ACK was lost (RFC 1350 §6 allows it) and a resend found its port closed: a client
            // missing a block would have said so, not left in silence, so it has the file.
            FinalAcknowledgementMissing = true;
            _transfer.SetAcknowledged(_source.Length);
        }
    }

    /// <summary>The transfer ended without the client's final ACK: its port closed after every block had been sent (see Run).</summary>
    public bool FinalAcknowledgementMissing { get; private set; }

    /// <summary>
    /// Sends the OACK and waits for its ACK 0. Clients disagree on a second OACK: atftp aborts on it
    /// ("unexpected OACK") and repeats a lost ACK 0 on its own 5 s timer, while curl takes it and does
    /// not repeat its ACK 0 for 72 s. So the OACK is sent again at once when the client repeats its
    /// request (it never got it: see OnRepeatedRequest), and on a timer only as RFC 2349 has it for a
    /// client that negotiated a timeout (curl does), else first after 3.5 client timeouts — by then an
    /// atftp has sent its ACK 0 four times — then every timeout. Gives up after OptionAckBudget has
    /// passed without a word from the client.
    /// </summary>
    private void SendOptionAck()
    {
        var oack = new byte[TftpPacket.MaxPacketSize];
        var length = TftpPacket.WriteOptionAck(oack, _negotiated.Acknowledged);
        lock (_optionAckGate)
        {
            Send(oack, length);
            _optionAck = (oack, length);
            _optionAckSentTicks = _clock.Elapsed.Ticks;
            _clientHeardTicks = _optionAckSentTicks;
        }
        var timedResends = 0;
        while (true)
        {
            var giveUpAt = TimeSpan.FromTicks(Interlocked.Read(ref _clientHeardTicks)) + OptionAckBudget;
            var resendAt = TimeSpan.FromTicks(Volatile.Read(ref _optionAckSentTicks)) + TimedOptionAckWait(timedResends);
            if (Receive(resendAt < giveUpAt ? resendAt : giveUpAt, out var n))
            {
                if (TftpPacket.TryParseAck(_receive, n, out var block) && block == 0)
                {
                    int resends;
                    long sentTicks;
                    lock (_optionAckGate)
                    {
                        _optionAck = null; // from now on a repeated request is late, and ignored
                        resends = _optionAckResends;
                        sentTicks = _optionAckSentTicks;
                    }
                    // No round trip from an ACK 0 that came half a client timeout or more after the OACK:
                    // that is the client's own timer repeating a lost ACK (before, such a 5 s "sample" set
                    // the RTO to its 10 s ceiling and every early loss of the transfer waited it out).
                    var now = _clock.Elapsed;
                    var sample = now - TimeSpan.FromTicks(sentTicks);
                    _retry.OnProgress(now, sample.Ticks < _retry.ClientTimeout.Ticks / 2 ? sample : null, ambiguous: resends > 0);
                    return;
                }
                ThrowIfClientError(n);
                continue;
            }
            var at = _clock.Elapsed;
            if (at >= TimeSpan.FromTicks(Interlocked.Read(ref _clientHeardTicks)) + OptionAckBudget) throw TimedOut("the option acknowledgement", _optionAckResends, OptionAckBudget);
            if (at < TimeSpan.FromTicks(Volatile.Read(ref _optionAckSentTicks)) + TimedOptionAckWait(timedResends)) continue; // a repeated request resent it meanwhile
            lock (_optionAckGate)
            {
                Send(oack, length);
                _optionAckSentTicks = at.Ticks;
                _optionAckResends++;
            }
            _transfer.AddRetransmission();
            timedResends++;
        }
    }

    /// <summary>
    /// How long the OACK's ACK 0 is waited for after the client's last word: twice the budget for a
    /// client that negotiated a timeout, which once it has the OACK may stay silent for a long time
    /// (curl: 72 s) and is only reached by the timed resends — ten at the defaults, not five (at 20%
    /// loss five failed for about one curl fetch in 40).
    /// </summary>
    private TimeSpan OptionAckBudget => _negotiated.Timeout != null ? TimeSpan.FromTicks(_retry.Budget.Ticks * 2) : _retry.Budget;

    /// <summary>
    /// How long after the last OACK it is sent again unasked (see SendOptionAck); the late first resend
    /// still comes half a timeout before a small budget (-MaxRetries 3) runs out.
    /// </summary>
    private TimeSpan TimedOptionAckWait(int timedResends)
    {
        var timeout = _retry.ClientTimeout.Ticks;
        if (_negotiated.Timeout != null || timedResends > 0) return _retry.ClientTimeout;
        return TimeSpan.FromTicks(Math.Max(timeout, Math.Min(timeout * 7 / 2, _retry.Budget.Ticks - timeout / 2)));
    }

    /// <summary>
    /// The client repeated its request (called on the listener's thread): while its ACK 0 is awaited
    /// that means our OACK was lost, so it is sent again — unless it went out less than half the
    /// client's timeout ago, when the request crossed it on the way (a client that lost it repeats
    /// only on its own timer). True when it was resent.
    /// </summary>
    internal bool OnRepeatedRequest()
    {
        lock (_optionAckGate)
        {
            if (_optionAck is not { } oack) return false;
            var now = _clock.Elapsed;
            Interlocked.Exchange(ref _clientHeardTicks, now.Ticks);
            if (now - TimeSpan.FromTicks(_optionAckSentTicks) < TimeSpan.FromTicks(_retry.ClientTimeout.Ticks / 2)) return false;
            try
            {
                _socket.Send(oack.Packet, 0, oack.Length, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false; // the sender's own receive sees a closed port, and a disposed socket means the transfer ended
            }
            _optionAckSentTicks = now.Ticks;
            _optionAckResends++;
            _transfer.AddRetransmission();
            return true;
        }
    }

    private void SendBlocks()
    {
        int blockSize = _negotiated.BlockSize, window = Math.Min(_negotiated.WindowSize, 32768);
        var length = _source.Length;
        var lastBlock = length / blockSize + 1; // the last block is short, and empty when the length is a multiple
        // acked: the client has everything up to it. next: the next block to send. sent: the highest
        // block sent so far (above next-1 after a go-back, and one past the window after a probe).
        long acked = 0, next = 1, sent = 0, lastGoBack = -1;
        TimeSpan windowSent = TimeSpan.Zero, firstSentAt = TimeSpan.Zero; // firstSentAt: when block acked+1 last went out
        var resent = false; // Karn: no round-trip sample from what a timeout made us send again
        var pacing = new BurstPacing(window, blockSize);

        while (acked < lastBlock)
        {
            var windowEnd = Math.Min(lastBlock, Math.Max(acked + window, sent));
            for (var inBurst = 0; next <= windowEnd; inBurst++)
            {
                if (inBurst == pacing.Burst)
                {
                    pacing.Pause();
                    inBurst = 0;
                }
                if (next == acked + 1) firstSentAt = _clock.Elapsed;
                SendBlock(next++, blockSize, length);
            }
            if (next - 1 > sent) sent = next - 1;
            windowSent = _clock.Elapsed;

            var progressed = false;
            var deadline = windowSent + _retry.Wait(windowSent);
            while (!progressed && Receive(deadline, out var n))
            {
                if (!TftpPacket.TryParseAck(_receive, n, out var block16))
                {
                    ThrowIfClientError(n);
                    continue;
                }
                // The absolute block this ACK names, if it lies in what is out: acked+1 .. sent.
                var ackedBlock = acked + (ushort)(block16 - (ushort)acked);
                if (ackedBlock == acked && window > 1 && next > acked + 1 && _clock.Elapsed - firstSentAt >= _retry.Rto)
                {
                    // A windowed client names the block it has again, a while after we resent what follows
                    // it: that resend was lost too (atftp says so once, or on its own timer). Go back once
                    // more. Only after an RTO (never less than the floor): a duplicate that crossed the
                    // resend comes within a round trip, and on loopback the measured round trip is
                    // microseconds, less than a busy host takes to read the first (CI saw a second burst).
                    // The client answered, so the path works: a backoff built up while it was silent
                    // would now make each lost go-back wait up to the ceiling, 10 s (at 20% loss one
                    // atftp fetch of 200 kB took 115 s that way).
                    next = acked + 1;
                    _retry.OnClientAnswered();
                    break;
                }
                if (ackedBlock <= acked || ackedBlock > sent) continue; // duplicate or stale: never answered
                // A full window from the last acknowledgement is the client's ordinary window ACK even when
                // more went out after it (a probe at a timeout): those blocks may simply still be on their way.
                if (ackedBlock < next - 1 && ackedBlock - acked < window)
                {
                    if (ackedBlock <= lastGoBack) continue; // this gap was already resent
                    lastGoBack = ackedBlock;
                    next = ackedBlock + 1;
                    pacing.OnLoss();
                }
                else
                {
                    if (ackedBlock >= next) next = ackedBlock + 1; // it had more than the last resend offered
                    pacing.OnWindowAcknowledged();
                }
                acked = ackedBlock;
                _transfer.SetAcknowledged(Math.Min(length, acked * blockSize));
                var now = _clock.Elapsed;
                _retry.OnProgress(now, now - windowSent, ambiguous: resent);
                resent = false;
                progressed = true;
            }
            if (progressed || next == acked + 1) continue; // progress, or a go-back asked for by a repeated ACK
            var action = _retry.OnTimeout(_clock.Elapsed);
            if (action == TimeoutAction.GiveUp) throw TimedOut($"block {acked + 1}", _retry.Timeouts);
            _transfer.AddRetransmission();
            pacing.OnLoss();
            resent = true;
            if (action == TimeoutAction.Probe)
            {
                if (next <= lastBlock && next - acked <= 2 * window)
                {
                    SendBlock(next, blockSize, length); // new data: a receiver that went quiet takes it in order, or names its gap
                    sent = Math.Max(sent, next++);
                }
                else
                {
                    SendBlock(next - 1, blockSize, length);
                }
                windowSent = _clock.Elapsed;
                continue;
            }
            next = acked + 1;
            lastGoBack = -1;
        }
    }

    private void SendBlock(long block, int blockSize, long length)
    {
        var offset = (block - 1) * blockSize;
        var count = offset >= length ? 0 : _source.Read(offset, _send, TftpPacket.DataHeaderSize, blockSize);
        TftpPacket.WriteDataHeader(_send, (ushort)block);
        if (Send(_send, TftpPacket.DataHeaderSize + count) && block == length / blockSize + 1) _everyBlockSent = true;
    }

    /// <summary>Sends to the client, unless its port is known to be closed (then nothing more is sent); true when it went out.</summary>
    private bool Send(byte[] packet, int length)
    {
        if (_lastWordBy != null) return false;
        try
        {
            _socket.Send(packet, 0, length, SocketFlags.None);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            OnPortUnreachable();
            return false;
        }
    }

    /// <summary>
    /// One of our datagrams reached a closed port (ICMP "port unreachable"). Linux reports that on the
    /// socket's next call, a send as well as a receive, and ahead of datagrams already queued. It does
    /// not mean the transfer failed: a client closes its socket right after its final ACK, and a
    /// resend already on its way (a timeout, or a go-back asked for by a late duplicate ACK) then
    /// draws the ICMP while that ACK is queued here or still on its way. So from now on nothing is
    /// sent and the client's last word is read: its final ACK completes the transfer; silence until
    /// the wait ends means it went away (Receive throws).
    /// </summary>
    private void OnPortUnreachable()
    {
        if (_lastWordBy != null) return;
        // The ACK left before the port closed, so it trails the ICMP by less than a round trip.
        var wait = _retry.Rto > MinLastWordWait ? _retry.Rto : MinLastWordWait;
        if (wait > _retry.ClientTimeout) wait = _retry.ClientTimeout;
        _lastWordBy = _clock.Elapsed + wait;
    }

    /// <summary>
    /// Waits for one datagram from the client until <paramref name="deadline"/> (on this sender's clock); false when it passed.
    /// Once the client's port is known closed, waits only for its last word, and throws when that wait ends.
    /// </summary>
    private bool Receive(TimeSpan deadline, out int length)
    {
        while (true)
        {
            var until = _lastWordBy ?? deadline;
            var timeoutMs = (int)Math.Ceiling((until - _clock.Elapsed).TotalMilliseconds);
            if (timeoutMs <= 0) return NothingBefore(out length);
            if (timeoutMs != _currentTimeoutMs)
            {
                _socket.ReceiveTimeout = timeoutMs;
                _currentTimeoutMs = timeoutMs;
            }
            try
            {
                length = _socket.Receive(_receive, 0, _receive.Length, SocketFlags.None);
                return true;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                return NothingBefore(out length);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                OnPortUnreachable(); // and read on: what is queued, or on its way, is the client's last word
            }
        }
    }

    private bool NothingBefore(out int length)
    {
        if (_lastWordBy != null)
        {
            _clientGone = true;
            throw new TftpException(null, "the client went away (port unreachable)");
        }
        length = 0;
        return false;
    }

    private void ThrowIfClientError(int length)
    {
        if (TftpPacket.TryParseError(_receive, length, out var code, out var message))
        {
            throw new TftpException(code, $"client sent error {(int)code}: {message}");
        }
    }

    private TftpException TimedOut(string what, int retransmissions, TimeSpan? budget = null) =>
        new(null, string.Format(CultureInfo.InvariantCulture, "timed out waiting for the acknowledgement of {0}: nothing for {1:0.#} s ({2} retransmissions)",
            what, (budget ?? _retry.Budget).TotalSeconds, retransmissions));
}

