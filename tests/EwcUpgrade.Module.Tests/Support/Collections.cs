namespace EwcUpgrade.Module.Tests.Support;

/// <summary>
/// Image servers are process-wide, so tests that start them run one after another: no test sees
/// another's servers, and port numbers never race.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModuleCollection
{
    public const string Name = "Module";
}
