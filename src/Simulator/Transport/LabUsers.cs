using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The lab's logins. sshd checks passwords against system accounts, so as root with
/// --create-users the lab creates missing accounts (marked "ewc-lab" in the comment field) and
/// sets their lab passwords; accounts it did not create are never changed. When the lab stops it
/// removes the marked accounts no other live lab holds, and a starting lab removes those a killed
/// lab left behind (see <see cref="AccountHolds"/>). Public keys go to the state folder's
/// authorized_keys/USER files, which the sshd config points at.
/// </summary>
internal static class LabUsers
{
    private const string Marker = "ewc-lab";

    /// <summary>Writes the key files and, if asked, the accounts; the result lists the logins sshd should allow and, disposed, releases the accounts.</summary>
    public static LabLogins Prepare(LabDefinition lab, string keysFolder, bool createUsers, TextWriter warnings, string holdsRoot = AccountHolds.DefaultRoot)
    {
        Directory.CreateDirectory(keysFolder);
        File.SetUnixFileMode(keysFolder, (UnixFileMode)0b111_101_101);
        if (!Posix.IsRoot)
        {
            // Only the account running sshd can log in: it accepts every lab key, and the key used picks the lab user.
            var me = Environment.UserName;
            WriteKeys(keysFolder, me, lab.Logins.SelectMany(l => l.AuthorizedKeys).Distinct());
            warnings.WriteLine($"warning: not running as root, so sshd runs as {me}: only {me} can log in, by key (the key picks the lab user); " +
                $"password logins{(createUsers ? ", --create-users" : "")} and the lab's own account names are not available." +
                (PtysNeedChown() ? " Sessions with a pty will fail too: /dev/pts is not mounted with gid=5, so sshd would have to chown the pty, which only root may." : ""));
            return new LabLogins([me], () => { });
        }
        var holds = new AccountHolds(holdsRoot);
        var names = lab.Logins.Select(l => l.Username).ToList();
        // Under the lock: no other lab deletes an account between our check and our record.
        using (holds.Lock())
        {
            try
            {
                if (createUsers) RemoveStale(holds, warnings);
                foreach (var login in lab.Logins)
                {
                    holds.Hold(login.Username);
                    WriteKeys(keysFolder, login.Username, login.AuthorizedKeys);
                    if (createUsers) CreateOrUpdate(login, warnings);
                    else if (Processes.Run("getent", ["passwd", login.Username]).ExitCode != 0)
                    {
                        warnings.WriteLine($"warning: there is no system account {login.Username}, so it cannot log in; --create-users creates it.");
                    }
                }
            }
            catch
            {
                ReleaseLocked(holds, names, createUsers, warnings);
                throw;
            }
        }
        return new LabLogins(names, () =>
        {
            using (holds.Lock()) ReleaseLocked(holds, names, createUsers, warnings);
        });
    }

    // Drops our records; with --create-users, deletes the marked accounts no live lab holds any more.
    private static void ReleaseLocked(AccountHolds holds, IReadOnlyList<string> names, bool createUsers, TextWriter warnings)
    {
        var free = names.Where(holds.Release).ToList();
        if (createUsers && free.Count > 0)
        {
            var unrecorded = holds.UnrecordedLabLogins();
            foreach (var name in free.Where(n => unrecorded != null && !unrecorded.Contains(n))) DeleteIfMarked(name, warnings);
        }
        foreach (var name in names) holds.Forget(name);
    }

    // Accounts a killed lab left: recorded ones whose holders are all dead, and marked ones with no
    // record at all (made before records existed, or before a reboot emptied /run).
    private static void RemoveStale(AccountHolds holds, TextWriter warnings)
    {
        // A running lab that keeps no records may use any account its lab file names; one we cannot read, any at all.
        var unrecorded = holds.UnrecordedLabLogins();
        if (unrecorded == null) return;
        var recorded = holds.RecordedUsers();
        foreach (var name in recorded.Where(n => holds.LiveHolders(n).Count == 0 && !unrecorded.Contains(n)))
        {
            DeleteIfMarked(name, warnings);
            holds.Forget(name);
        }
        var marked = Processes.Run("getent", ["passwd"]).Output.Split('\n')
            .Select(l => l.Split(':')).Where(f => f.Length > 6 && f[4] == Marker).Select(f => f[0]);
        foreach (var name in marked.Where(n => !recorded.Contains(n) && !unrecorded.Contains(n))) DeleteIfMarked(name, warnings);
    }

