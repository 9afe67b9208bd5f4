using System.IO;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Module.Tests.Support;

internal static class RepoPaths
{
    public static string Root => RunningLab.RepoRoot;
    public static string Manifest => Path.Combine(Root, "module", "EwcUpgrade.psd1");
}
