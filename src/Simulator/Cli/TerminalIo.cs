using System.Text;

namespace EwcUpgrade.Simulator.Cli;

/// <summary>The user left or the stream closed: the session ends.</summary>
internal sealed class SessionClosedException : Exception;

/// <summary>What one line of input was ended by.</summary>
internal enum LineEnd
{
    Enter,
    ControlC,
    ControlZ,
}

/// <summary>
/// The device's side of the terminal. On a pty (raw, no echo on the server) it echoes what is
/// typed, edits the line on backspace, ends lines with CRLF and pages long output at --More--;
/// without a pty (commands piped to ssh) it echoes nothing and ends lines with LF.
/// </summary>
internal sealed class TerminalIo
{
    private readonly Stream _stream;
    private readonly StringBuilder _pending = new();
    private readonly byte[] _in = new byte[4096];
    private int _inStart, _inEnd;
    private bool _swallowLf;

    public TerminalIo(Stream stream, bool pty)
    {
        _stream = stream;
        Pty = pty;
        NewLine = pty ? "\r\n" : "\n";
    }

    public bool Pty { get; }
    public string NewLine { get; }

    public void Write(string text) => _pending.Append(text);

    public void WriteLine(string text = "") => _pending.Append(text).Append(NewLine);

    public void Flush()
    {
        if (_pending.Length == 0) return;
        var bytes = Encoding.UTF8.GetBytes(_pending.ToString());
        _pending.Clear();
        _stream.Write(bytes, 0, bytes.Length);
        _stream.Flush();
    }

    /// <summary>A line as typed; null when the input ended before anything was typed.</summary>
    public (string? Text, LineEnd End) ReadLine(bool echo)
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = NextByte();
            if (b < 0) return (line.Length > 0 ? line.ToString() : null, LineEnd.Enter);
            var c = (char)b;
            switch (c)
            {
                case '\r' or '\n':
                    if (Pty) Write("\r\n");
                    return (line.ToString(), LineEnd.Enter);
                case '\b' or (char)0x7f:
                    if (line.Length == 0) break;
                    line.Length--;
                    if (echo && Pty) Write("\b \b");
                    break;
                case (char)0x15: // Ctrl+U: erase the line
                    if (echo && Pty) Write(string.Concat(Enumerable.Repeat("\b \b", line.Length)));
                    line.Clear();
                    break;
                case (char)0x03 or (char)0x1a:
                    if (Pty) Write("^" + (char)(c + 64) + "\r\n");
                    return ("", c == (char)0x03 ? LineEnd.ControlC : LineEnd.ControlZ);
                case (char)0x1b:
                    SkipEscapeSequence();
                    break;
                default:
                    if (c < ' ' || c >= (char)0x7f) break;
                    line.Append(c);
                    if (echo && Pty) Write(c.ToString());
                    break;
            }
        }
    }

    /// <summary>
    /// Prints lines, pausing every page at --More-- as IOS does: space shows the next page, Enter
    /// the next line, anything else stops. The pause is erased before the output goes on.
    /// </summary>
    public void Page(IReadOnlyList<string> lines, int terminalLength)
    {
        var perPage = Pty && terminalLength > 1 ? terminalLength - 1 : int.MaxValue;
        var left = perPage;
        for (var i = 0; i < lines.Count; i++)
        {
            WriteLine(lines[i]);
            if (--left > 0 || i == lines.Count - 1) continue;
            Write(DeviceText.More);
            var key = NextByte();
            if (key < 0) throw new SessionClosedException();
            var erase = new string('\b', DeviceText.More.Length);
            Write(erase + new string(' ', DeviceText.More.Length) + erase);
            if (key == ' ') left = perPage;
            else if (key is '\r' or '\n') left = 1;
            else return;
        }
    }

    private void SkipEscapeSequence()
    {
        // Arrow and function keys (ESC [ A, ESC O P, ...) are not line editing here: drop them whole.
        if (!HasInput()) return;
        var next = NextByte();
        if (next is not ('[' or 'O')) return;
        for (var b = NextByte(); b >= 0 && !(b >= 0x40 && b <= 0x7e); b = NextByte())
        {
        }
    }

    private bool HasInput() => _inStart < _inEnd;

    /// <summary>The next input byte, flushing pending output first; a LF right after a CR is one Enter.</summary>
    private int NextByte()
    {
        while (true)
        {
            if (_inStart == _inEnd)
            {
                Flush();
                _inEnd = _stream.Read(_in, 0, _in.Length);
                _inStart = 0;
                if (_inEnd <= 0)
                {
                    _inEnd = 0;
                    return -1;
                }
            }
            var b = _in[_inStart++];
            var swallow = _swallowLf && b == '\n';
            _swallowLf = b == '\r';
            if (!swallow) return b;
        }
    }
}
