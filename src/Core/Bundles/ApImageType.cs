using System.Collections.Generic;

namespace EwcUpgrade.Bundles;

/// <summary>One AP image type (ap1g7, …) and the AP models that run it.</summary>
public sealed class ApImageType
{
    internal ApImageType(string name, string description, IReadOnlyList<string> modelPrefixes, IReadOnlyList<string> controllerPrefixes, string source)
    {
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

    public override string ToString() => Name;
}

/// <summary>What the table says about one AP model.</summary>
public sealed class ApModelMatch
{
    internal ApModelMatch(string model, ApImageType? type, bool canRunController)
    {
        Model = model;
        ImageType = type?.Name;
        IsKnown = type != null;
        CanRunController = canRunController;
        Description = type?.Description;
        Source = type?.Source;
    }

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
