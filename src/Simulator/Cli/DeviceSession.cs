using System.Globalization;
using System.Text;
using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Cli;

/// <summary>Thrown to end a session: the user left, or a fault drops the connection.</summary>
internal sealed class SessionEnded : Exception
{
    public SessionEnded(bool dropped) => Dropped = dropped;
    public bool Dropped { get; }
}

/// <summary>
/// One SSH session's conversation with a simulated controller: the device echoes and edits the
/// line itself (the pty is raw), prints CRLF, pauses long output at --More-- until paging is off,
/// and answers errors the IOS way with a caret under the first bad word.
/// </summary>
internal sealed class DeviceSession
{
    private const string More = " --More-- ";
    private readonly Stream _io;
    private readonly bool _pty;
    private readonly string _user;
    private readonly string _newLine;
    private CliMode _mode;
    private int _terminalLength = 24;
    private bool _configChanged;
    private OutputFilter? _filter;
    private string? _dropAfterHalf;
    private readonly byte[] _one = new byte[1];
    private bool _lastWasCr;

    public DeviceSession(SimulatedController controller, Stream io, bool pty, string user)
    {
        Controller = controller;
        _io = io;
        _pty = pty;
        _user = user;
        _newLine = pty ? "\r\n" : "\n";
        _mode = (controller.User(user)?.Privilege ?? 1) >= 15 ? CliMode.PrivilegedExec : CliMode.UserExec;
    }

    public SimulatedController Controller { get; }

    /// <summary>Runs until the user exits or the connection closes.</summary>
    public void Run()
    {
        try
        {
            if (Controller.User(_user) == null)
            {
                Write("% Authorization failed." + _newLine);
                return;
            }
            if (Controller.Definition.Banner is { } banner) Write(_newLine + banner.TrimEnd().Replace("\n", _newLine) + _newLine);
            Write(_newLine);
            while (true)
            {
                var prompt = Prompt();
                Write(prompt);
                var line = ReadLine(echo: true);
                if (line == null) return;
                Execute(prompt, line);
            }
        }
        catch (SessionEnded)
        {
        }
        catch (IOException)
        {
            // The client went away.
        }
    }

    private string Prompt()
    {
        var name = Controller.Hostname;
        var configName = name.Length > 20 ? name[..20] : name;
        return _mode switch
        {
            CliMode.UserExec => name + ">",
            CliMode.PrivilegedExec => name + "#",
            CliMode.Config => configName + "(config)#",
            CliMode.Profile => configName + "(config-wireless-image-download-profile)#",
            CliMode.ProfileTftp => configName + "(config-wireless-image-download-profile-tftp)#",
            _ => configName + "(config-wireless-image-download-profile-sftp)#",
        };
    }

    private void Execute(string prompt, string line)
    {
        var pipe = line.IndexOf('|');
        var commandText = pipe >= 0 ? line[..pipe] : line;
        var words = commandText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return;
        if (Controller.Definition.Faults.DelayMs > 0) Thread.Sleep(Controller.Definition.Faults.DelayMs);
        _filter = null;
        if (pipe >= 0)
        {
            _filter = OutputFilter.Parse(line[(pipe + 1)..], out var pipeError);
            if (_filter == null)
            {
                if (pipeError!.Contains('^')) Caret(prompt.Length + pipe + 2);
                WriteLine(pipeError);
                return;
            }
        }
        var match = CommandMatcher.Match(CommandTable.For(_mode), words);
        if (match.Ambiguous)
        {
            WriteLine($"% Ambiguous command:  \"{line.Trim()}\"");
            return;
        }
        if (match.Incomplete)
        {
            WriteLine("% Incomplete command.");
            WriteLine("");
            return;
        }
        if (match.Command == null)
        {
            Caret(prompt.Length + WordColumn(commandText, match.BadWord));
            WriteLine("% Invalid input detected at '^' marker.");
            WriteLine("");
            return;
        }
        if (pipe >= 0 && !match.Words[0].Equals("show", StringComparison.OrdinalIgnoreCase))
        {
            Caret(prompt.Length + pipe);
            WriteLine("% Invalid input detected at '^' marker.");
            return;
        }
        var canonical = string.Join(' ', match.Words);
        _dropAfterHalf = Controller.Definition.Faults.DropOn.FirstOrDefault(d => d.Equals(canonical, StringComparison.OrdinalIgnoreCase) || d.Equals(line.Trim(), StringComparison.OrdinalIgnoreCase));
        match.Command.Run(this, match.Words);
        if (_dropAfterHalf != null) throw new SessionEnded(dropped: true); // a command without output still drops
    }

    private static int WordColumn(string text, int word)
    {
        var column = 0;
        for (var i = 0; i <= word; i++)
        {
            while (column < text.Length && text[column] == ' ') column++;
            if (i == word) return column;
            while (column < text.Length && text[column] != ' ') column++;
        }
        return column;
    }

    private void Caret(int column) => WriteLine(new string(' ', column) + "^");

    // ---- the commands' effects (called from CommandTable) ----

