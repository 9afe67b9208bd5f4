using System;
using System.Diagnostics;
using System.Net.Sockets;

namespace EwcUpgrade.Tftp;

/// <summary>
/// One outgoing transfer's state machine, run on its own thread over its own UDP socket connected to
/// the client (a blocking receive wakes this thread directly: no thread-pool hop per lock-step turn).
/// Sends a window of blocks, then waits for the acknowledgement of its last block:
/// - an ACK for an earlier block of the window means the client lost what followed: send again from
///   there (go-back-N), once per such ACK — a repeat of an ACK already acted on is ignored;
/// - an ACK for a block already acknowledged is a duplicate and is never answered (the Sorcerer's
///   Apprentice bug would answer it with a second copy of the next block, and every copy after);
/// - a timeout resends the window, with the RetryPolicy's waits and bound (windowed transfers first
///   probe with their last block).
/// Block numbers roll over past 65535 to 0, as tftp-hpa, atftp and curl expect.
/// </summary>
internal sealed class TftpSender
{
    private readonly TftpTransfer _transfer;
    private readonly Socket _socket;
    private readonly IBlockSource _source;
    private readonly NegotiatedTransfer _negotiated;
    private readonly RetryPolicy _retry;
    private readonly byte[] _send;
    private readonly byte[] _receive = new byte[TftpPacket.MaxPacketSize];
    private int _currentTimeoutMs = -1;

    public TftpSender(TftpTransfer transfer, Socket socket, IBlockSource source, NegotiatedTransfer negotiated, TftpServerOptions options)
    {
        _transfer = transfer;
        _socket = socket;
        _source = source;
        _negotiated = negotiated;
        _retry = new RetryPolicy(negotiated.Timeout ?? options.Timeout, options.MaxRetries, negotiated.WindowSize > 1);
        _send = new byte[TftpPacket.DataHeaderSize + negotiated.BlockSize];
    }

    /// <summary>Runs the transfer to its end; throws TftpException on failure.</summary>
    public void Run()
    {
        if (_negotiated.Acknowledged.Count > 0) SendOptionAck();
        _transfer.SetState(TftpTransferState.Transferring);
        SendBlocks();
    }

    private void SendOptionAck()
    {
        var oack = new byte[TftpPacket.MaxPacketSize];
        var length = TftpPacket.WriteOptionAck(oack, _negotiated.Acknowledged);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            _socket.Send(oack, 0, length, SocketFlags.None);
            var sent = clock.Elapsed;
            while (Receive(out var n))
            {
                if (TftpPacket.TryParseAck(_receive, n, out var block) && block == 0)
                {
                    _retry.OnProgress(clock.Elapsed - sent);
                    return;
                }
                ThrowIfClientError(n);
            }
            if (_retry.OnTimeout() == TimeoutAction.GiveUp) throw TimedOut("the option acknowledgement");
            _transfer.AddRetransmission();
        }
    }

    private void SendBlocks()
    {
        int blockSize = _negotiated.BlockSize, window = Math.Min(_negotiated.WindowSize, 32768);
        var length = _source.Length;
        var lastBlock = length / blockSize + 1; // the last block is short, and empty when the length is a multiple
        long acked = 0, next = 1, lastGoBack = -1;
        var clock = Stopwatch.StartNew();
        var windowSent = TimeSpan.Zero;
        var pacing = new BurstPacing(window);

        while (acked < lastBlock)
        {
            var windowEnd = Math.Min(lastBlock, acked + window);
            for (var inBurst = 0; next <= windowEnd; inBurst++)
            {
                if (inBurst == pacing.Burst)
                {
                    pacing.Pause();
                    inBurst = 0;
                }
                SendBlock(next++, blockSize, length);
            }
            windowSent = clock.Elapsed;

            var progressed = false;
            while (!progressed && Receive(out var n))
            {
                if (!TftpPacket.TryParseAck(_receive, n, out var block16))
                {
                    ThrowIfClientError(n);
                    continue;
                }
                // The absolute block this ACK names, if it lies in what is out: acked .. next-1.
                var ackedBlock = acked + (ushort)(block16 - (ushort)acked);
                if (ackedBlock <= acked || ackedBlock >= next) continue; // duplicate or stale: never answered
                if (ackedBlock < next - 1)
                {
                    if (ackedBlock <= lastGoBack) continue; // this gap was already resent
                    lastGoBack = ackedBlock;
                    next = ackedBlock + 1;
                    pacing.OnLoss();
                }
                else
                {
                    pacing.OnWindowAcknowledged();
                }
                acked = ackedBlock;
                _transfer.SetAcknowledged(Math.Min(length, acked * blockSize));
                _retry.OnProgress(clock.Elapsed - windowSent);
                progressed = true;
            }
            if (progressed) continue;
            var action = _retry.OnTimeout();
            if (action == TimeoutAction.GiveUp) throw TimedOut($"block {acked + 1}");
            _transfer.AddRetransmission();
            pacing.OnLoss();
            if (action == TimeoutAction.Probe)
            {
                SendBlock(next - 1, blockSize, length);
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
        _socket.Send(_send, 0, TftpPacket.DataHeaderSize + count, SocketFlags.None);
    }

    /// <summary>Waits for one datagram from the client; false when the retry policy's wait ran out.</summary>
    private bool Receive(out int length)
    {
        var timeoutMs = Math.Max(1, (int)Math.Ceiling(_retry.CurrentWait.TotalMilliseconds));
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
            length = 0;
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // ICMP port unreachable: the client is gone.
            throw new TftpException(null, "the client went away (port unreachable)");
        }
    }

    private void ThrowIfClientError(int length)
    {
        if (TftpPacket.TryParseError(_receive, length, out var code, out var message))
        {
            throw new TftpException(code, $"client sent error {(int)code}: {message}");
        }
    }

    private TftpException TimedOut(string what) =>
        new(null, $"timed out waiting for the acknowledgement of {what} after {_retry.Retries - 1} retries");
}
