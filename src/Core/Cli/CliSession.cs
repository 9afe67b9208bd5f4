using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace EwcUpgrade.Cli;

/// <summary>
/// A prompt-driven conversation with one controller: send a line, read until the device's prompt
/// comes back, hand over what it printed in between. Every read has a deadline; a device error
/// (`% Invalid input …`) becomes an EwcCommandException carrying the device's text; a pager pause
/// is answered even though paging is turned off at login. Secrets sent on the line (an SFTP
/// password) are masked in everything this class returns or throws, including the device's echo.
/// </summary>
internal sealed class CliSession : IDisposable
{
    // How often a wait looks at its cancellation token: a stop ends a read within this.
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);
    private const string Mask = "*****";

    private readonly ICliTransport _transport;
    private readonly string _target;
    private readonly List<string> _secrets = new();
    private Regex _prompt = CliPrompts.Any;
    private string _lastPrompt = "";

    public CliSession(ICliTransport transport, string target)
    {
        _transport = transport;
        _target = target;
    }

    /// <summary>The device's name as its prompt shows it.</summary>
    public string DeviceName { get; private set; } = "";
    /// <summary>Text printed before the first prompt (the login banner).</summary>
    public string Banner { get; private set; } = "";
    public bool IsClosed => _transport.IsClosed;

    /// <summary>Waits for the first prompt, enters privileged EXEC mode and turns paging off.</summary>
    public void Open(TimeSpan timeout, string? enablePassword, CancellationToken cancel = default)
    {
        var first = ReadUntil(CliPrompts.Any, timeout, "(login)", cancel);
        var match = CliPrompts.Any.Match(first);
        DeviceName = match.Groups["name"].Value;
        Banner = first.Substring(0, match.Index).Trim('\n', ' ');
        _prompt = CliPrompts.For(DeviceName);
        _lastPrompt = match.Value.TrimStart('\n');
        if (match.Groups["level"].Value == ">") Enable(timeout, enablePassword, cancel);
        Execute(CliCommands.TerminalLength, timeout, cancel);
        Execute(CliCommands.TerminalWidth, timeout, cancel);
    }

    /// <summary>Runs one command and returns its output: no echo, no prompt, CRs and pager remnants removed.</summary>
    /// <remarks>
    /// A cancelled <paramref name="cancel"/> ends the wait within ~100 ms with an
    /// OperationCanceledException; the device may still be answering, so the caller must not send
    /// another command on this connection (EwcSession discards it).
    /// </remarks>
    public string Execute(string command, TimeSpan timeout, CancellationToken cancel = default)
    {
        // One line is one command: a line break would run a second, unchecked one.
        if (command.IndexOfAny(new[] { '\r', '\n' }) >= 0) throw new EwcCommandRefusedException($"A command is one line; '{Redact(command.Replace("\r", "\\r").Replace("\n", "\\n"))}' holds a line break.");
        _ = _transport.ReadAvailable(); // stray output of an earlier timeout must not precede this answer
        _transport.Write(command + "\r");
        var text = ReadUntil(_prompt, timeout, command, cancel);
        var prompt = _prompt.Match(text);
        var body = text.Substring(0, prompt.Index);
        var promptBefore = _lastPrompt;
        _lastPrompt = prompt.Value.TrimStart('\n');
        var lines = body.Split('\n').ToList();
        if (lines.Count > 0 && lines[0].TrimEnd().EndsWith(command.Trim(), StringComparison.Ordinal)) lines.RemoveAt(0);
        ThrowOnDeviceError(command, promptBefore, lines);
        return Redact(string.Join("\n", lines));
    }

    /// <summary>
    /// Runs a command that may ask questions and may end in a reload (`install activate`): each
    /// question <paramref name="answerFor"/> knows is answered (an unknown one waits for the prompt
    /// and times out); a connection that closes once <paramref name="isReloading"/> saw its marker,
    /// or right after an answer, is the reload, not a failure. Returns the output and whether the
    /// connection went down with it; device errors throw as for <see cref="Execute"/>.
    /// </summary>
    public InteractiveOutput ExecuteInteractive(string command, Func<string, string?> answerFor, Func<string, bool> isReloading, TimeSpan timeout, CancellationToken cancel = default)
    {
        if (command.IndexOfAny(new[] { '\r', '\n' }) >= 0) throw new EwcCommandRefusedException($"A command is one line; '{Redact(command)}' holds a line break.");
        _ = _transport.ReadAvailable();
        _transport.Write(command + "\r");
        var all = new StringBuilder();
        var received = new StringBuilder();
        var answered = 0;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var chunk = _transport.ReadAvailable();
            if (chunk.Length > 0)
            {
                received.Append(chunk);
                var text = TerminalText.Clean(received.ToString());
                if (_prompt.IsMatch(text))
                {
                    var prompt = _prompt.Match(text);
                    var promptBefore = _lastPrompt;
                    _lastPrompt = prompt.Value.TrimStart('\n');
                    all.Append(text.Substring(0, prompt.Index));
                    var lines = all.ToString().Split('\n').ToList();
                    if (lines.Count > 0 && lines[0].TrimEnd().EndsWith(command.Trim(), StringComparison.Ordinal)) lines.RemoveAt(0);
                    ThrowOnDeviceError(command, promptBefore, lines);
                    return new InteractiveOutput(Redact(string.Join("\n", lines)), connectionClosed: false);
                }
                if (answered < 8 && answerFor(text) is { } answer)
                {
                    all.Append(text).Append('\n');
                    received.Clear();
                    answered++;
                    _transport.Write(answer + "\r");
                }
                continue;
            }
            if (_transport.IsClosed)
            {
                var text = all.Append(TerminalText.Clean(received.ToString())).ToString();
                if (answered > 0 || isReloading(text)) return new InteractiveOutput(Redact(text), connectionClosed: true);
                throw new EwcConnectionException($"The connection to {_target} closed while running '{Redact(command)}'" + (text.Length > 0 ? " (part of its output had arrived)." : "."));
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new EwcTimeoutException($"{_target} did not finish '{Redact(command)}' within {timeout.TotalSeconds:0.#} s (no prompt came back).");
            }
            _transport.WaitForData(left < s_poll ? left : s_poll);
        }
    }

    /// <summary>The mode the last prompt showed: "" in EXEC, "config", "config-wireless-…".</summary>
    public string Mode => _prompt.Match(_lastPrompt) is { Success: true } m ? m.Groups["mode"].Value : "";

    /// <summary>Whether the last prompt was privileged EXEC (NAME#), where every command of the module starts.</summary>
    public bool InPrivilegedExec => _prompt.Match(_lastPrompt) is { Success: true } m && m.Groups["mode"].Value.Length == 0 && m.Groups["level"].Value == "#";

    /// <summary>
    /// Brings the session back to privileged EXEC: `end` out of any configuration mode, `enable`
    /// after a `disable`. A command left the device elsewhere would make every later command of
    /// every cmdlet sharing the session fail.
    /// </summary>
    public void ReturnToPrivilegedExec(TimeSpan timeout, string? enablePassword, CancellationToken cancel = default)
    {
        if (Mode.Length > 0) Execute(CliCommands.End, timeout, cancel);
        if (_prompt.Match(_lastPrompt) is { Success: true } m && m.Groups["level"].Value == ">") Enable(timeout, enablePassword, cancel);
    }

    public void AddSecret(string secret)
    {
        if (!string.IsNullOrEmpty(secret) && !_secrets.Contains(secret)) _secrets.Add(secret);
    }

    public string Redact(string text) => _secrets.Aggregate(text, (t, s) => t.Replace(s, Mask));

    private void Enable(TimeSpan timeout, string? enablePassword, CancellationToken cancel)
    {
        _transport.Write(CliCommands.Enable + "\r");
        var either = new Regex(CliPrompts.Password + "|" + _prompt);
        var text = ReadUntil(either, timeout, CliCommands.Enable, cancel);
        if (CliPrompts.Password.IsMatch(text))
        {
            if (string.IsNullOrEmpty(enablePassword))
            {
                throw new EwcCommandException(_target, CliCommands.Enable, "the account lands in user EXEC mode and the device asks for an enable secret; give one (-EnableCredential).");
            }
            AddSecret(enablePassword!);
            _transport.Write(enablePassword + "\r");
            text = ReadUntil(either, timeout, CliCommands.Enable, cancel);
            // A wrong secret gets the question again (IOS asks three times): say so now, not after the timeout.
            if (CliPrompts.Password.IsMatch(text)) throw new EwcCommandException(_target, CliCommands.Enable, "the device refused the enable secret.");
        }
        var match = _prompt.Match(text);
        _lastPrompt = match.Value.TrimStart('\n');
        if (match.Groups["level"].Value != "#")
        {
            throw new EwcCommandException(_target, CliCommands.Enable, Redact(text.Trim()) + " (still not in privileged EXEC mode)");
        }
    }

    private string ReadUntil(Regex prompt, TimeSpan timeout, string command, CancellationToken cancel = default)
    {
        var received = new StringBuilder();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancel.ThrowIfCancellationRequested(); // also between chunks: a device that keeps printing is still stoppable
            var chunk = _transport.ReadAvailable();
            if (chunk.Length > 0)
            {
                received.Append(chunk);
                var text = TerminalText.Clean(received.ToString());
                if (CliPrompts.More.IsMatch(text))
                {
                    received.Clear().Append(CliPrompts.More.Replace(text, ""));
                    _transport.Write(" ");
                    continue;
                }
                if (prompt.IsMatch(text)) return text;
                continue; // more may already be waiting
            }
            if (_transport.IsClosed)
            {
                throw new EwcConnectionException($"The connection to {_target} closed while running '{Redact(command)}'" +
                    (received.Length > 0 ? " (part of its output had arrived)." : "."));
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new EwcTimeoutException($"{_target} did not finish '{Redact(command)}' within {timeout.TotalSeconds:0.#} s (no prompt came back).");
            }
            _transport.WaitForData(left < s_poll ? left : s_poll);
        }
    }

    private void ThrowOnDeviceError(string command, string promptBefore, List<string> lines)
    {
        var at = lines.FindIndex(l => CliCommands.ErrorMarkers.Any(m => l.TrimStart().StartsWith(m, StringComparison.Ordinal)));
        if (at < 0) return;
        // The caret line points into "prompt + command": show both so the caret lands on the bad word.
        var text = string.Join("\n", new[] { promptBefore + command }.Concat(lines.Skip(Math.Max(0, at - 1)).Where(l => l.Trim().Length > 0)));
        throw new EwcCommandException(_target, Redact(command), Redact(text));
    }

    public void Dispose() => _transport.Dispose();
}

/// <summary>What an interactive command printed, and whether the connection closed with it (a reload).</summary>
public sealed class InteractiveOutput
{
    public InteractiveOutput(string text, bool connectionClosed)
    {
        Text = text;
        ConnectionClosed = connectionClosed;
    }

    public string Text { get; }
    public bool ConnectionClosed { get; }
}
