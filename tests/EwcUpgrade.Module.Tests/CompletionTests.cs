using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests;

/// <summary>Tab completion as the console asks for it (TabExpansion2).</summary>
[Collection(ModuleCollection.Name)]
public sealed class CompletionTests : IDisposable
{
    private readonly PsSession _ps = new();

    public void Dispose() => _ps.Dispose();

    private IReadOnlyList<string> Complete(string input) =>
        _ps.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText", new() { ["s"] = input })
            .AssertNoErrors().Output.Select(o => o.ToString()).ToList();

    [Fact]
    public void Image_types_complete_from_the_table()
    {
        Assert.Equal(new[] { "ap1g6", "ap1g6a" }, Complete("Get-ApImageType -Name ap1g6"));
    }

    [Fact]
    public void Download_modes_complete()
    {
        Assert.Equal(new[] { "Sftp" }, Complete("Set-EwcDownloadProfile -Mode S"));
    }
}
