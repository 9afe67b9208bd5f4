using System;
using System.Collections.Generic;
using System.Net;
using EwcUpgrade.ImageServers.Sftp;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.ImageServers;

/// <summary>One protocol's transfer as the host reads it (live: numbers change while it runs).</summary>
internal interface ITransferSource
{
    long Id { get; }
    IPEndPoint? Client { get; }
    string ClientText { get; }
    string File { get; }
    string? FullPath { get; }
    string? User { get; }
    long BytesTransferred { get; }
    long? TotalBytes { get; }
    double BytesPerSecond { get; }
    ImageTransferState State { get; }
    IReadOnlyDictionary<string, string> Options { get; }
    int BlockSize { get; }
    int WindowSize { get; }
    int Retransmissions { get; }
    DateTime StartTime { get; }
    DateTime? EndTime { get; }
    string? Error { get; }
}

/// <summary>One protocol's server as the host drives it: start, stop, where it listens, what it tells.</summary>
internal interface IImageServerBackend
{
    ImageServerProtocol Protocol { get; }
    IPEndPoint LocalEndPoint { get; }
    /// <summary>The fingerprint clients should pin (SFTP); null for TFTP.</summary>
    string? HostKeyFingerprint { get; }
    /// <summary>The login the controllers use (SFTP); null for TFTP.</summary>
    string? UserName { get; }
    event Action<ITransferSource>? Started;
    event Action<ITransferSource>? Ended;
    event Action<string, string, DateTime>? Log;
    void Start();
    void Stop();
}

internal sealed class TftpBackend : IImageServerBackend
{
    private readonly TftpServer _server;

    public TftpBackend(TftpServerOptions options)
    {
        Options = options;
        _server = new TftpServer(options);
        _server.TransferStarted += (_, t) => Started?.Invoke(new Source(t));
        _server.TransferEnded += (_, t) => Ended?.Invoke(new Source(t));
        _server.Log += (_, e) => Log?.Invoke(e.Level.ToString(), e.Message, e.Time);
    }

    public TftpServerOptions Options { get; }
    public ImageServerProtocol Protocol => ImageServerProtocol.Tftp;
    public IPEndPoint LocalEndPoint => _server.LocalEndPoint;
    public string? HostKeyFingerprint => null;
    public string? UserName => null;
    public event Action<ITransferSource>? Started;
    public event Action<ITransferSource>? Ended;
    public event Action<string, string, DateTime>? Log;

    public void Start()
    {
        try { _server.Start(); }
        catch { _server.Dispose(); throw; }
    }

    public void Stop() => _server.Stop();

    private sealed class Source : ITransferSource
    {
        private readonly TftpTransfer _t;
        public Source(TftpTransfer t) => _t = t;
        public long Id => _t.Id;
        public IPEndPoint? Client => _t.RemoteEndPoint;
        public string ClientText => _t.RemoteEndPoint.Address.ToString();
        public string File => _t.RequestedName;
        public string? FullPath => _t.FullPath;
        public string? User => null;
        public long BytesTransferred => _t.BytesTransferred;
        public long? TotalBytes => _t.TotalBytes;
        public double BytesPerSecond => _t.BytesPerSecond;
        public ImageTransferState State => _t.State switch
        {
            TftpTransferState.Negotiating => ImageTransferState.Negotiating,
            TftpTransferState.Transferring => ImageTransferState.Transferring,
            TftpTransferState.Completed => ImageTransferState.Completed,
            TftpTransferState.Declined => ImageTransferState.Declined,
            _ => ImageTransferState.Failed,
        };
        public IReadOnlyDictionary<string, string> Options => _t.NegotiatedOptions;
        public int BlockSize => _t.BlockSize;
        public int WindowSize => _t.WindowSize;
        public int Retransmissions => _t.Retransmissions;
        public DateTime StartTime => _t.StartTime;
        public DateTime? EndTime => _t.EndTime;
        public string? Error => _t.Error;
    }
}

internal sealed class SftpBackend : IImageServerBackend
{
    private static readonly IReadOnlyDictionary<string, string> NoOptions = new Dictionary<string, string>();
    private readonly SftpServer _server;

    public SftpBackend(SftpServerOptions options)
    {
        _server = new SftpServer(options);
        _server.Tracker.TransferStarted += (_, t) => Started?.Invoke(new Source(t));
        _server.Tracker.TransferEnded += (_, t) => Ended?.Invoke(new Source(t));
        _server.Log += (_, line) => Log?.Invoke(line.StartsWith("warning:", StringComparison.Ordinal) ? "Warning" : "Info", line, DateTime.UtcNow);
    }

    public ImageServerProtocol Protocol => ImageServerProtocol.Sftp;
    public IPEndPoint LocalEndPoint => _server.LocalEndPoint;
    public string? HostKeyFingerprint => _server.HostKeyFingerprint;
    public string? UserName => _server.Options.UserName;
    public event Action<ITransferSource>? Started;
    public event Action<ITransferSource>? Ended;
    public event Action<string, string, DateTime>? Log;

    public void Start() => _server.Start();
    public void Stop() => _server.Stop();

    private sealed class Source : ITransferSource
    {
        private readonly SftpTransfer _t;
        public Source(SftpTransfer t) => _t = t;
        public long Id => _t.Id;
        public IPEndPoint? Client => IPAddress.TryParse(_t.Client, out var a) ? new IPEndPoint(a, 0) : null;
        public string ClientText => _t.Client;
        public string File => _t.File;
        public string? FullPath => null;
        public string? User => _t.User;
        public long BytesTransferred => _t.BytesTransferred;
        public long? TotalBytes => _t.TotalBytes;
        public double BytesPerSecond => _t.BytesPerSecond;
        public ImageTransferState State => _t.State switch
        {
            SftpTransferState.Transferring => ImageTransferState.Transferring,
            SftpTransferState.Completed => ImageTransferState.Completed,
            _ => ImageTransferState.Failed,
        };
        public IReadOnlyDictionary<string, string> Options => NoOptions;
        public int BlockSize => 0;
        public int WindowSize => 0;
        public int Retransmissions => 0;
        public DateTime StartTime => _t.StartTime;
        public DateTime? EndTime => _t.EndTime;
        public string? Error => _t.Error;
    }
}
