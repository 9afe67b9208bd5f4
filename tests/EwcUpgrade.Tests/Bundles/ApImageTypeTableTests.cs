using System.IO;
using EwcUpgrade.Bundles;

namespace EwcUpgrade.Tests.Bundles;

public sealed class ApImageTypeTableTests
{
    [Theory]
    [InlineData("C9120AXI-E", "ap1g7", true)]
    [InlineData("C9115AXI-B", "ap1g7", true)]
    [InlineData("C9105AXI-E", "ap1g8", true)]
    [InlineData("C9105AXW-E", "ap1g8", false)]   // same image, cannot run the controller
    [InlineData("C9124AXI-B", "ap1g6a", true)]
    [InlineData("C9130AXE-A", "ap1g6a", true)]
    [InlineData("C9117AXI-B", "ap1g6", true)]
    [InlineData("AIR-AP2802I-E-K9", "ap3g3", false)]
    [InlineData("AIR-AP3802I-B-K9", "ap3g3", false)]
    [InlineData("AIR-AP1562E-E-K9", "ap3g3", false)]
    [InlineData("AIR-AP1815I-E-K9", "ap1g5", false)]
    [InlineData("AIR-AP1832I-E-K9", "ap1g4", false)]
    public void Models_map_to_their_image_type_by_prefix(string model, string imageType, bool canRunController)
    {
        var match = ApImageTypeTable.Match(model);
        Assert.True(match.IsKnown);
        Assert.Equal(imageType, match.ImageType);
        Assert.Equal(canRunController, match.CanRunController);
        Assert.False(string.IsNullOrWhiteSpace(match.Source));
    }

    [Theory]
    [InlineData("C9999X-Z")]
    [InlineData("CW9166I-E")]   // Wi-Fi 6E: not in the table, so not guessed
    [InlineData("")]
    [InlineData("C9120AXI-E C9105AXI-E")]   // several models run together into one string are not the first one
    public void Unknown_models_are_reported_not_guessed(string model)
    {
        var match = ApImageTypeTable.Match(model);
        Assert.False(match.IsKnown);
        Assert.Null(match.ImageType);
    }

    [Fact]
    public void Every_entry_names_its_source_and_the_reference_types_are_all_there()
    {
        Assert.Equal(new[] { "ap1g4", "ap1g5", "ap1g6", "ap1g6a", "ap1g7", "ap1g8", "ap3g3" }, ApImageTypeTable.All.Select(t => t.Name));
        Assert.All(ApImageTypeTable.All, t => Assert.Matches(@"\[(seed|V|P)\]", t.Source));
        Assert.Equal("C9800-AP-iosxe-wlc.bin", ApImageTypeTable.ControllerImageFile);
    }

    [Fact]
    public void A_typo_in_the_table_is_an_error_naming_the_line()
    {
        const string yaml = "imageTypes:\n  - name: ap1g7\n    modles: [C9120AX]\n    source: x\ncontrollerImage:\n  file: c.bin\n";
        var e = Assert.Throws<InvalidDataException>(() => ApImageTypeTable.Parse(new StringReader(yaml), "table.yml"));
        Assert.Contains("table.yml: line 3", e.Message);
    }

    [Theory]
    [InlineData("9120AXI", "ap1g7", true)]
    [InlineData("9130AXI", "ap1g6a", true)]
    [InlineData("3802I", "ap3g3", false)]
    [InlineData("2802I", "ap3g3", false)]
    [InlineData("1832I", "ap1g4", false)]
    [InlineData("9105AXW", "ap1g8", false)]
    [InlineData("9105AXI", "ap1g8", true)]
    public void Short_names_of_older_releases_map_through_aliases_with_their_source(string model, string type, bool ewc)
    {
        var match = ApImageTypeTable.Match(model);
        Assert.Equal(type, match.ImageType);
        Assert.True(match.IsAlias);
        Assert.Equal(ewc, match.CanRunController);
        Assert.Contains("before 17.9", match.Source);
    }

    [Theory]
    [InlineData("1542I")]
    [InlineData("9162I")]
    [InlineData("AX")]
    public void A_short_name_no_alias_lists_stays_unknown(string model) => Assert.False(ApImageTypeTable.Match(model).IsKnown);

    [Fact]
    public void Full_names_still_match_their_entry_not_an_alias()
    {
        var match = ApImageTypeTable.Match("C9120AXI-E");
        Assert.False(match.IsAlias);
        Assert.Equal("ap1g7", match.ImageType);
        Assert.All(ApImageTypeTable.All.SelectMany(t => t.Aliases), a => Assert.Matches(@"\[(seed|V|P)\]", a.Source));
    }

    [Fact]
    public void An_alias_without_a_source_is_an_error()
    {
        const string yaml = "imageTypes:\n  - name: ap1g7\n    models: [C9120AX]\n    source: x\n    aliases:\n      - { prefix: 9120AX }\ncontrollerImage:\n  file: c.bin\n";
        var e = Assert.Throws<InvalidDataException>(() => ApImageTypeTable.Parse(new StringReader(yaml), "table.yml"));
        Assert.Contains("needs a prefix and a source", e.Message);
    }
}
