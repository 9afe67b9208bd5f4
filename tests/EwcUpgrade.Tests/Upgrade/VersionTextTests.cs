using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Tests.Upgrade;

public sealed class VersionTextTests
{
    [Theory]
    [InlineData("17.09.04a.0.6", "17.9.4a.0.6", true)]
    [InlineData("17.09.04A.0.6", "17.9.4a.0.6", true)]
    [InlineData("17.9.4.27", "17.09.04.27", true)]
    [InlineData("17.10.1.0", "17.1.1.0", false)]
    [InlineData("17.9.4", "17.9.4.27", false)]
    [InlineData("17.09.04a.0.6", "17.9.4.0.6", false)]
    [InlineData("", "", false)]
    [InlineData(null, "17.9.4", false)]
    public void Versions_match_part_by_part_without_leading_zeros(string? a, string? b, bool same) =>
        Assert.Equal(same, VersionText.Same(a, b));

    [Fact]
    public void A_zero_part_stays_zero() => Assert.Equal("17.9.4a.0.6", VersionText.Normalize("17.09.04a.00.6"));
}
