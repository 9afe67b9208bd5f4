namespace EwcUpgrade.Simulator;

/// <summary>
/// The lab's working folder: sshd config, host key, pid and log files, authorized keys and the
/// attach socket. A folder the user named is kept (the host key with it); a temporary one is
/// removed when the lab stops.
/// </summary>
internal sealed class StateFolder : IDisposable
{
    // sun_path holds 108 bytes: a deeper state folder gets its socket in a short temporary folder.
    private const int MaxSocketPath = 100;
    private readonly bool _temporary;
    private readonly string? _socketFolder;

    private StateFolder(string path, bool temporary)
    {
        Path = path;
        _temporary = temporary;
        Directory.CreateDirectory(path);
        // Lab users (other accounts) reach the socket through this folder.
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        var socket = System.IO.Path.Combine(path, "attach.sock");
        if (socket.Length > MaxSocketPath)
        {
            _socketFolder = Directory.CreateTempSubdirectory("ewc-lab-sock-").FullName;
            File.SetUnixFileMode(_socketFolder, (UnixFileMode)0b111_101_101);
            socket = System.IO.Path.Combine(_socketFolder, "attach.sock");
        }
        Socket = socket;
    }

    public static StateFolder Open(string? path) =>
        path != null ? new StateFolder(System.IO.Path.GetFullPath(path), false) : new StateFolder(Directory.CreateTempSubdirectory("ewc-lab-").FullName, true);

    public string Path { get; }
    public string Socket { get; }
    public string AuthorizedKeys => System.IO.Path.Combine(Path, "authorized_keys");
    public string SshdConfig => System.IO.Path.Combine(Path, "sshd_config");

    /// <summary>The config of the lab's index-th sshd (SshdGroup): the first keeps the name a one-sshd lab has.</summary>
    public string SshdConfigOf(int index) => Numbered(SshdConfig, index);

    public string PidFileOf(int index) => Numbered(PidFile, index);

    private static string Numbered(string first, int index) => index == 0 ? first : $"{first}.{index + 1}";
    public string SshdLog => System.IO.Path.Combine(Path, "sshd.log");
    public string SessionLog => System.IO.Path.Combine(Path, "sessions.log");
    public string PidFile => System.IO.Path.Combine(Path, "sshd.pid");

    /// <summary>
    /// One empty file per controller that is reloading, named by its port: the forced command
    /// cuts such a login before it starts the attach program (a .NET process per connection).
    /// </summary>
    public string Reloading => System.IO.Path.Combine(Path, "reloading");

    /// <summary>The reloading folder, empty (a killed lab's markers gone) and readable by the lab's logins.</summary>
    public string PrepareReloading()
    {
        if (Directory.Exists(Reloading)) Directory.Delete(Reloading, recursive: true);
        Directory.CreateDirectory(Reloading);
        File.SetUnixFileMode(Reloading, (UnixFileMode)0b111_101_101);
        return Reloading;
    }

    /// <summary>Lab users run the attach program and reach the socket: every folder above must let them through.</summary>
    public void RequireReachableByOthers(string programFolder)
    {
        foreach (var start in new[] { Path, programFolder, System.IO.Path.GetDirectoryName(Socket)! })
        {
            for (var dir = start; !string.IsNullOrEmpty(dir); dir = System.IO.Path.GetDirectoryName(dir))
            {
                if (!File.GetUnixFileMode(dir).HasFlag(UnixFileMode.OtherExecute))
                {
                    throw new Transport.LabStartException($"{dir} does not let other accounts through (mode {Convert.ToString((int)File.GetUnixFileMode(dir), 8)}), " +
                        $"so the lab's logins cannot reach {start}. Use a state folder and a build under folders others may enter (e.g. /tmp), or chmod o+x {dir}.");
                }
            }
        }
    }

    /// <summary>The socket itself is the attach server's to delete; this removes the folders and the pid file.</summary>
    public void Dispose()
    {
        TryDelete(_socketFolder);
        if (_temporary) TryDelete(Path);
        else
        {
            TryDelete(Reloading);
            // Every sshd's pid file (sshd.pid, sshd.pid.2, ...), and the configs past the first,
            // which a later, smaller lab in this folder would not overwrite.
            // (A search pattern "sshd_config.*" would match sshd_config itself: Win32 rules.)
            foreach (var stale in Directory.EnumerateFiles(Path).Where(f => f.StartsWith(PidFile, StringComparison.Ordinal) || f.StartsWith(SshdConfig + ".", StringComparison.Ordinal)))
            {
                File.Delete(stale);
            }
        }
    }

    private static void TryDelete(string? folder)
    {
        try
        {
            if (folder != null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
