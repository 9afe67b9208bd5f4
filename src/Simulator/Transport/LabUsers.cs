using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The lab's logins. sshd checks passwords against system accounts, so as root with
/// --create-users the lab creates missing accounts (marked "ewc-lab" in the comment field) and
/// sets their lab passwords; accounts it did not create are never changed. Public keys go to the
/// state folder's authorized_keys/USER files, which the sshd config points at.
/// </summary>
internal static class LabUsers
{
    private const string Marker = "ewc-lab";

    /// <summary>Writes the key files and, if asked, the accounts; returns the logins sshd should allow.</summary>
    public static IReadOnlyList<string> Prepare(LabDefinition lab, string keysFolder, bool createUsers, TextWriter warnings)
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
            return [me];
        }
        foreach (var login in lab.Logins)
        {
            WriteKeys(keysFolder, login.Username, login.AuthorizedKeys);
            if (createUsers) CreateOrUpdate(login, warnings);
            else if (Processes.Run("getent", ["passwd", login.Username]).ExitCode != 0)
            {
                warnings.WriteLine($"warning: there is no system account {login.Username}, so it cannot log in; --create-users creates it.");
            }
        }
        return lab.Logins.Select(l => l.Username).ToList();
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
