using System;
using System.IO;
using System.Linq;

namespace EwcUpgrade.Bundles;

/// <summary>
/// Zip-slip defence: an entry name is accepted only as a plain relative path. Checked for every
/// entry before anything is written, so a hostile zip leaves no trace.
/// </summary>
internal static class ZipEntryPaths
{
    public static string Normalize(string entryName)
    {
        var name = entryName.Replace('\\', '/');
        var segments = name.Split('/');
        if (name.StartsWith("/", StringComparison.Ordinal) || name.IndexOf(':') >= 0 || name.IndexOf('\0') >= 0 ||
            segments.Any(s => s == ".."))
        {
            throw new ApBundleException($"The zip entry '{entryName}' would land outside the destination; the bundle is refused and nothing was written.");
        }
        return string.Join("/", segments.Where(s => s.Length > 0 && s != "."));
    }

    /// <summary>The full target path, checked once more against the destination after normalisation.</summary>
    public static string Target(string destination, string relative)
    {
        var root = Path.GetFullPath(destination).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new ApBundleException($"The entry '{relative}' would land outside '{destination}'.");
        }
        return full;
    }
}
