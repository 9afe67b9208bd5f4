using System;
using System.Collections.Generic;

namespace EwcUpgrade.Host;

/// <summary>ewcupgrade's own switches; everything after -File's path belongs to the script.</summary>
internal sealed class CommandLine
{
    public const string Usage =
        "Usage: ewcupgrade [-NoModule] [-Verbose] -File <script.ps1> [script arguments]\n" +
        "       ewcupgrade [-NoModule] [-Verbose] -Command <text>     ('-Command -' reads the script from standard input)\n" +
        "       ewcupgrade -Version | -Help\n" +
        "Runs PowerShell on the engine embedded here, with the EwcUpgrade module imported (module/EwcUpgrade.psd1,\n" +
        "or the manifest named by EWCUPGRADE_MODULE). Only Microsoft.PowerShell.Core cmdlets and the module's own exist.\n" +
        "Exit code: the script's 'exit N'; otherwise 1 when any error was written, 0 when none; 130/143 when stopped\n" +
        "by Ctrl+C/SIGTERM; 64 for a usage error.";

    public string? File { get; private set; }
    public string? Command { get; private set; }
    public IReadOnlyList<string> ScriptArguments { get; private set; } = Array.Empty<string>();
    public bool NoModule { get; private set; }
    public bool Verbose { get; private set; }
    public bool ShowVersion { get; private set; }
    public bool ShowHelp { get; private set; }

    public static CommandLine Parse(string[] args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i].ToLowerInvariant())
            {
                case "-file" or "-f" when i + 1 < args.Length:
                    line.File = args[i + 1];
                    line.ScriptArguments = args[(i + 2)..];
                    return line;
                case "-command" or "-c" when i + 1 < args.Length:
                    line.Command = string.Join(" ", args[(i + 1)..]);
                    return line;
                case "-nomodule": line.NoModule = true; break;
                case "-verbose": line.Verbose = true; break;
                case "-version": line.ShowVersion = true; break;
                case "-help" or "-?" or "--help" or "-h": line.ShowHelp = true; break;
                default: throw new ArgumentException($"Unknown or incomplete option '{args[i]}'.");
            }
        }
        if (!line.ShowHelp && !line.ShowVersion) throw new ArgumentException("Give -File or -Command.");
        return line;
    }
}
