using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace EwcUpgrade.ImageServers;

/// <summary>One line of an image server's log.</summary>
public sealed class ImageServerLogEntry
{
    internal ImageServerLogEntry(DateTime time, string level, string message)
    {
        Time = time;
        Level = level;
        Message = message;
    }

    public DateTime Time { get; }
    public string Level { get; }
    public string Message { get; }

    /// <summary>The line as written to the log file: syslog-like, as tftpd-hpa writes it.</summary>
    public string ToLogLine(string program) =>
        string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-ddTHH:mm:ss.fffZ} {1}[{2}]: {3}", Time, program, s_pid, Message);

    public override string ToString() => Message;

    private static readonly int s_pid = Process.GetCurrentProcess().Id;
}

/// <summary>
/// The recent log lines kept in memory (bounded) and, when asked, appended to a file that is
/// flushed line by line so a `tail -f` sees each transfer as it happens.
/// </summary>
internal sealed class ImageServerLog : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<ImageServerLogEntry> _recent = new();
    private readonly int _capacity;
    private readonly string _program;
    private StreamWriter? _file;

    public ImageServerLog(string program, string? path, int capacity = 2000)
    {
        _program = program;
        _capacity = capacity;
        if (path != null)
        {
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _file = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        }
    }

    public void Add(ImageServerLogEntry entry)
    {
        lock (_gate)
        {
            if (_recent.Count == _capacity) _recent.Dequeue();
            _recent.Enqueue(entry);
            try { _file?.WriteLine(entry.ToLogLine(_program)); }
            catch (IOException) { /* a full disk must not stop the transfers; the in-memory log goes on */ }
        }
    }

    public IReadOnlyList<ImageServerLogEntry> Snapshot()
    {
        lock (_gate) return _recent.ToArray();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }
}
