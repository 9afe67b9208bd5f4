using System;

namespace EwcUpgrade.Bundles;

/// <summary>
/// version.info and controller_version.info: read tolerantly (whitespace, a trailing newline or
/// none, either version form) because the two files differ in exactly that.
/// </summary>
internal static class BundleVersionFiles
{
    public const string ApVersionFile = "version.info";
    public const string ControllerVersionFile = "controller_version.info";
    public const string ReadmeFile = "readme.txt";

    public static string? Read(string text)
    {
        var first = (text ?? "").Trim().Split(new[] { '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
        if (first.Length == 0) return null;
        var version = first[0].Trim();
        return version.Length == 0 || version.IndexOf(' ') >= 0 || version.IndexOfAny(new[] { '/', '\\' }) >= 0 || version.Contains("..") ? null : version;
    }
}
