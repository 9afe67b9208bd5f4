using System;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Diagnosis;

/// <summary>
/// What the module's image server saw of one request, the part of an ImageTransfer the diagnosis
/// needs (a plain record, so a transfer log from elsewhere can be joined too).
/// </summary>
public sealed class ServerTransfer
{
    public ServerTransfer(ImageServerProtocol protocol, string client, string file, ImageTransferState state, string? error, DateTime startTimeUtc, long bytesTransferred = 0)
    {
        Protocol = protocol;
        Client = client ?? "";
        File = file ?? "";
        State = state;
        Error = error;
        StartTimeUtc = startTimeUtc;
        BytesTransferred = bytesTransferred;
    }

    public ImageServerProtocol Protocol { get; }
    /// <summary>The client's address (the EWC's, for install add).</summary>
    public string Client { get; }
    /// <summary>The path the client asked for, as it asked.</summary>
    public string File { get; }
    public ImageTransferState State { get; }
    public string? Error { get; }
    public DateTime StartTimeUtc { get; }
    public long BytesTransferred { get; }

    public static ServerTransfer From(ImageTransfer t) =>
        new(t.Protocol, t.Client, t.File, t.State, t.Error, t.StartTime, t.BytesTransferred);
}