    public void Print(IReadOnlyList<string> lines)
    {
        if (_filter != null) lines = _filter.Apply(lines);
        if (_dropAfterHalf != null)
        {
            foreach (var line in lines.Take(lines.Count / 2)) WriteLine(line);
            _io.Flush();
            throw new SessionEnded(dropped: true);
        }
        var perPage = _pty && _terminalLength > 0 ? _terminalLength - 1 : int.MaxValue;
        var shown = 0;
        var pageLeft = perPage;
        while (shown < lines.Count)
        {
            WriteLine(lines[shown++]);
            if (--pageLeft > 0 || shown >= lines.Count) continue;
            Write(More);
            var key = ReadKey();
            Write(new string('\b', More.Length) + new string(' ', More.Length) + new string('\b', More.Length));
            if (key == ' ') pageLeft = perPage;
            else if (key is '\r' or '\n') pageLeft = 1;
            else return;
        }
    }

    public void Enable()
    {
        if (_mode != CliMode.UserExec) return;
        var secret = Controller.Definition.EnableSecret;
        if (secret != null)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                Write("Password: ");
                var given = ReadLine(echo: false);
                if (given == null) throw new SessionEnded(false);
                if (given == secret)
                {
                    _mode = CliMode.PrivilegedExec;
                    return;
                }
            }
            WriteLine("% Bad secrets");
            WriteLine("");
            return;
        }
        _mode = CliMode.PrivilegedExec;
    }

    public void Disable() => _mode = CliMode.UserExec;

    public void SetTerminalLength(string value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 512) _terminalLength = n;
        else InvalidArgument("terminal length ".Length, value);
    }

    public void SetTerminalWidth(string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 0 or > 512) InvalidArgument("terminal width ".Length, value);
    }

    private void InvalidArgument(int column, string value)
    {
        Caret(Prompt().Length + column);
        WriteLine("% Invalid input detected at '^' marker.");
    }

    public void EnterConfig()
    {
        WriteLine("Enter configuration commands, one per line.  End with CNTL/Z.");
        _mode = CliMode.Config;
    }

    public void EnterMode(CliMode mode) => _mode = mode;

    public void ExitMode() => _mode = _mode switch
    {
        CliMode.Config => CliMode.PrivilegedExec,
        CliMode.Profile or CliMode.ProfileTftp or CliMode.ProfileSftp => CliMode.Config,
        _ => _mode,
    };

    public void End()
    {
        _mode = CliMode.PrivilegedExec;
        if (_configChanged) Controller.Log($"%SYS-5-CONFIG_I: Configured from console by {_user} on vty0 (127.0.0.1)");
        _configChanged = false;
    }

    public void Exit()
    {
        throw new SessionEnded(dropped: false);
    }

    public void WriteMemory()
    {
        WriteLine("Building configuration...");
        WriteLine("[OK]");
    }

    public void Unsupported() => WriteLine("% This command is not supported by the lab simulator.");

    public void SetDownloadMode(string mode)
    {
        ChangeProfile(p => p.Mode = mode.ToLowerInvariant());
        _mode = mode.ToLowerInvariant() switch
        {
            "tftp" => CliMode.ProfileTftp,
            "sftp" => CliMode.ProfileSftp,
            _ => CliMode.Profile,
        };
    }

    public void ChangeProfile(Action<ProfileState> change)
    {
        Controller.Change(change);
        _configChanged = true;
    }

    public void SetSftpPassword(string type, string password) =>
        ChangeProfile(p => p.SftpPasswordEncrypted = type == "8" ? password : ProfileState.Encrypt(password));

    public void SetSftpPort(string value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535) ChangeProfile(p => p.SftpPort = port);
        else InvalidArgument("sftp-port ".Length, value);
    }

    // ---- the terminal ----

    private void Write(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        _io.Write(bytes, 0, bytes.Length);
        _io.Flush();
    }

    private void WriteLine(string text) => Write(text + _newLine);

    private int ReadByte()
    {
        var n = _io.Read(_one, 0, 1);
        return n == 0 ? -1 : _one[0];
    }

    private char ReadKey()
    {
        var b = ReadByte();
        if (b < 0) throw new SessionEnded(false);
        return (char)b;
    }

    /// <summary>A line as typed: echoed on a pty, backspace edits, CR, LF or CRLF ends it; null at end of input.</summary>
    private string? ReadLine(bool echo)
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = ReadByte();
            if (b < 0) return line.Length > 0 ? line.ToString() : null;
            var c = (char)b;
            if (c == '\n' && _lastWasCr)
            {
                _lastWasCr = false;
                continue;
            }
            _lastWasCr = c == '\r';
            switch (c)
            {
                case '\r':
                case '\n':
                    if (_pty) Write("\r\n");
                    return line.ToString();
                case '\b':
                case (char)0x7f:
                    if (line.Length > 0)
                    {
                        line.Length--;
                        if (echo && _pty) Write("\b \b");
                    }
                    break;
                case (char)0x03: // Ctrl+C: abandon the line
                case (char)0x1a: // Ctrl+Z: like end
                    if (_pty) Write("^" + (char)(c + 64) + "\r\n");
                    if (c == (char)0x1a && _mode >= CliMode.Config) End();
                    return "";
                default:
                    if (c >= ' ' && c < 0x7f)
                    {
                        line.Append(c);
                        if (echo && _pty) Write(c.ToString());
                    }
                    break;
            }
        }
    }
}
