using System;
using System.Collections.Generic;
using System.IO;

namespace EwcUpgrade.ImageServers.Sftp;

/// <summary>
/// Turns sftp-server's log events into transfers. Each SSH session is one sftp-server process (its
/// pid is in every line). A file opened for reading starts a transfer and its close ends it with the
/// bytes read; sftp-server logs the open before trying it, so an error status right after an open
/// (or after a stat of a path) is that file failing, e.g. "No such file" for a wrong image path.
/// Bounded: sessions that never say goodbye are forgotten past a cap.
/// </summary>
public sealed class SftpSessionTracker
{
    private const int MaxSessions = 1024;
    private readonly string _root;
    private readonly Dictionary<int, Session> _sessions = new();
    private readonly object _gate = new();
    private long _nextId;

    public SftpSessionTracker(string root) => _root = root;

    public event EventHandler<SftpTransfer>? TransferStarted;
    public event EventHandler<SftpTransfer>? TransferEnded;

    private sealed class Session
    {
        public string Client = "?";
        public string User = "?";
        /// <summary>The path of the last stat or open, until the next line shows how it went.</summary>
        public string? Pending;
        public readonly Dictionary<string, SftpTransfer> Open = new(StringComparer.Ordinal);
    }

    public void Handle(SftpLogEvent e, DateTime when)
    {
        var started = new List<SftpTransfer>();
        var ended = new List<SftpTransfer>();
        lock (_gate)
        {
            if (!_sessions.TryGetValue(e.Pid, out var session))
            {
                if (_sessions.Count >= MaxSessions) _sessions.Clear();
                _sessions[e.Pid] = session = new Session();
            }
            var pending = session.Pending;
            session.Pending = null;
            switch (e.Kind)
            {
                case SftpLogEventKind.SessionOpened:
                    session.Client = e.Client ?? "?";
                    session.User = e.User ?? "?";
                    break;
                case SftpLogEventKind.Looked:
                    session.Pending = e.Path;
                    break;
                case SftpLogEventKind.Opened when e.ForReading && e.Path != null:
                    var transfer = new SftpTransfer(++_nextId, session.Client, session.User, e.Path, SizeOf(e.Path), when);
                    session.Open[e.Path] = transfer;
                    session.Pending = e.Path;
                    started.Add(transfer);
                    break;
                case SftpLogEventKind.Closed when e.Path != null && session.Open.TryGetValue(e.Path, out var closing):
                    session.Open.Remove(e.Path);
                    closing.Close(e.BytesRead, when);
                    ended.Add(closing);
                    break;
                case SftpLogEventKind.Status when pending != null && e.Status != null && IsFailure(e.Status):
                    if (!session.Open.TryGetValue(pending, out var failed))
                    {
                        failed = new SftpTransfer(++_nextId, session.Client, session.User, pending, null, when);
                        started.Add(failed);
                    }
                    session.Open.Remove(pending);
                    failed.Fail(e.Status.IndexOf("No such file", StringComparison.OrdinalIgnoreCase) >= 0 ? "file not found: " + pending : e.Status + ": " + pending, when);
                    ended.Add(failed);
                    break;
                case SftpLogEventKind.SessionClosed:
                    foreach (var open in session.Open.Values)
                    {
                        open.Fail("the session ended before the file was closed", when);
                        ended.Add(open);
                    }
                    _sessions.Remove(e.Pid);
                    break;
            }
        }
        foreach (var t in started) TransferStarted?.Invoke(this, t);
        foreach (var t in ended) TransferEnded?.Invoke(this, t);
    }

    private static bool IsFailure(string status) =>
        status.IndexOf("No such file", StringComparison.OrdinalIgnoreCase) >= 0 ||
        status.IndexOf("Permission denied", StringComparison.OrdinalIgnoreCase) >= 0 ||
        status.IndexOf("Failure", StringComparison.OrdinalIgnoreCase) >= 0;

    private long? SizeOf(string path)
    {
        try
        {
            var root = Path.GetFullPath(_root);
            var full = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
            return full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full) ? new FileInfo(full).Length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
