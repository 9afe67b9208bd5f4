using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The lab's logins. sshd checks passwords against system accounts, so as root (with
/// --create-users) the lab creates its users as system accounts marked "ewc-lab" and sets their
/// passwords; accounts it did not create are never changed. Public keys go to the lab's own
/// authorized_keys folder, which the generated sshd config points at.
/// </summary>
internal static class LabUsers
{
    private const string Marker = "ewc-lab";

    public static void Prepare(LabDefinition lab, string authorizedKeysFolder, bool createUsers, TextWriter log)
    {
        Directory.CreateDirectory(authorizedKeysFolder);
        var users = lab.Controllers.SelectMany(c => c.Users).GroupBy(u => u.Username).ToList();
        foreach (var group in users)
        {
            var keys = group.SelectMany(u => u.AuthorizedKeys).Distinct().ToList();
            var file = Path.Combine(authorizedKeysFolder, group.Key);
            File.WriteAllText(file, string.Join("\n", keys) + "\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var password = group.First().Password;
            if (!createUsers || !Processes.IsRoot) continue;
            var (exists, _) = Processes.Run("id", new[] { "-u", group.Key });
            if (exists != 0)
            {
                Processes.Require("useradd", "-M", "-N", "-s", "/bin/sh", "-d", "/", "-c", Marker, group.Key);
                log.WriteLine($"created system user {group.Key} for the lab");
            }
            else if (!Processes.Run("getent", new[] { "passwd", group.Key }).Output.Contains(":" + Marker + ":"))
            {
                if (password != null) log.WriteLine($"warning: {group.Key} is an existing system account not made by the lab; its password is left alone");
                continue;
            }
            Processes.Require("usermod", "-d", "/", group.Key); // sshd would complain of a missing home on every login
            // A locked account ("!" in shadow) cannot log in even by key: give it the lab password or unlock it.
            if (password != null)
            {
                var (code, output) = Processes.Run("chpasswd", Array.Empty<string>(), input: $"{group.Key}:{password}\n");
                if (code != 0) throw new InvalidOperationException($"chpasswd failed for {group.Key}: {output.Trim()}");
            }
            else
            {
                Processes.Require("usermod", "-p", "*", group.Key); // no password, but not locked: key logins work
            }
        }
    }
}
