using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EwcUpgrade.Bundles;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>Tab completion of AP image types (ap1g7, …) from the one data table.</summary>
public sealed class ImageTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ApImageTypeTable.All
            .Where(t => t.Name.StartsWith(wordToComplete ?? "", System.StringComparison.OrdinalIgnoreCase))
            .Select(t => new CompletionResult(t.Name, t.Name, CompletionResultType.ParameterValue, t.Description));
}

/// <summary>
/// Tab completion of AP models (-Model): the model prefixes of the image type table (C9120AX,
/// AIR-AP2802, …), which match every model of their series; the tooltip names the image type.
/// </summary>
public sealed class ApModelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => Complete(wordToComplete, withImageTypes: false);

    internal static IEnumerable<CompletionResult> Complete(string? word, bool withImageTypes)
    {
        var models = ApImageTypeTable.All
            .SelectMany(t => t.ModelPrefixes.Select(p => (Text: p, Tip: $"{t.Name}: {t.Description}")))
            .Where(x => x.Text.StartsWith(word ?? "", System.StringComparison.OrdinalIgnoreCase))
            .OrderBy(x => x.Text, System.StringComparer.OrdinalIgnoreCase)
            .Select(x => new CompletionResult(x.Text, x.Text, CompletionResultType.ParameterValue, x.Tip));
        if (!withImageTypes) return models;
        var types = ApImageTypeTable.All
            .Where(t => t.Name.StartsWith(word ?? "", System.StringComparison.OrdinalIgnoreCase))
            .Select(t => new CompletionResult(t.Name, t.Name, CompletionResultType.ParameterValue, t.Description));
        return types.Concat(models);
    }
}

/// <summary>Tab completion where a parameter takes AP models or image types alike (Test-ApBundle -Model).</summary>
public sealed class ApModelOrImageTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => ApModelCompleter.Complete(wordToComplete, withImageTypes: true);
}

/// <summary>Tab completion of the ids of this session's running image servers.</summary>
public sealed class ImageServerIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ImageServerRegistry.GetAll()
            .Where(s => s.Id.ToString().StartsWith(wordToComplete ?? ""))
            .Select(s => new CompletionResult(s.Id.ToString(), s.Id.ToString(), CompletionResultType.ParameterValue, s.Name + " " + s.Root));
}

/// <summary>Tab completion of the ids of the process's controller sessions.</summary>
public sealed class EwcSessionIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Controllers.EwcSessionRegistry.GetAll()
            .Where(s => s.Id.ToString().StartsWith(wordToComplete ?? ""))
            .Select(s => new CompletionResult(s.Id.ToString(), s.Id.ToString(), CompletionResultType.ParameterValue, $"{s.Controller} ({s.HostName}:{s.Port}, {s.State})"));
}
