using System.Text;
using System.Text.RegularExpressions;
using EwcUpgrade.Testing;
using Renci.SshNet;

namespace EwcUpgrade.Simulator.Tests.Support;

/// <summary>
/// An SSH.NET shell (with a pty) on a simulated controller, read like a terminal user would:
/// every wait is bounded and a timeout says what was seen.
/// </summary>
public sealed class DeviceTerminal : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly SshClient _client;
    private readonly ShellStream _shell;
    private readonly StringBuilder _unread = new();
    private readonly StringBuilder _all = new();
    private volatile bool _closed;

    private DeviceTerminal(LabControllerEndpoint endpoint, string user, AuthenticationMethod auth)
    {
        var info = new ConnectionInfo(endpoint.Host, endpoint.Port, user, auth) { Timeout = Wait };
        _client = new SshClient(info);
        _client.HostKeyReceived += (_, e) => SeenFingerprint = "SHA256:" + e.FingerPrintSHA256;
        _client.ErrorOccurred += (_, _) => _closed = true;
        _client.Connect();
        _shell = _client.CreateShellStream("vt100", 200, 24, 0, 0, 65536);
        _shell.DataReceived += (_, e) =>
        {
            var text = Encoding.UTF8.GetString(e.Data);
            lock (_unread)
            {
                _unread.Append(text);
                _all.Append(text);
                Monitor.PulseAll(_unread);
            }
        };
        _shell.Closed += (_, _) => Close();
        _shell.ErrorOccurred += (_, _) => Close();
    }

    public static DeviceTerminal WithPassword(LabControllerEndpoint endpoint, string user, string password) =>
        new(endpoint, user, new PasswordAuthenticationMethod(user, password));

    public static DeviceTerminal WithKey(LabControllerEndpoint endpoint, string user, string keyFile) =>
        new(endpoint, user, new PrivateKeyAuthenticationMethod(user, new PrivateKeyFile(keyFile)));

    /// <summary>The host key fingerprint the client was shown, as ssh-keygen prints it.</summary>
    public string? SeenFingerprint { get; private set; }

    /// <summary>Everything received so far.</summary>
    public string Transcript
    {
        get
        {
            lock (_unread) return _all.ToString();
        }
    }

    public void Send(string text) => _shell.Write(text);

    /// <summary>Reads until the pattern matches; returns the text up to and including it.</summary>
    public string Expect(string pattern, TimeSpan? timeout = null)
    {
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow + (timeout ?? Wait);
        lock (_unread)
        {
            while (true)
            {
                var text = _unread.ToString();
                if (regex.Match(text) is { Success: true } m)
                {
                    _unread.Remove(0, m.Index + m.Length);
                    return text[..(m.Index + m.Length)];
                }
                var left = deadline - DateTime.UtcNow;
                var closedAndQuiet = _closed && !Monitor.Wait(_unread, 200);
                if (left <= TimeSpan.Zero || closedAndQuiet)
                {
                    throw new TimeoutException($"no /{pattern}/ {(closedAndQuiet ? "before the session closed" : $"within {(timeout ?? Wait).TotalSeconds:0} s")}; unread: [{Visible(_unread.ToString())}]");
                }
                if (_closed) continue;
                Monitor.Wait(_unread, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Sends a command with Enter and returns everything up to the next prompt ending in promptEnd.</summary>
    public string Run(string command, string promptEnd = "#")
    {
        Send(command + "\r");
        return Expect(Regex.Escape(promptEnd) + "$");
    }

    /// <summary>Output lines of a command: without the echo line and the closing prompt.</summary>
    public string[] Lines(string command, string promptEnd = "#")
    {
        var lines = Run(command, promptEnd).Split("\r\n");
        Assert.EndsWith(command, lines[0]);
        return lines[1..^1];
    }

    /// <summary>Whether the session ended (channel closed or connection lost) within the wait.</summary>
    public bool WaitClosed(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Wait);
        while (!_closed && DateTime.UtcNow < deadline) Thread.Sleep(25);
        return _closed;
    }

    public bool IsConnected => _client.IsConnected;

    private void Close()
    {
        _closed = true;
        lock (_unread) Monitor.PulseAll(_unread);
    }

    public static string Visible(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n\n").Replace("\b", "\\b");

    public void Dispose()
    {
        try
        {
            _shell.Dispose();
            _client.Dispose();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or Renci.SshNet.Common.SshException or System.Net.Sockets.SocketException)
        {
        }
    }
}
