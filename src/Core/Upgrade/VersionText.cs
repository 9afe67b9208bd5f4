using System;
using System.Linq;

namespace EwcUpgrade.Upgrade;

/// <summary>
/// Version strings as the device and the bundle write them: 17.09.04a.0.6 in `show install
/// summary`, 17.9.4a in `show version`. Compared part by part without leading zeros, ignoring case.
/// </summary>
public static class VersionText
{
    public static string Normalize(string? version) => string.Join(".", (version ?? "").Trim().Split('.').Select(Part));

    private static string Part(string part)
    {
        var trimmed = part.TrimStart('0');
        return trimmed.Length == 0 && part.Length > 0 ? "0" : trimmed;
    }

    public static bool Same(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);
}
