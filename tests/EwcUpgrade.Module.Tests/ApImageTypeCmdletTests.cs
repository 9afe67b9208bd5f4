using System.Linq;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests;

[Collection(ModuleCollection.Name)]
public sealed class ApImageTypeCmdletTests : IDisposable
{
    private readonly PsSession _ps = new();

    [Fact]
    public void Lists_the_image_types_of_the_reference()
    {
        var names = _ps.Run("Get-ApImageType | ForEach-Object Name").AssertNoErrors().Output.Select(o => o.ToString()).ToList();
        foreach (var type in new[] { "ap1g4", "ap1g5", "ap1g6", "ap1g6a", "ap1g7", "ap1g8", "ap3g3" }) Assert.Contains(type, names);
    }

    [Fact]
    public void Maps_models_from_the_pipeline_and_reports_unknown_ones()
    {
        var matches = _ps.Run("'C9120AXI-E', 'AIR-AP2802I-E-K9', 'C9999X-Z' | Get-ApImageType").AssertNoErrors().Output;
        Assert.Equal(3, matches.Count);
        Assert.Equal("ap1g7", matches[0].Properties["ImageType"].Value);
        Assert.Equal("ap3g3", matches[1].Properties["ImageType"].Value);
        Assert.Equal(false, matches[2].Properties["IsKnown"].Value);
        Assert.Null(matches[2].Properties["ImageType"].Value);
    }

    [Fact]
    public void Image_type_names_tab_complete_from_the_table()
    {
        var completions = _ps.Run(
            "$line = 'Get-ApImageType -Name ap1g6'; [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches.CompletionText")
            .AssertNoErrors().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(new[] { "ap1g6", "ap1g6a" }, completions.OrderBy(c => c));
    }

    public void Dispose() => _ps.Dispose();
}
