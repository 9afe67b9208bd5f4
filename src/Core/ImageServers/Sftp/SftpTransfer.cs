using System;

namespace EwcUpgrade.ImageServers.Sftp;

public enum SftpTransferState
{
    Transferring,
    Completed,
    Failed,
}

/// <summary>
/// One file read over SFTP, as sftp-server's log tells it: opened, then closed with the bytes read.
/// sftp-server reports bytes only at close, so a live transfer shows none yet.
/// </summary>
public sealed class SftpTransfer
{
    internal SftpTransfer(long id, string client, string user, string file, long? totalBytes, DateTime start)
    {
        Id = id;
        Client = client;
        User = user;
        File = file;
        TotalBytes = totalBytes;
        StartTime = start;
    }

    public long Id { get; }
    public string Client { get; }
    public string User { get; }
    public string File { get; }
    public long? TotalBytes { get; }
    public long BytesTransferred { get; private set; }
    public SftpTransferState State { get; private set; } = SftpTransferState.Transferring;
    public DateTime StartTime { get; }
    public DateTime? EndTime { get; private set; }
    public string? Error { get; private set; }

    public double BytesPerSecond
    {
        get
        {
            var seconds = ((EndTime ?? DateTime.UtcNow) - StartTime).TotalSeconds;
            return seconds > 0 ? BytesTransferred / seconds : 0;
        }
    }

    internal void Close(long bytesRead, DateTime when)
    {
        BytesTransferred = bytesRead;
        EndTime = when;
        // A client that stops early closes the file too: only the whole file is a completed transfer.
        State = TotalBytes == null || bytesRead >= TotalBytes ? SftpTransferState.Completed : SftpTransferState.Failed;
        if (State == SftpTransferState.Failed) Error = $"the client closed the file after {bytesRead} of {TotalBytes} bytes";
    }

    internal void Fail(string error, DateTime when)
    {
        EndTime = when;
        State = SftpTransferState.Failed;
        Error = error;
    }

    public override string ToString() => $"{Client} {File} {State}";
}
