using System.Globalization;
using System.Text.RegularExpressions;
using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Cli;

/// <summary>The lab's dropOn fault fired: about half the output went out; the connection must now be cut.</summary>
internal sealed class ConnectionDropException : Exception;

/// <summary>
/// One SSH session's conversation with a simulated controller: prompts by mode, commands matched
/// the IOS way, errors with a caret under the first bad word, and the effects of each command.
/// </summary>
internal sealed class DeviceSession
{
    private readonly TerminalIo _io;
    private readonly string _user;
    private CliMode _mode;
    private int _terminalLength = 24;
    private OutputFilter? _filter;
    private bool _dropThisCommand;

    public DeviceSession(SimulatedController controller, TerminalIo io, string user)
    {
        Controller = controller;
        _io = io;
        _user = user;
        _mode = controller.Definition.User(user)?.Privilege >= 15 ? CliMode.PrivilegedExec : CliMode.UserExec;
    }

    public SimulatedController Controller { get; }

    /// <summary>Runs until the user exits or the input ends; throws ConnectionDropException for the fault.</summary>
    public void Run()
    {
        try
        {
            if (Controller.Definition.User(_user) == null)
            {
                _io.WriteLine(DeviceText.AuthorizationFailed);
                return;
            }
            if (Controller.Definition.Banner is { } banner)
            {
                _io.WriteLine();
                foreach (var line in banner.TrimEnd().Split('\n')) _io.WriteLine(line.TrimEnd('\r'));
            }
            _io.WriteLine();
            while (true)
            {
                var prompt = Prompt();
                _io.Write(prompt);
                var (line, end) = _io.ReadLine(echo: true);
                if (line == null) return;
                if (end == LineEnd.ControlZ && _mode >= CliMode.Config) End();
                if (end != LineEnd.Enter) continue;
                Execute(prompt, line);
            }
        }
        catch (SessionClosedException)
        {
        }
        finally
        {
            try
            {
                _io.Flush();
            }
            catch (IOException)
            {
            }
        }
    }

    private string Prompt()
    {
        var name = Controller.Hostname;
        var cut = name.Length > DeviceText.ConfigPromptNameLength ? name[..DeviceText.ConfigPromptNameLength] : name;
        return _mode switch
        {
            CliMode.UserExec => name + DeviceText.UserExecPrompt,
            CliMode.PrivilegedExec => name + DeviceText.PrivilegedPrompt,
            CliMode.Config => cut + DeviceText.ConfigPrompt,
            CliMode.Profile => cut + DeviceText.ProfilePrompt,
            CliMode.ProfileTftp => cut + DeviceText.ProfileTftpPrompt,
            _ => cut + DeviceText.ProfileSftpPrompt,
        };
    }

    private void Execute(string prompt, string line)
    {
        var pipe = line.IndexOf('|');
        var command = pipe >= 0 ? line[..pipe] : line;
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return;
        if (Controller.Definition.Faults.DelayMs > 0) Thread.Sleep(Controller.Definition.Faults.DelayMs);
        _filter = null;
        if (pipe >= 0)
        {
            _filter = OutputFilter.Parse(line[(pipe + 1)..], out var error, out var offset);
            if (_filter == null)
            {
                if (offset >= 0) Caret(prompt.Length + pipe + 1 + offset);
                _io.WriteLine(error!);
                _io.WriteLine();
                return;
            }
        }
        var (match, mode) = Match(words);
        if (match.Ambiguous)
        {
            _io.WriteLine(DeviceText.AmbiguousCommand(line.Trim()));
            return;
        }
        if (match.Incomplete)
        {
            _io.WriteLine(DeviceText.IncompleteCommand);
            _io.WriteLine();
            return;
        }
        if (match.Command == null || pipe >= 0 && !match.Words[0].Equals("show", StringComparison.OrdinalIgnoreCase))
        {
            Caret(prompt.Length + (match.Command == null ? WordColumn(command, match.BadWord) : pipe));
            _io.WriteLine(DeviceText.InvalidInput);
            _io.WriteLine();
            return;
        }
        // The expanded words, so an abbreviated or filtered command drops as well (LabReader single-spaces dropOn).
        var expanded = string.Join(' ', match.Words);
        _dropThisCommand = Controller.Definition.Faults.DropOn.Contains(expanded, StringComparer.OrdinalIgnoreCase);
        try
        {
            _mode = mode;
            match.Command.Run(this, match.Words);
        }
        catch (BadWordException bad)
        {
            Caret(prompt.Length + WordColumn(command, bad.Index));
            _io.WriteLine(DeviceText.InvalidInput);
            _io.WriteLine();
        }
        catch (RegexMatchTimeoutException)
        {
            // The user's `| include` pattern backtracks without end; the session itself is fine.
            _io.WriteLine(DeviceText.RegexTimedOut);
            _io.WriteLine();
        }
        if (_dropThisCommand) throw new ConnectionDropException(); // a command without output drops too
    }

