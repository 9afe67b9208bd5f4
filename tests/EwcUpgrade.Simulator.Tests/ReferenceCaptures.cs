using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>
/// Output from the device reference (shared/reference/ewc-device.md §7), which the simulator must
/// reproduce line for line for a lab holding the same values. Read from the parser tests' captures,
/// so the reference text exists once in the repository.
/// </summary>
internal static class ReferenceCaptures
{
    private static readonly string s_folder = Path.Combine(RunningLab.RepoRoot, "tests", "EwcUpgrade.Tests", "Parsers", "Captures");

    /// <summary>`show ap image` down to the dashes under the header.</summary>
    public static readonly string[] ApImage = Lines("ShowApImage", "reference-17.13-one-ap.txt")[..14];

    /// <summary>The row of the capture's AP-POD-2-2, which the shared lab holds with the same values.</summary>
    public static readonly string ApImageRow = Lines("ShowApImage", "reference-17.13-one-ap.txt").Single(l => l.StartsWith("AP-POD-2-2 ", StringComparison.Ordinal));

    /// <summary>`show ap summary` down to its first row, AP6C41.0E16.E79C (the only one the shared lab holds alike).</summary>
    public static readonly string[] ApSummary = Lines("ShowApSummary", "reference-17.9.4-layout.txt")[..8];

    public static readonly string[] InstallSummary = Lines("ShowInstallSummary", "reference.txt");

    // The capture's lines without the end of the last one; LF or CRLF alike.
    private static string[] Lines(string command, string file)
    {
        var text = File.ReadAllText(Path.Combine(s_folder, command, file)).Replace("\r\n", "\n");
        return (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
    }
}
