using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Bundles;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Upgrade.Readiness;

/// <summary>
/// The images one controller will fetch for a bundle: its own image first (the EWC asks for the
/// controller image before the AP images), then one per image type of the APs it has.
/// </summary>
internal sealed class ReadinessNeeds
{
    /// <summary>The image type a bundle names its controller image by.</summary>
    public const string ControllerImageType = "controller";

    private ReadinessNeeds(IReadOnlyList<string> needed, IReadOnlyList<string> missing, IReadOnlyList<string> unknownModels,
        IReadOnlyDictionary<string, IReadOnlyList<ApSummaryEntry>> apsByType, IReadOnlyList<ImageProbeTarget> targets)
    {
        Needed = needed;
        MissingFromBundle = missing;
        UnknownModels = unknownModels;
        ApsByType = apsByType;
        Targets = targets;
    }

    public IReadOnlyList<string> Needed { get; }
    public IReadOnlyList<string> MissingFromBundle { get; }
    public IReadOnlyList<string> UnknownModels { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<ApSummaryEntry>> ApsByType { get; }
    /// <summary>The needed images the bundle holds, with its file names and sizes: what the server must serve.</summary>
    public IReadOnlyList<ImageProbeTarget> Targets { get; }

    public static ReadinessNeeds Of(ApBundle bundle, IReadOnlyList<ApSummaryEntry> aps)
    {
        var byType = aps
            .Select(ap => (Ap: ap, Type: ap.ImageType ?? ApImageTypeTable.Match(ap.Model).ImageType))
            .Where(x => x.Type != null)
            .GroupBy(x => x.Type!, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ApSummaryEntry>)g.Select(x => x.Ap).ToList(), StringComparer.OrdinalIgnoreCase);
        var needed = new List<string> { ControllerImageType };
        needed.AddRange(byType.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase));
        var unknown = aps
            .Where(ap => (ap.ImageType ?? ApImageTypeTable.Match(ap.Model).ImageType) == null)
            .Select(ap => ap.Model)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var missing = new List<string>();
        var targets = new List<ImageProbeTarget>();
        foreach (var type in needed)
        {
            var image = ControllerImage(bundle, type) ?? bundle.Image(type);
            if (image == null) missing.Add(type);
            else targets.Add(new ImageProbeTarget(type, image.FileName, image.Size));
        }
        return new ReadinessNeeds(needed, missing, unknown, byType, targets);
    }

    private static ApBundleImage? ControllerImage(ApBundle bundle, string type) =>
        type == ControllerImageType ? bundle.Images.FirstOrDefault(i => i.IsControllerImage) : null;
}
