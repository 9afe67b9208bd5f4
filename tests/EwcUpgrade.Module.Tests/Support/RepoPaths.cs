using System;
using System.IO;

namespace EwcUpgrade.Module.Tests.Support;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Manifest => Path.Combine(Root, "module", "EwcUpgrade.psd1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EwcUpgrade.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (EwcUpgrade.sln) above " + AppContext.BaseDirectory);
    }
}
