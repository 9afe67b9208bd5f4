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
