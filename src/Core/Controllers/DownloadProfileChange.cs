using System;
using System.Collections.Generic;
using System.Net;
using EwcUpgrade.Cli;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Controllers;

/// <summary>The image-download profile a controller should have.</summary>
public sealed class DownloadProfileRequest
{
    public DownloadProfileRequest(ImageServerProtocol mode, string server, string imagePath)
    {
        if (string.IsNullOrWhiteSpace(server)) throw new ArgumentException("The image server's address is required.", nameof(server));
        if (string.IsNullOrWhiteSpace(imagePath)) throw new ArgumentException("The image path is required.", nameof(imagePath));
        if (server.IndexOfAny(new[] { ' ', '\t', '\r', '\n' }) >= 0) throw new ArgumentException($"The image server '{server}' contains white space.", nameof(server));
        if (imagePath.IndexOfAny(new[] { ' ', '\t', '\r', '\n' }) >= 0) throw new ArgumentException($"The image path '{imagePath}' contains white space, which the device's CLI cannot take.", nameof(imagePath));
        Mode = mode;
        Server = server.Trim();
        ImagePath = imagePath.Trim();
    }

    public ImageServerProtocol Mode { get; }
    public string Server { get; }
    public string ImagePath { get; }
    /// <summary>SFTP login the controller uses on the server.</summary>
    public NetworkCredential? Credential { get; set; }
    /// <summary>SFTP port; null leaves the device's (default 22).</summary>
    public int? Port { get; set; }
    /// <summary>Send every line even when the profile already matches.</summary>
    public bool Force { get; set; }
}

/// <summary>The CLI lines that take a profile from what it is to what was asked; none when it already is.</summary>
public sealed class DownloadProfileChange
{
    private DownloadProfileChange(IReadOnlyList<string> lines, IReadOnlyList<string> displayLines, IReadOnlyList<string> secrets)
    {
        Lines = lines;
        DisplayLines = displayLines;
        Secrets = secrets;
    }

    /// <summary>What goes to the device (may hold the SFTP password in clear text: never print these).</summary>
    internal IReadOnlyList<string> Lines { get; }
    /// <summary>The same lines with the password masked: for -WhatIf, verbose output and logs.</summary>
    public IReadOnlyList<string> DisplayLines { get; }
    internal IReadOnlyList<string> Secrets { get; }
    public bool IsEmpty => Lines.Count == 0;

    /// <summary>
    /// Plans the change: the profile line, the mode line (which enters the mode's sub-mode), then
    /// only the settings that differ. The device shows the SFTP password only encrypted, so it cannot be compared:
    /// a password given is always sent, or a new one would silently never reach the controller.
    /// </summary>
    public static DownloadProfileChange Plan(ImageDownloadProfile current, DownloadProfileRequest wanted)
    {
        var mode = wanted.Mode.Keyword();
        var force = wanted.Force || !(current.Configured && current.Mode == wanted.Mode);
        var settings = new List<(string Line, string Shown)>();
        var secrets = new List<string>();
        if (force || current.Server != wanted.Server) settings.Add(Plain(CliCommands.ImageServer(mode, wanted.Server)));
        if (force || current.ImagePath != wanted.ImagePath) settings.Add(Plain(CliCommands.ImagePath(mode, wanted.ImagePath)));
        if (wanted.Mode == ImageServerProtocol.Sftp)
        {
            var user = wanted.Credential?.UserName;
            if (string.IsNullOrEmpty(user)) throw new ArgumentException("SFTP needs a credential: the user name and password the controller logs in to the server with.");
            if (force || current.Username != user) settings.Add(Plain(CliCommands.SftpUserName(user!)));
            if (wanted.Port is { } port && (force || current.Port != port)) settings.Add(Plain(CliCommands.SftpPort(port)));
            var password = wanted.Credential!.Password;
            if (!string.IsNullOrEmpty(password))
            {
                settings.Add((CliCommands.SftpPassword(password), CliCommands.SftpPassword("********")));
                secrets.Add(password);
            }
        }
        if (settings.Count == 0) return new DownloadProfileChange(Array.Empty<string>(), Array.Empty<string>(), secrets);
        // The setting lines exist only in the mode's sub-mode, which the mode line enters.
        settings.InsertRange(0, new[] { Plain(CliCommands.DownloadProfile), Plain(CliCommands.DownloadMode(mode)) });
        return new DownloadProfileChange(settings.ConvertAll(x => x.Line), settings.ConvertAll(x => x.Shown), secrets);
    }

    private static (string Line, string Shown) Plain(string line) => (line, line);
}
