using System;
using System.Globalization;
using System.IO;
using System.Linq;
using EwcUpgrade.Common;

namespace EwcUpgrade.ImageServers.Sftp;

/// <summary>
/// The system account the controller logs in with (sshd checks passwords against the system's
/// accounts). Created for one server and removed when it stops. Its comment field marks it as ours
/// and names the process holding it, so a later start removes accounts whose holder died, and an
/// account that is not marked as ours is never changed or removed.
/// </summary>
public static class SftpLoginAccount
{
    public const string Marker = "ewcupgrade-sftp";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates the account for this process with the password (given to chpasswd on its input, never on a command line).</summary>
    public static void Create(string user, string password)
    {
        RemoveStale();
        ValidateName(user);
        if (Entry(user) is { } existing)
        {
            throw new InvalidOperationException(IsOurs(existing)
                ? $"The SFTP login '{user}' is in use by another EwcUpgrade SFTP server (process {Holder(existing)}): give this server another user name."
                : $"There is a system account '{user}' that EwcUpgrade did not create; it is never changed. Give the SFTP server another user name.");
        }
        var self = System.Diagnostics.Process.GetCurrentProcess().Id;
        var comment = $"{Marker} pid={self} start={ProcessStart(self) ?? 0}";
        Require(Processes.Run("useradd", new[] { "-r", "-M", "-N", "-d", "/", "-s", "/usr/sbin/nologin", "-c", comment, user }, CommandTimeout), $"useradd {user}");
        var set = Processes.Run("chpasswd", Array.Empty<string>(), CommandTimeout, input: $"{user}:{password}\n");
        if (set.ExitCode != 0)
        {
            Remove(user);
            throw new InvalidOperationException($"Cannot set the password of the SFTP login '{user}' (chpasswd exit {set.ExitCode}).");
        }
    }

    /// <summary>Removes the account if it is ours; anything else is left alone.</summary>
    public static void Remove(string user)
    {
        if (Entry(user) is { } entry && IsOurs(entry)) Processes.Run("userdel", new[] { user }, CommandTimeout);
    }

    /// <summary>Removes our accounts whose holding process is gone (a server that crashed or was killed).</summary>
    public static int RemoveStale()
    {
        var removed = 0;
        var all = Processes.Run("getent", new[] { "passwd" }, CommandTimeout);
        if (all.ExitCode != 0) return 0;
        foreach (var line in all.Output.Split('\n'))
        {
            var fields = line.Split(':');
            if (fields.Length < 7 || !IsOurs(fields)) continue;
            if (HolderAlive(fields[4])) continue;
            if (Processes.Run("userdel", new[] { fields[0] }, CommandTimeout).ExitCode == 0) removed++;
        }
        return removed;
    }

    private static bool IsOurs(string[] fields) => fields[4].StartsWith(Marker + " ", StringComparison.Ordinal) || fields[4] == Marker;

    private static string Holder(string[] fields) => Field(fields[4], "pid") ?? "unknown";

    private static bool HolderAlive(string comment)
    {
        if (!int.TryParse(Field(comment, "pid"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        var start = Field(comment, "start");
        // A pid can be reused: the holder is alive only if the process with that pid started when the holder did.
        return ProcessStart(pid) is { } now && now.ToString(CultureInfo.InvariantCulture) == start;
    }

    private static string? Field(string comment, string name) =>
        comment.Split(' ').Where(p => p.StartsWith(name + "=", StringComparison.Ordinal)).Select(p => p.Substring(name.Length + 1)).FirstOrDefault();

    /// <summary>The process's start time in clock ticks since boot (/proc/PID/stat field 22), or null when there is no such process.</summary>
    private static long? ProcessStart(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string[]? Entry(string user)
    {
        var r = Processes.Run("getent", new[] { "passwd", user }, CommandTimeout);
        return r.ExitCode == 0 ? r.Output.Trim().Split(':') : null;
    }

    private static void ValidateName(string user)
    {
        if (user.Length is < 1 or > 32 || !(char.IsLower(user[0]) || user[0] == '_') ||
            user.Any(c => !(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-')))
        {
            throw new ArgumentException($"'{user}' cannot be a system account name: use 1-32 lower-case letters, digits, '-' or '_', starting with a letter.");
        }
    }

    private static void Require(ProcessResult result, string what)
    {
        if (result.ExitCode != 0) throw new InvalidOperationException($"{what} failed (exit {result.ExitCode}): {result.Output.Trim()}");
    }
}
