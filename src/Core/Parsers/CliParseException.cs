using System;

namespace EwcUpgrade.Parsers;

/// <summary>Output the parser did not understand; carries the device's own line so the user can see it.</summary>
public sealed class CliParseException : FormatException
{
    public CliParseException(string command, string problem, string line)
        : base($"Cannot read the output of '{command}': {problem}: \"{line.Trim()}\"")
    {
        Command = command;
        Line = line;
    }

    public string Command { get; }
    public string Line { get; }
}
