using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;

namespace EwcUpgrade.Tftp;

public enum TftpTransferState
{
    Negotiating,
    Transferring,
    Completed,
    Failed,
    /// <summary>
    /// The client answered the option acknowledgement with error 8 (RFC 2347: it declines the
    /// transfer): a size check such as Test-ImageServer's, nothing served and nothing failed.
    /// </summary>
    Declined,
}

/// <summary>One read transfer, live: its counters are updated by the transfer's thread and safe to read from any other.</summary>
public sealed class TftpTransfer
{
    private long _bytes;
    private int _state;
    private int _retransmissions;
    private long _endTicks;

    internal TftpTransfer(long id, IPEndPoint remote, IPEndPoint local, string requestedName, string mode)
    {
        Id = id;
        RemoteEndPoint = remote;
        LocalEndPoint = local;
        RequestedName = requestedName;
        Mode = mode;
        StartTime = DateTime.UtcNow;
    }

    public long Id { get; }
    public IPEndPoint RemoteEndPoint { get; }
    public IPEndPoint LocalEndPoint { get; internal set; }
    public string RequestedName { get; }
    public string? FullPath { get; internal set; }
    public string Mode { get; }
    /// <summary>Bytes the client has acknowledged.</summary>
    public long BytesTransferred => Interlocked.Read(ref _bytes);
    public long? TotalBytes { get; internal set; }
    public DateTime StartTime { get; }
    public DateTime? EndTime
    {
        get
        {
            var ticks = Interlocked.Read(ref _endTicks);
            return ticks == 0 ? null : new DateTime(ticks, DateTimeKind.Utc);
        }
    }
    public TftpTransferState State => (TftpTransferState)Volatile.Read(ref _state);
    public IReadOnlyDictionary<string, string> NegotiatedOptions { get; internal set; } = new Dictionary<string, string>();
    public int BlockSize { get; internal set; } = 512;
    public int WindowSize { get; internal set; } = 1;
    public int Retransmissions => Volatile.Read(ref _retransmissions);
    public string? Error { get; private set; }

    public double BytesPerSecond
    {
        get
        {
            var seconds = ((EndTime ?? DateTime.UtcNow) - StartTime).TotalSeconds;
            return seconds > 0 ? BytesTransferred / seconds : 0;
        }
    }

    public override string ToString() => $"{RemoteEndPoint} {RequestedName} {State}";

    internal void SetAcknowledged(long bytes) => Interlocked.Exchange(ref _bytes, bytes);
    internal void AddRetransmission() => Interlocked.Increment(ref _retransmissions);
    internal void SetState(TftpTransferState state) => Volatile.Write(ref _state, (int)state);

    internal void End(TftpTransferState state, string? error)
    {
        Error = error;
        Interlocked.Exchange(ref _endTicks, DateTime.UtcNow.Ticks);
        SetState(state);
    }
}

public enum TftpLogLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>One server log line; the messages read like tftpd-hpa's ("RRQ from 10.0.0.7 filename /17.9.4.27/ap1g7").</summary>
public sealed class TftpLogEntry
{
    internal TftpLogEntry(TftpLogLevel level, string message, TftpTransfer? transfer)
    {
        Time = DateTime.UtcNow;
        Level = level;
        Message = message;
        Transfer = transfer;
    }

    public DateTime Time { get; }
    public TftpLogLevel Level { get; }
    public string Message { get; }
    public TftpTransfer? Transfer { get; }

    public override string ToString() => Message;
}

/// <summary>A TFTP error from the other side, or a transfer that timed out (ErrorCode null).</summary>
public sealed class TftpException : Exception
{
    public TftpException(TftpErrorCode? code, string message) : base(message) => ErrorCode = code;

    public TftpErrorCode? ErrorCode { get; }
}
