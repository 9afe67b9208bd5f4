using System;
using System.Collections.Generic;
using System.Linq;

namespace EwcUpgrade.Bundles;

/// <summary>Whether a bundle holds an image for every AP model or image type a network has.</summary>
public sealed class ApBundleCoverage
{
    internal ApBundleCoverage(string version, IReadOnlyList<ApBundleCoverageItem> items)
    {
        Version = version;
        Items = items;
        MissingImageTypes = items.Where(i => i.IsKnown && !i.Present).Select(i => i.ImageType!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        UnknownModels = items.Where(i => !i.IsKnown).Select(i => i.Requested).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public string Version { get; }
    public bool IsComplete => MissingImageTypes.Count == 0 && UnknownModels.Count == 0;
    public IReadOnlyList<ApBundleCoverageItem> Items { get; }
    public IReadOnlyList<string> MissingImageTypes { get; }
    public IReadOnlyList<string> UnknownModels { get; }
}

public sealed class ApBundleCoverageItem
{
    internal ApBundleCoverageItem(string requested, string? imageType, bool present, string? fileName)
    {
        Requested = requested;
        ImageType = imageType;
        Present = present;
        FileName = fileName;
    }

    /// <summary>The AP model or image type as given.</summary>
    public string Requested { get; }
    public string? ImageType { get; }
    public bool IsKnown => ImageType != null;
    public bool Present { get; }
    public string? FileName { get; }
}

public static class ApBundleCoverageCheck
{
    /// <summary>Each input is an image type name (ap1g7) or an AP model (C9120AXI-E).</summary>
    public static ApBundleCoverage Test(ApBundle bundle, IEnumerable<string> modelsOrImageTypes)
    {
        var items = new List<ApBundleCoverageItem>();
        foreach (var requested in modelsOrImageTypes.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()))
        {
            var type = ApImageTypeTable.Find(requested)?.Name ?? ApImageTypeTable.Match(requested).ImageType;
            var image = type == null ? null : bundle.Image(type);
            items.Add(new ApBundleCoverageItem(requested, type, image != null, image?.FileName));
        }
        return new ApBundleCoverage(bundle.Version, items);
    }
}
