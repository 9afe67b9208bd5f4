using System.Globalization;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>What one fetch gave: the file on disk and its size, or the device's reason it failed.</summary>
public sealed record FetchResult(string? LocalFile, long Size, string? Failure)
{
    public bool Ok => Failure == null;
    public static FetchResult Failed(string reason) => new(null, 0, reason);
}

/// <summary>
/// The image server of the download profile, as the simulated EWC reaches it: real transfers
/// (TftpFetch with curl, SftpFetch with SSH.NET), never scripted outcomes. Urls are the device's
/// log form, with the password masked.
/// </summary>
public abstract class ImageSource
{
    protected ImageSource(string server, string path, InstallDefinition install, LabClock clock)
    {
        Server = server;
        Folder = path.TrimEnd('/');
        Install = install;
        Clock = clock;
    }

    public string Server { get; }
    /// <summary>The profile's path as given: absolute for TFTP (/EWC/17_9_4a), often relative for SFTP.</summary>
    public string Folder { get; }
    protected InstallDefinition Install { get; }
    protected LabClock Clock { get; }

    /// <summary>
    /// The device's timeout in real time, but never under MinimumTimeout: a fast lab clock must not
    /// take a busy machine's slow SSH login (seconds under load) for a dead server.
    /// </summary>
    protected TimeSpan Timeout
    {
        get
        {
            var scaled = Clock.RealSeconds(Install.TimeoutSeconds);
            return scaled < MinimumTimeout ? MinimumTimeout : scaled;
        }
    }

    public static readonly TimeSpan MinimumTimeout = TimeSpan.FromSeconds(5);

    public abstract string Scheme { get; }

    /// <summary>The method `show ap image` shows for an AP that fetches from this server itself. [U]</summary>
    public string Method => Scheme.ToUpperInvariant();

    /// <summary>The file's path on the server: the seed's EWC asked for &lt;path&gt;/&lt;image type&gt;.</summary>
    protected string RemotePath(string file) => Folder.Length == 0 ? file : Folder + "/" + file;

    /// <summary>As the seed's syslog shows it: tftp://172.16.5.27/EWC/17_9_4a/ap1g6, sftp://*****@172.16.5.62/Documents/…/ap3g3.</summary>
    public abstract string Url(string file);

    public abstract FetchResult Fetch(string file, string localFile, CancellationToken cancel);

    /// <summary>The profile's server, or why install add cannot start.</summary>
    public static ImageSource? From(DownloadProfile p, InstallDefinition install, LabClock clock)
    {
        if (p.Mode == "tftp" && !string.IsNullOrEmpty(p.TftpServer) && !string.IsNullOrEmpty(p.TftpPath))
        {
            return new TftpFetch(p.TftpServer, p.TftpPath, install, clock);
        }
        if (p.Mode == "sftp" && !string.IsNullOrEmpty(p.SftpServer) && !string.IsNullOrEmpty(p.SftpPath) && !string.IsNullOrEmpty(p.SftpUsername) && p.SftpPasswordSecret != null)
        {
            // A type 8 password given on the CLI cannot be turned back into the clear text: the login
            // then fails as a wrong password would. [U] how the device stores it (reference §5).
            return new SftpFetch(p.SftpServer, p.SftpPath, p.SftpUsername, p.SftpPasswordClear ?? "", p.SftpPort ?? 22, install, clock);
        }
        return null;
    }

    protected static string Seconds(TimeSpan t) => Math.Max(0.1, t.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
}
