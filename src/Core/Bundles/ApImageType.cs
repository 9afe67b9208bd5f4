using System.Collections.Generic;

namespace EwcUpgrade.Bundles;

/// <summary>One AP image type (ap1g7, …) and the AP models that run it.</summary>
public sealed class ApImageType
{
    internal ApImageType(string name, string description, IReadOnlyList<string> modelPrefixes, IReadOnlyList<string> controllerPrefixes, string source,
        IReadOnlyList<ApModelAlias>? aliases = null)
    {
        Aliases = aliases ?? new List<ApModelAlias>();
        Name = name;
        Description = description;
        ModelPrefixes = modelPrefixes;
        ControllerPrefixes = controllerPrefixes;
        Source = source;
    }

    public string Name { get; }
    public string Description { get; }
    public IReadOnlyList<string> ModelPrefixes { get; }
    /// <summary>Prefixes of the models of this type that can run the EWC.</summary>
    public IReadOnlyList<string> ControllerPrefixes { get; }
    /// <summary>What the entry rests on (seed, public document, third party).</summary>
    public string Source { get; }
    /// <summary>Short model names older releases print (9120AXI for C9120AXI-E), each with its own source.</summary>
    public IReadOnlyList<ApModelAlias> Aliases { get; }

    public override string ToString() => Name;
}

/// <summary>A short model name an older release prints (show ap summary before 17.9), mapped to its image type.</summary>
public sealed class ApModelAlias
{
    internal ApModelAlias(string prefix, bool canRunController, string source)
    {
        Prefix = prefix;
        CanRunController = canRunController;
        Source = source;
    }

    public string Prefix { get; }
    public bool CanRunController { get; }
    public string Source { get; }

    public override string ToString() => Prefix;
}

/// <summary>What the table says about one AP model.</summary>
public sealed class ApModelMatch
{
    internal ApModelMatch(string model, ApImageType? type, bool canRunController, string? aliasSource = null)
    {
        IsAlias = aliasSource != null;
        Model = model;
        ImageType = type?.Name;
        IsKnown = type != null;
        CanRunController = canRunController;
        Description = type?.Description;
        Source = aliasSource ?? type?.Source;
    }

    /// <summary>Matched by a short model name of an older release, not the full one.</summary>
    public bool IsAlias { get; }

    public string Model { get; }
    public string? ImageType { get; }
    public bool IsKnown { get; }
    public bool CanRunController { get; }
    /// <summary>The image type's description (the AP series it serves).</summary>
    public string? Description { get; }
    /// <summary>What the table's entry rests on: a property for audits, not shown in the default view.</summary>
    public string? Source { get; }

    public override string ToString() => $"{Model} -> {ImageType ?? "unknown"}";
}
