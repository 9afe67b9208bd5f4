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
    public void Ap_models_complete_from_the_table_prefixes()
    {
        Assert.Equal(new[] { "C9115AX", "C9117AX" }, Complete("Get-ApImageType -Model C911"));
        Assert.Equal(new[] { "AIR-AP1800S", "AIR-AP1810", "AIR-AP1815", "AIR-AP183", "AIR-AP185" }, Complete("Get-ApImageType -Model air-ap18"));
        Assert.Equal(new[] { "C9120AX" }, Complete("Test-ApBundle -Path . -Model C9120"));
        Assert.Equal(new[] { "C9105AX" }, Complete("Test-ApBundle -Path . -Model C9120AXI-E, C910"));
    }

    [Fact]
    public void Test_ApBundle_completes_image_types_as_well_as_models()
    {
        Assert.Equal(new[] { "ap1g6", "ap1g6a" }, Complete("Test-ApBundle -Path . -Model ap1g6"));
        Assert.Contains("C9130AX", Complete("Test-ApBundle -Path . -Model "));
        Assert.Contains("ap1g7", Complete("Test-ApBundle -Path . -Model "));
    }

    [Fact]
    public void Download_modes_complete()
    {
        Assert.Equal(new[] { "Sftp" }, Complete("Set-EwcDownloadProfile -Mode S"));
    }
}
