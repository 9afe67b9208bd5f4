namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// AP model → image type, as the simulated EWC knows it: which image each AP asks for. The
/// simulator's own copy as data (it never calls the module), kept consistent with the module's
/// src/Core/Bundles/ap-image-types.yml (reference §3): a model matches by prefix of its `AP Model`,
/// the longest prefix wins, and a model matching nothing has no image (its AP shows Not Supported).
/// </summary>
public static class ApImageTypes
{
    /// <summary>The controller image in the bundle folder (reference §2, [seed]).</summary>
    public const string ControllerImage = "C9800-AP-iosxe-wlc.bin";

    /// <summary>Lab-only: where the simulator reads the new controller version (lab images carry none inside).</summary>
    public const string ControllerVersionFile = "controller_version.info";

    private static readonly (string Prefix, string Type)[] s_prefixes =
    [
        ("AIR-AP1810", "ap1g4"), ("AIR-OEAP1810", "ap1g4"), ("AIR-AP183", "ap1g4"), ("AIR-AP185", "ap1g4"),
        ("AIR-AP154", "ap1g5"), ("AIR-AP1815", "ap1g5"), ("AIR-AP1800S", "ap1g5"),
        ("C9117AX", "ap1g6"),
        ("C9130AX", "ap1g6a"), ("C9124AX", "ap1g6a"),
        ("C9115AX", "ap1g7"), ("C9120AX", "ap1g7"),
        ("C9105AX", "ap1g8"),
        ("AIR-AP28", "ap3g3"), ("AIR-AP38", "ap3g3"), ("AIR-AP48", "ap3g3"), ("AIR-AP156", "ap3g3"),
        ("IW6300", "ap3g3"), ("ESW6300", "ap3g3"), ("ESW-6300", "ap3g3"),
    ];

    public static string? For(string model) => s_prefixes
        .Where(p => model.StartsWith(p.Prefix, StringComparison.OrdinalIgnoreCase))
        .OrderByDescending(p => p.Prefix.Length)
        .Select(p => p.Type)
        .FirstOrDefault();
}
