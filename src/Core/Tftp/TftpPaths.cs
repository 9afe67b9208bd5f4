using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace EwcUpgrade.Tftp;

/// <summary>Why a requested name is not served.</summary>
internal sealed class TftpPathException : Exception
{
    public TftpPathException(TftpErrorCode code, string message) : base(message) => Code = code;

    public TftpErrorCode Code { get; }
}

/// <summary>
/// Maps a requested file name to a file under the root, like tftpd-hpa --secure: '/' and '\' both
/// separate, a leading separator means the root. Anything that could leave the root is an access
/// violation: '..', drive letters, NUL and control characters, Windows device names, and symbolic
/// links whose real target lies outside the root.
/// </summary>
internal static class TftpPaths
{
    private static readonly string[] s_devices =
    {
        "CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static string Resolve(string root, string requested)
    {
        if (requested.Any(c => c < 0x20 || c == 0x7F)) throw Violation();
        var segments = requested.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s != ".").ToList();
        if (segments.Count == 0) throw Violation();
        foreach (var segment in segments)
        {
            if (segment == ".." || segment.IndexOf(':') >= 0 || IsDevice(segment)) throw Violation();
        }

        var realRoot = RealPath(root);
        var candidate = Path.Combine(realRoot, Path.Combine(segments.ToArray()));
        if (Directory.Exists(candidate)) throw Violation();
        if (!File.Exists(candidate)) throw new TftpPathException(TftpErrorCode.FileNotFound, "File not found");
        var real = RealPath(candidate);
        if (!IsUnder(realRoot, real)) throw Violation();
        return real;
    }

    private static TftpPathException Violation() => new(TftpErrorCode.AccessViolation, "Access violation");

    private static bool IsDevice(string segment)
    {
        var stem = segment.Split('.')[0].TrimEnd(' ');
        return s_devices.Any(d => string.Equals(d, stem, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsUnder(string root, string path)
    {
        var prefix = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var comparison = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return path.StartsWith(prefix, comparison);
    }

    /// <summary>The path with every symbolic link resolved (realpath(3) on Unix).</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return full;
        var resolved = realpath(Encoding.UTF8.GetBytes(full + "\0"), IntPtr.Zero);
        if (resolved == IntPtr.Zero) throw new TftpPathException(TftpErrorCode.FileNotFound, "File not found");
        try
        {
            return Utf8String(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    private static string Utf8String(IntPtr p)
    {
        var length = 0;
        while (Marshal.ReadByte(p, length) != 0) length++;
        var bytes = new byte[length];
        Marshal.Copy(p, bytes, 0, length);
        return Encoding.UTF8.GetString(bytes);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath(byte[] nulTerminatedUtf8Path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr p);
}
