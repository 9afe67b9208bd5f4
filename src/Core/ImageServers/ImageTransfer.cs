using System;
using System.Collections.Generic;

namespace EwcUpgrade.ImageServers;

/// <summary>
/// One client fetching one image, as users see it whatever the protocol. It reads through to the
/// live protocol transfer, so an object kept from Get-ImageTransfer shows current numbers. SFTP
/// reports bytes when the client closes the file; block and window sizes are TFTP's alone.
/// </summary>
public sealed class ImageTransfer
{
    private readonly ITransferSource _source;

    internal ImageTransfer(ImageServer server, ITransferSource source)
    {
        Server = server;
        _source = source;
    }

    public ImageServer Server { get; }
    public int ServerId => Server.Id;
    public long Id => _source.Id;
    public ImageServerProtocol Protocol => Server.Protocol;
    public string Client => _source.ClientText;
    public int ClientPort => _source.Client?.Port ?? 0;
    /// <summary>The SFTP login that fetched it; null for TFTP.</summary>
    public string? User => _source.User;
    public string File => _source.File;
    public string? FullPath => _source.FullPath;
    public long BytesTransferred => _source.BytesTransferred;
    public long? TotalBytes => _source.TotalBytes;

    public double? PercentComplete =>
        TotalBytes is long total && total > 0 ? Math.Min(100.0, 100.0 * BytesTransferred / total) : null;

    public double BytesPerSecond => _source.BytesPerSecond;
    public double MegabytesPerSecond => BytesPerSecond / 1e6;
    public ImageTransferState State => _source.State;
    public bool IsActive => State is ImageTransferState.Negotiating or ImageTransferState.Transferring;
    public IReadOnlyDictionary<string, string> Options => _source.Options;
    public int BlockSize => _source.BlockSize;
    public int WindowSize => _source.WindowSize;
    public int Retransmissions => _source.Retransmissions;
    public DateTime StartTime => _source.StartTime;
    public DateTime? EndTime => _source.EndTime;
    public TimeSpan Elapsed => (EndTime ?? DateTime.UtcNow) - StartTime;
    public string? Error => _source.Error;

    internal System.Net.IPEndPoint? ClientEndPoint => _source.Client;

    public override string ToString() => $"{Client} {File} {State}";
}