    // Only an account marked as the lab's; its sessions may take a moment to end after sshd stops.
    private static void DeleteIfMarked(string name, TextWriter warnings)
    {
        var entry = Processes.Run("getent", ["passwd", name]);
        if (entry.ExitCode != 0 || entry.Output.Split(':') is not { Length: > 6 } fields || fields[4] != Marker) return;
        var result = (ExitCode: 0, Output: "");
        // Bounded well below the 10-15 s a parent gives a stopping lab before it kills it.
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            result = Processes.Run("userdel", [name]);
            if (result.ExitCode is 0 or 6) return; // 6: no such user (another lab was quicker)
            Thread.Sleep(50 * attempt);
        }
        warnings.WriteLine($"warning: could not remove the lab account {name} ({result.ExitCode}): {result.Output.Trim()}; the next lab start removes it.");
    }

    // A non-root sshd gives up on a pty whose group it cannot set to tty (gid 5); devpts does that itself when mounted with gid=5.
    private static bool PtysNeedChown()
    {
        try
        {
            return File.ReadLines("/proc/mounts").Any(l => l.Split(' ') is [_, "/dev/pts", "devpts", var options, ..] && !options.Split(',').Contains("gid=5"));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void WriteKeys(string folder, string user, IEnumerable<string> keys)
    {
        var file = Path.Combine(folder, user);
        File.WriteAllText(file, string.Concat(keys.Select(k => k + "\n")));
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
    }

    private static void CreateOrUpdate(LabLogin login, TextWriter warnings)
    {
        var name = login.Username;
        var entry = Processes.Run("getent", ["passwd", name]);
        if (entry.ExitCode != 0)
        {
            // Home "/": sshd tells every session it could not chdir to a missing home, and on a pty
            // that line would land in front of the device's banner.
            Retry(() => Processes.Run("useradd", ["-M", "-N", "-s", "/bin/sh", "-d", "/", "-c", Marker, name]) is var r && r.ExitCode == 9 ? (0, "") : r, $"useradd {name}"); // 9: made meanwhile by another lab
        }
        else if (entry.Output.Split(':') is { Length: > 6 } fields && fields[4] != Marker)
        {
            warnings.WriteLine($"warning: {name} is an existing system account the lab did not create; its password and settings are left alone.");
            return;
        }
        else if (entry.Output.Split(':') is { Length: > 6 } own && own[5] != "/")
        {
            Processes.Require("usermod", "-d", "/", name);
        }
        if (login.Password != null) Retry(() => Processes.Run("chpasswd", [], input: $"{name}:{login.Password}\n"), $"chpasswd for {name}");
        else Retry(() => Processes.Run("usermod", ["-p", "*", name]), $"usermod -p for {name}"); // no password, not locked: keys work
    }

    // Several labs starting at once contend for the lock on /etc/shadow.
    private static void Retry(Func<(int ExitCode, string Output)> action, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (code, output) = action();
            if (code == 0) return;
            if (attempt == 20) throw new LabStartException($"{what} failed ({code}): {output.Trim()}");
            Thread.Sleep(100 * attempt);
        }
    }
}

/// <summary>The logins sshd should allow; disposing releases the lab's hold on their accounts.</summary>
internal sealed class LabLogins(IReadOnlyList<string> allowed, Action release) : IDisposable
{
    private Action? _release = release;

    public IReadOnlyList<string> Allowed { get; } = allowed;

    public void Dispose()
    {
        var release = Interlocked.Exchange(ref _release, null);
        release?.Invoke();
    }
}
