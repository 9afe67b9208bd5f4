using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EwcUpgrade.ImageServers.Sftp;

/// <summary>What one line of OpenSSH's sftp-server verbose log says, when it says something about a transfer.</summary>
public enum SftpLogEventKind
{
    SessionOpened,
    /// <summary>The client asked about a path (stat, lstat): a missing file shows up as its status.</summary>
    Looked,
    Opened,
    Closed,
    Status,
    SessionClosed,
}

/// <summary>One parsed line: the sftp-server process (one per SSH session), what happened, and its details.</summary>
public sealed class SftpLogEvent
{
    internal SftpLogEvent(int pid, SftpLogEventKind kind, string? path = null, string? user = null, string? client = null, long bytesRead = 0, string? status = null, bool forReading = false)
    {
        Pid = pid;
        Kind = kind;
        Path = path;
        User = user;
        Client = client;
        BytesRead = bytesRead;
        Status = status;
        ForReading = forReading;
    }

    public int Pid { get; }
    public SftpLogEventKind Kind { get; }
    public string? Path { get; }
    public string? User { get; }
    public string? Client { get; }
    public long BytesRead { get; }
    public string? Status { get; }
    public bool ForReading { get; }
}

/// <summary>
/// Reads sftp-server's "-l VERBOSE" lines as syslog delivers them
/// (<c>&lt;38&gt;Nov 29 08:58:21 internal-sftp[15970]: open "/17.9.4.27/ap1g7" flags READ mode 0666</c>).
/// The patterns are OpenSSH's own wording (sftp-server.c); a line that matches none is ignored.
/// </summary>
public static class SftpLogParser
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);
    private static readonly Regex Header = new(@"^(?:<\d{1,3}>)?(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )?[^\[:\s]+\[(?<pid>\d{1,10})\]: (?<text>.*)$", RegexOptions.CultureInvariant, Budget);
    private static readonly Regex SessionOpened = new(@"^session opened for local user (?<user>\S+) from \[(?<client>[^\]]+)\]", RegexOptions.CultureInvariant, Budget);
    private static readonly Regex SessionClosed = new(@"^session closed for local user (?<user>\S+) from \[(?<client>[^\]]+)\]", RegexOptions.CultureInvariant, Budget);
    private static readonly Regex Open = new(@"^open ""(?<path>(?:[^""\\]|\\.)*)"" flags (?<flags>[A-Z,]+)", RegexOptions.CultureInvariant, Budget);
    private static readonly Regex Close = new(@"^close ""(?<path>(?:[^""\\]|\\.)*)"" bytes read (?<read>\d{1,19}) written (?<written>\d{1,19})", RegexOptions.CultureInvariant, Budget);
    private static readonly Regex Look = new(@"^l?stat name ""(?<path>(?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant, Budget);
    private static readonly Regex Status = new(@"^sent status (?<status>.+)$", RegexOptions.CultureInvariant, Budget);

    public static SftpLogEvent? Parse(string line)
    {
        if (string.IsNullOrEmpty(line) || line.Length > 8192) return null;
        try
        {
            var header = Header.Match(line.TrimEnd('\n', '\r', '\0'));
            if (!header.Success || !int.TryParse(header.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
            var text = header.Groups["text"].Value;
            Match m;
            if ((m = Open.Match(text)).Success)
                return new SftpLogEvent(pid, SftpLogEventKind.Opened, path: Unescape(m.Groups["path"].Value), forReading: m.Groups["flags"].Value.Split(',') is var f && Array.IndexOf(f, "READ") >= 0 && Array.IndexOf(f, "WRITE") < 0);
            if ((m = Close.Match(text)).Success)
                return long.TryParse(m.Groups["read"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var read)
                    ? new SftpLogEvent(pid, SftpLogEventKind.Closed, path: Unescape(m.Groups["path"].Value), bytesRead: read)
                    : null;
            if ((m = Look.Match(text)).Success)
                return new SftpLogEvent(pid, SftpLogEventKind.Looked, path: Unescape(m.Groups["path"].Value));
            if ((m = Status.Match(text)).Success)
                return new SftpLogEvent(pid, SftpLogEventKind.Status, status: m.Groups["status"].Value);
            if ((m = SessionOpened.Match(text)).Success)
                return new SftpLogEvent(pid, SftpLogEventKind.SessionOpened, user: m.Groups["user"].Value, client: m.Groups["client"].Value);
            if ((m = SessionClosed.Match(text)).Success)
                return new SftpLogEvent(pid, SftpLogEventKind.SessionClosed, user: m.Groups["user"].Value, client: m.Groups["client"].Value);
            return null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null; // a hostile line costs at most the budget, and is dropped
        }
    }

    // sftp-server escapes nothing in these lines but a client can send any byte; keep what we show printable.
    private static string Unescape(string path)
    {
        var chars = path.ToCharArray();
        for (var i = 0; i < chars.Length; i++) if (char.IsControl(chars[i])) chars[i] = '?';
        return new string(chars);
    }
}