    /// <summary>The line in this mode, else (for a config sub-mode) in the modes around it, as IOS does.</summary>
    private (CommandMatch Match, CliMode Mode) Match(string[] words)
    {
        var first = CommandMatcher.Match(CommandTable.For(_mode), words);
        if (!first.Invalid) return (first, _mode);
        for (var parent = CommandTable.Parent(_mode); parent is { } p; parent = CommandTable.Parent(p))
        {
            var outer = CommandMatcher.Match(CommandTable.For(p), words);
            if (outer.Command != null) return (outer, p);
        }
        return (first, _mode);
    }

    private static int WordColumn(string text, int word)
    {
        var column = 0;
        for (var i = 0; ; i++)
        {
            while (column < text.Length && text[column] == ' ') column++;
            if (i == word || column >= text.Length) return column;
            while (column < text.Length && text[column] != ' ') column++;
        }
    }

    private void Caret(int column) => _io.WriteLine(new string(' ', column) + "^");

    // ---- what the commands do (CommandTable calls these) ----

    public void Print(IReadOnlyList<string> lines)
    {
        if (_filter != null) lines = _filter.Apply(lines);
        if (_dropThisCommand)
        {
            foreach (var line in lines.Take(lines.Count / 2)) _io.WriteLine(line);
            _io.Flush();
            throw new ConnectionDropException();
        }
        _io.Page(lines, _terminalLength);
    }

    /// <summary>Console lines of an install command, sent at once (a reload may cut the session right after).</summary>
    public void PrintNow(IReadOnlyList<string> lines)
    {
        Print(lines);
        _io.Flush();
    }

    /// <summary>`install activate`: the device's [y/n]; on y the reload starts and this session drops with the others.</summary>
    public void InstallActivate()
    {
        if (Controller.Install.CannotActivate() is { } refused)
        {
            PrintNow([refused]);
            return;
        }
        _io.Write(DeviceText.ReloadConfirm);
        var (answer, _) = _io.ReadLine(echo: true);
        if (answer == null) throw new SessionClosedException();
        if (!answer.Trim().Equals("y", StringComparison.OrdinalIgnoreCase) && !answer.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase)) return;
        PrintNow(Controller.Install.Activate());
    }

    public void Enable()
    {
        if (_mode != CliMode.UserExec) return;
        var secret = Controller.Definition.EnableSecret;
        for (var attempt = 0; secret != null && attempt < 3; attempt++)
        {
            _io.Write(DeviceText.EnablePassword);
            var (given, _) = _io.ReadLine(echo: false);
            if (given == null) throw new SessionClosedException();
            if (given == secret)
            {
                _mode = CliMode.PrivilegedExec;
                return;
            }
        }
        if (secret != null)
        {
            _io.WriteLine(DeviceText.BadSecrets);
            _io.WriteLine();
            return;
        }
        _mode = CliMode.PrivilegedExec;
    }

    public void Disable() => _mode = CliMode.UserExec;

    public void SetTerminalLength(string value) => _terminalLength = Number(value, 2, 0, 512);

    public void SetTerminalWidth(string value) => Number(value, 2, 0, 512);

    public void EnterConfig()
    {
        _io.WriteLine(DeviceText.EnterConfiguration);
        _mode = CliMode.Config;
    }

    public void EnterMode(CliMode mode) => _mode = mode;

    /// <summary>`exit` in a config mode (the only modes whose table has it): one mode out.</summary>
    public void ExitMode() => _mode = CommandTable.Parent(_mode) ?? CliMode.PrivilegedExec;

    public void End() => _mode = CliMode.PrivilegedExec;

    public void Exit() => throw new SessionClosedException();

    public void WriteMemory()
    {
        _io.WriteLine(DeviceText.BuildingConfiguration);
        _io.WriteLine(DeviceText.Ok);
    }

    public void SetDownloadMode(string mode)
    {
        mode = mode.ToLowerInvariant();
        ChangeProfile(p => p.Mode = mode);
        _mode = mode switch
        {
            "tftp" => CliMode.ProfileTftp,
            "sftp" => CliMode.ProfileSftp,
            _ => CliMode.Profile,
        };
    }

    /// <summary>Each configuration change is logged as the device logs it (CONFIG_I).</summary>
    public void ChangeProfile(Action<DownloadProfile> change)
    {
        Controller.ChangeProfile(change);
        Controller.Log(DeviceText.ConfiguredFrom(_user));
    }

    public void SetSftpPassword(string type, string password)
    {
        var secret = type == "8" ? password : DownloadProfile.TypeEightSecret(password);
        var clear = type == "8" ? null : password;
        ChangeProfile(p => (p.SftpPasswordSecret, p.SftpPasswordClear) = (secret, clear));
    }

    public void SetSftpPort(string value)
    {
        var port = Number(value, 1, 1, 65535);
        ChangeProfile(p => p.SftpPort = port);
    }

    private static int Number(string text, int wordIndex, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : throw new BadWordException(wordIndex);
}
