using System;
using System.Collections.Generic;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.ImageServers;

/// <summary>
/// One client fetching one image, as users see it whatever the protocol. It reads through to the
/// live protocol transfer, so an object kept from Get-ImageTransfer shows current numbers.
/// </summary>
public sealed class ImageTransfer
{
    private readonly TftpTransfer _tftp;

    internal ImageTransfer(ImageServer server, TftpTransfer tftp)
    {
        Server = server;
        _tftp = tftp;
    }

    public ImageServer Server { get; }
    public int ServerId => Server.Id;
    public long Id => _tftp.Id;
    public ImageServerProtocol Protocol => ImageServerProtocol.Tftp;
    public string Client => _tftp.RemoteEndPoint.Address.ToString();
    public int ClientPort => _tftp.RemoteEndPoint.Port;
    public string File => _tftp.RequestedName;
    public string? FullPath => _tftp.FullPath;
    public long BytesTransferred => _tftp.BytesTransferred;
    public long? TotalBytes => _tftp.TotalBytes;

    public double? PercentComplete =>
        TotalBytes is long total && total > 0 ? Math.Min(100.0, 100.0 * BytesTransferred / total) : null;

    public double BytesPerSecond => _tftp.BytesPerSecond;
    public double MegabytesPerSecond => BytesPerSecond / 1e6;
    public string State => _tftp.State.ToString();
    public bool IsActive => _tftp.State is TftpTransferState.Negotiating or TftpTransferState.Transferring;
    public IReadOnlyDictionary<string, string> Options => _tftp.NegotiatedOptions;
    public int BlockSize => _tftp.BlockSize;
    public int WindowSize => _tftp.WindowSize;
    public int Retransmissions => _tftp.Retransmissions;
    public DateTime StartTime => _tftp.StartTime;
    public DateTime? EndTime => _tftp.EndTime;
    public TimeSpan Elapsed => (EndTime ?? DateTime.UtcNow) - StartTime;
    public string? Error => _tftp.Error;

    public override string ToString() => $"{Client} {File} {State}";
}
