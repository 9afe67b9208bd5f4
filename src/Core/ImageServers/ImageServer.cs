using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using EwcUpgrade.Net;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.ImageServers;

/// <summary>
/// A running image server as the session knows it, whatever the protocol: the protocol server (the
/// embedded TFTP server, or OpenSSH's sshd for SFTP), its transfers (live and a bounded history)
/// and its log.
/// </summary>
public sealed class ImageServer : IDisposable
{
    private const int HistoryCapacity = 1000;

    private readonly IImageServerBackend _backend;
    private readonly ImageServerLog _log;
    private readonly ConcurrentDictionary<long, ImageTransfer> _active = new();
    private readonly Queue<ImageTransfer> _ended = new();
    private readonly object _endedGate = new();
    private long _completed;
    private long _failed;
    private long _bytesServed;
    private int _stopped;

    internal ImageServer(int id, string root, IImageServerBackend backend, string? logPath)
    {
        Id = id;
        Root = System.IO.Path.GetFullPath(root);
        LogPath = logPath == null ? null : System.IO.Path.GetFullPath(logPath);
        _backend = backend;
        _log = new ImageServerLog(backend.Protocol == ImageServerProtocol.Tftp ? "ewcupgrade-tftpd" : "ewcupgrade-sftpd", LogPath);
        _backend.Started += OnTransferStarted;
        _backend.Ended += OnTransferEnded;
        _backend.Log += (level, message, time) => Write(level, message, time);
    }

    public int Id { get; }
    public ImageServerProtocol Protocol => _backend.Protocol;
    public string Root { get; }
    public string Address => EndPoint.Address.ToString();
    public int Port => EndPoint.Port;
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.None, 0);
    public ImageServerState State => _stopped == 0 ? ImageServerState.Running : ImageServerState.Stopped;
    public DateTime StartTime { get; private set; }
    public DateTime? StopTime { get; private set; }
    public string? LogPath { get; }
    /// <summary>The TFTP server's options; null for SFTP.</summary>
    public TftpServerOptions? Options => (_backend as TftpBackend)?.Options;
    /// <summary>SFTP: the server's host key fingerprint, to pin in Test-ImageServer (SHA256:…).</summary>
    public string? HostKeyFingerprint => _backend.HostKeyFingerprint;
    /// <summary>SFTP: the login the controllers use (sftp-username).</summary>
    public string? UserName => _backend.UserName;

    public int ActiveCount => _active.Count;
    public long CompletedCount => Interlocked.Read(ref _completed);
    public long FailedCount => Interlocked.Read(ref _failed);
    public long BytesServed => Interlocked.Read(ref _bytesServed) + _active.Values.Sum(t => t.BytesTransferred);

    public string Name => $"{Protocol.ToString().ToLowerInvariant()}://{HostAddress.Format(EndPoint)}";

    /// <summary>Raised on server threads: handlers must be quick and must not throw.</summary>
    public event EventHandler<ImageTransfer>? TransferStarted;
    public event EventHandler<ImageTransfer>? TransferEnded;
    public event EventHandler<ImageServerLogEntry>? LogWritten;

    /// <summary>Live transfers first (oldest first), then the ended ones kept in the history.</summary>
    public IReadOnlyList<ImageTransfer> GetTransfers()
    {
        // Under the same lock as the move from active to ended: a transfer ending meanwhile is in one of the two, never in neither.
        lock (_endedGate) return _ended.Concat(_active.Values.OrderBy(t => t.Id)).ToArray();
    }

    public IReadOnlyList<ImageServerLogEntry> GetLog() => _log.Snapshot();

    internal void Start()
    {
        try
        {
            _backend.Start();
        }
        catch
        {
            _log.Dispose();
            throw;
        }
        EndPoint = _backend.LocalEndPoint;
        StartTime = DateTime.UtcNow;
        Write("Info", $"serving {Root} on {HostAddress.Format(EndPoint)} (read-only)");
    }

    /// <summary>The transfers that were still running when the server stopped: their clients got "server shutting down".</summary>
    public IReadOnlyList<ImageTransfer> AbortedTransfers { get; private set; } = Array.Empty<ImageTransfer>();

    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        var live = _active.Values.OrderBy(t => t.Id).ToList();
        _backend.Stop();
        StopTime = DateTime.UtcNow;
        AbortedTransfers = live.Where(t => !t.IsActive && t.State != ImageTransferState.Completed).ToArray();
        foreach (var t in AbortedTransfers) Write("Warning", $"cut off {t.File} to {(t.ClientEndPoint is { Port: > 0 } ep ? HostAddress.Format(ep) : t.Client)} at {t.BytesTransferred} of {t.TotalBytes?.ToString() ?? "?"} bytes");
        Write("Info", $"stopped; {CompletedCount} transfers completed, {FailedCount} failed ({AbortedTransfers.Count} cut off by the stop)");
        _log.Dispose();
        ImageServerRegistry.Remove(this);
    }

    public void Dispose() => Stop();

    public override string ToString() => Name;

    private void OnTransferStarted(ITransferSource e)
    {
        var transfer = new ImageTransfer(this, e);
        _active[e.Id] = transfer;
        Raise(TransferStarted, transfer);
    }

    private void OnTransferEnded(ITransferSource e)
    {
        ImageTransfer transfer;
        lock (_endedGate)
        {
            if (!_active.TryRemove(e.Id, out transfer!)) transfer = new ImageTransfer(this, e);
            if (_ended.Count == HistoryCapacity) _ended.Dequeue();
            _ended.Enqueue(transfer);
        }
        if (e.State == ImageTransferState.Completed) Interlocked.Increment(ref _completed);
        else if (e.State == ImageTransferState.Failed) Interlocked.Increment(ref _failed);
        Interlocked.Add(ref _bytesServed, e.BytesTransferred);
        Raise(TransferEnded, transfer);
    }

    private void Write(string level, string message, DateTime? time = null)
    {
        var entry = new ImageServerLogEntry(time ?? DateTime.UtcNow, level, message);
        _log.Add(entry);
        Raise(LogWritten, entry);
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        // A subscriber's bug must never take a transfer down with it.
        try { handler?.Invoke(this, args); }
        catch (Exception) { }
    }

}
