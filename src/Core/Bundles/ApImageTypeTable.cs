using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EwcUpgrade.Bundles;

/// <summary>
/// The AP model → image type table, read once from the embedded ap-image-types.yml: data, so a new
/// AP family is a line in that file, not code.
/// </summary>
public static class ApImageTypeTable
{
    private const string ResourceName = "EwcUpgrade.Bundles.ap-image-types.yml";
    private static readonly Lazy<Table> s_table = new(Load);

    public static IReadOnlyList<ApImageType> All => s_table.Value.Types;

    /// <summary>The controller image's file name in a bundle.</summary>
    public static string ControllerImageFile => s_table.Value.ControllerImageFile;

    public static bool IsImageType(string name) => All.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public static ApImageType? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The image type of an AP model by longest prefix, full names (C9120AXI-E) and the short names
    /// of releases before 17.9 (9120AXI) alike; unknown models are reported as such.
    /// </summary>
    public static ApModelMatch Match(string model)
    {
        var trimmed = (model ?? "").Trim();
        if (trimmed.Any(char.IsWhiteSpace)) return new ApModelMatch(trimmed, null, false);
        var best = All
            .SelectMany(t => t.ModelPrefixes.Select(p => (Type: t, Prefix: p, Alias: (ApModelAlias?)null))
                .Concat(t.Aliases.Select(a => (Type: t, Prefix: a.Prefix, Alias: (ApModelAlias?)a))))
            .Where(x => trimmed.StartsWith(x.Prefix, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(x => x.Prefix.Length)
            .FirstOrDefault();
        if (best.Type == null) return new ApModelMatch(trimmed, null, false);
        var canRun = best.Alias != null
            ? best.Alias.CanRunController
            : best.Type.ControllerPrefixes.Any(p => trimmed.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        return new ApModelMatch(trimmed, best.Type, canRun, best.Alias?.Source);
    }

    internal static Table Parse(TextReader reader, string origin)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        TableDocument document;
        try
        {
            document = deserializer.Deserialize<TableDocument>(reader) ?? throw new InvalidDataException($"{origin}: the table is empty.");
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{origin}: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
        }
        var types = new List<ApImageType>();
        foreach (var entry in document.ImageTypes ?? new List<TypeEntry>())
        {
            if (string.IsNullOrWhiteSpace(entry.Name) || entry.Models == null || entry.Models.Count == 0 || string.IsNullOrWhiteSpace(entry.Source))
            {
                throw new InvalidDataException($"{origin}: every image type needs a name, models and a source (entry '{entry.Name}').");
            }
            var aliases = new List<ApModelAlias>();
            foreach (var alias in entry.Aliases ?? new List<AliasEntry>())
            {
                if (string.IsNullOrWhiteSpace(alias.Prefix) || string.IsNullOrWhiteSpace(alias.Source))
                {
                    throw new InvalidDataException($"{origin}: every alias of '{entry.Name}' needs a prefix and a source.");
                }
                aliases.Add(new ApModelAlias(alias.Prefix!, alias.Ewc, alias.Source!));
            }
            types.Add(new ApImageType(entry.Name!, entry.Description ?? "", entry.Models, entry.Ewc ?? new List<string>(), entry.Source!, aliases));
        }
        if (types.Count == 0) throw new InvalidDataException($"{origin}: no image types.");
        return new Table(types, document.ControllerImage?.File ?? throw new InvalidDataException($"{origin}: no controllerImage.file."));
    }

    private static Table Load()
    {
        using var stream = typeof(ApImageTypeTable).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader, "ap-image-types.yml");
    }

    internal sealed class Table
    {
        public Table(IReadOnlyList<ApImageType> types, string controllerImageFile)
        {
            Types = types;
            ControllerImageFile = controllerImageFile;
        }

        public IReadOnlyList<ApImageType> Types { get; }
        public string ControllerImageFile { get; }
    }

    // YamlDotNet's shapes for the file; unknown keys are errors (its default), so a typo cannot hide.
    internal sealed class TableDocument
    {
        public List<TypeEntry>? ImageTypes { get; set; }
        public ControllerEntry? ControllerImage { get; set; }
    }

    internal sealed class TypeEntry
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public List<string>? Models { get; set; }
        public List<string>? Ewc { get; set; }
        public string? Source { get; set; }
        public List<AliasEntry>? Aliases { get; set; }
    }

    internal sealed class AliasEntry
    {
        public string? Prefix { get; set; }
        public bool Ewc { get; set; }
        public string? Source { get; set; }
    }

    internal sealed class ControllerEntry
    {
        public string? File { get; set; }
        public string? Source { get; set; }
    }
}
