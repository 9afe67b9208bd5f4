using System;
using System.IO;
using System.Runtime.InteropServices;

namespace EwcUpgrade.ImageServers.Sftp;

/// <summary>
/// OpenSSH refuses a ChrootDirectory unless every folder from / down to it is owned by root and
/// writable by nobody else ("bad ownership or modes for chroot directory"), and then the login
/// fails with nothing but a closed connection. We check first and say which folder breaks the rule.
/// </summary>
public static class ChrootRule
{
    /// <summary>Null when the folder may be a chroot; otherwise what is wrong and how to fix it.</summary>
    public static string? Problem(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) return $"The image root {full} does not exist.";
        for (var dir = new DirectoryInfo(full); dir != null; dir = dir.Parent)
        {
            if (Stat(dir.FullName) is not { } st) return $"Cannot read the owner and mode of {dir.FullName}.";
            var writableByOthers = (st.Mode & 0x12) != 0; // group or other write (022)
            if (st.Uid == 0 && !writableByOthers) continue;
            var why = st.Uid != 0 ? $"is owned by uid {st.Uid}, not root" : $"is writable by {((st.Mode & 0x10) != 0 ? "its group" : "everyone")} (mode {Convert.ToString(st.Mode & 0xfff, 8)})";
            var fix = dir.FullName == full
                ? $"make it root's and not writable by others (chown root:root '{full}'; chmod 755 '{full}')"
                : $"serve a folder outside {dir.FullName} (for example under /srv), since OpenSSH chroots only below folders that root alone may change";
            return $"OpenSSH cannot chroot the SFTP login to {full}: {dir.FullName} {why}. Every folder from / down to the image root must be owned by root and writable only by root: {fix}.";
        }
        return null;
    }

    private readonly struct FileStat
    {
        public FileStat(uint uid, uint mode) { Uid = uid; Mode = mode; }
        public uint Uid { get; }
        public uint Mode { get; }
    }

    // netstandard2.0 has no UnixFileMode or owner API: ask stat(1)'s libc sibling through the shell-free route.
    private static FileStat? Stat(string path)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && !RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return null;
        var result = Common.Processes.Run("stat", RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? new[] { "-f", "%u %p", path } : new[] { "-c", "%u %f", path }, TimeSpan.FromSeconds(5));
        if (result.ExitCode != 0) return null;
        var parts = result.Output.Trim().Split(' ');
        if (parts.Length != 2 || !uint.TryParse(parts[0], out var uid)) return null;
        var mode = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? Convert.ToUInt32(parts[1], 8) : Convert.ToUInt32(parts[1], 16);
        return new FileStat(uid, mode);
    }
}
