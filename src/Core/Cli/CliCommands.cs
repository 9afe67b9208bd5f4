using System;
using System.Collections.Generic;
using System.Linq;

namespace EwcUpgrade.Cli;

/// <summary>
/// Every CLI line the module sends to a controller, in one place (reference: ewc-device.md §4–§5).
/// A release that spells one differently is fixed here and nowhere else.
/// </summary>
public static class CliCommands
{
    public const string TerminalLength = "terminal length 0";
    public const string TerminalWidth = "terminal width 511";
    public const string Enable = "enable";
    public const string ShowVersion = "show version";
    public const string ShowApSummary = "show ap summary";
    public const string ShowApImage = "show ap image";
    public const string ShowDownloadProfile = "show running-config | section image-download";
    public const string ConfigureTerminal = "configure terminal";
    public const string End = "end";
    public const string WriteMemory = "write memory";

    public const string DownloadProfile = "wireless profile image-download default";
    public static string DownloadMode(string mode) => "image-download-mode " + mode;
    public static string ImageServer(string mode, string address) => $"{mode}-image-server {address}";
    public static string ImagePath(string mode, string path) => $"{mode}-image-path {path}";
    public static string SftpUserName(string userName) => "sftp-username " + userName;
    /// <summary>`0` tells the device the password follows in clear text; it stores it encrypted.</summary>
    public static string SftpPassword(string password) => "sftp-password 0 " + password;
    public static string SftpPort(int port) => "sftp-port " + port;

    /// <summary>
    /// Whether a command only reads: a `show` (any unique abbreviation) whose output no `| redirect`,
    /// `| tee` or `| append` (or their abbreviations) writes to a file. Anything else changes the device.
    /// </summary>
    public static bool IsReadOnly(string command)
    {
        var parts = command.Split('|');
        var first = parts[0].Trim().Split(' ', '\t')[0];
        if (first.Length < 2 || !"show".StartsWith(first, StringComparison.OrdinalIgnoreCase)) return false;
        return parts.Skip(1).Select(p => p.Trim().Split(' ', '\t')[0])
            .All(filter => filter.Length == 0 || !FileSinks.Any(sink => sink.StartsWith(filter, StringComparison.OrdinalIgnoreCase)));
    }

    // Output filters that write files; no other filter (begin, count, exclude, format, include, section) shares their first letters.
    private static readonly string[] FileSinks = { "redirect", "tee", "append" };

    /// <summary>Device messages that mean the command failed (§4). Matched at the start of a line.</summary>
    public static readonly IReadOnlyList<string> ErrorMarkers = new[]
    {
        "% Invalid input", "% Incomplete command", "% Ambiguous command", "%ERROR", "% Error",
        "% Authorization failed", "% Unknown command", "% Bad ", "% Unrecognized",
    };
}
