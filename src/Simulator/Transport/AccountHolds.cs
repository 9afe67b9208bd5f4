using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// Which running labs use which system accounts, so the accounts labs create do not outlive them
/// (on a machine with a normal sshd, a lab account with its known password is a working login).
/// Several labs may share an account at once, so each lab keeps a holder record per account,
/// ROOT/USER/PID (holding the process's start time, so a reused pid is not taken for the lab),
/// and every change happens under one file lock. An account marked as the lab's goes when no live
/// lab holds it: when its last lab stops, or at the next start after a lab was killed.
/// </summary>
internal sealed class AccountHolds
{
    public const string DefaultRoot = "/run/ewc-lab/accounts";
    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromSeconds(120);
    private readonly string _root;

    public AccountHolds(string root)
    {
        _root = root;
    }

    /// <summary>The lock every reader and writer of the records takes; waits (bounded) for other labs.</summary>
    public IDisposable Lock()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, ".lock");
        var deadline = DateTime.UtcNow + s_lockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix: held by this process until disposed, dropped by the kernel if it dies.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException e)
            {
                throw new LabStartException($"another lab has held {path} for over {s_lockTimeout.TotalSeconds:0} s: {e.Message}");
            }
        }
    }

    /// <summary>Records that this process uses the account (under the lock).</summary>
    public void Hold(string user)
    {
        var folder = Path.Combine(_root, user);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, Environment.ProcessId.ToString()), StartTime(Environment.ProcessId) ?? "");
    }

    /// <summary>Drops this process's record (under the lock); true when no live lab holds the account any more.</summary>
    public bool Release(string user)
    {
        var folder = Path.Combine(_root, user);
        File.Delete(Path.Combine(folder, Environment.ProcessId.ToString()));
        return LiveHolders(user).Count == 0;
    }

    /// <summary>The accounts that have a record folder.</summary>
    public IReadOnlyList<string> RecordedUsers() =>
        Directory.Exists(_root) ? Directory.GetDirectories(_root).Select(Path.GetFileName).OfType<string>().ToList() : [];

    /// <summary>The live labs holding the account; dead records are removed on the way.</summary>
    public IReadOnlyList<int> LiveHolders(string user)
    {
        var folder = Path.Combine(_root, user);
        if (!Directory.Exists(folder)) return [];
        var live = new List<int>();
        foreach (var record in Directory.GetFiles(folder))
        {
            if (int.TryParse(Path.GetFileName(record), out var pid) && IsAlive(pid, File.ReadAllText(record))) live.Add(pid);
            else File.Delete(record);
        }
        return live;
    }

    /// <summary>Removes an account's folder once it has no records left.</summary>
    public void Forget(string user)
    {
        var folder = Path.Combine(_root, user);
        try
        {
            if (Directory.Exists(folder) && Directory.GetFileSystemEntries(folder).Length == 0) Directory.Delete(folder);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Logins of running labs that keep no records (a build from before them): read from their lab
    /// file; null when one cannot be read, meaning any account may be in use.
    /// </summary>
    public HashSet<string>? UnrecordedLabLogins()
    {
        var holders = RecordedUsers().SelectMany(u => Directory.GetFiles(Path.Combine(_root, u))).Select(Path.GetFileName).ToHashSet();
        var logins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId || holders.Contains(pid.ToString())) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            var at = Array.FindIndex(args, a => Path.GetFileName(a) is "EwcUpgrade.Simulator.dll" or "EwcUpgrade.Simulator");
            if (at < 0 || at + 1 >= args.Length || args[at + 1] != "run") continue;
            var lab = Array.IndexOf(args, "--lab", at);
            if (lab < 0 || lab + 1 >= args.Length) return null;
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).ResolveLinkTarget(false)?.FullName ?? "/";
                logins.UnionWith(LabReader.Load(Path.Combine(cwd, args[lab + 1])).Logins.Select(l => l.Username));
            }
            catch (Exception)
            {
                return null; // an unreadable lab file (gone, changed): it may use any account
            }
        }
        return logins;
    }

    private static bool IsAlive(int pid, string recordedStart) =>
        StartTime(pid) is { } now && (recordedStart.Length == 0 || now == recordedStart.Trim());

    // Field 22 of /proc/PID/stat, counted after the command name (which may hold spaces and parentheses).
    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
