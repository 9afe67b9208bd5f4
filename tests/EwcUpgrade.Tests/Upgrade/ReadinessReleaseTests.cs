using EwcUpgrade.Upgrade.Readiness;

namespace EwcUpgrade.Tests.Upgrade;

/// <summary>Release numbers in the forms the device and the bundle print, compared as numbers with the letter last.</summary>
public sealed class ReadinessReleaseTests
{
    [Theory]
    [InlineData("17.9.3", "17.9.3", true)]
    [InlineData("17.09.03", "17.9.3", true)]
    [InlineData("17.9.4a", "17.9.4a", true)]
    [InlineData("17.09.04a.0.6", "17.9.4a", true)]
    [InlineData("17.09.03.0.3760", "17.9.3", true)]
    [InlineData("17.9.4.27", "17.9.4", false)]
    [InlineData(" 17.12.1 ", "17.12.1", true)]
    public void Reads_every_form(string text, string name, bool letterKnown)
    {
        var v = ReleaseVersion.TryParse(text)!;
        Assert.NotNull(v);
        Assert.Equal(name, v.Name);
        Assert.Equal(letterKnown, v.LetterKnown);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("17.9")]
    [InlineData("Bengaluru")]
    [InlineData("17.9.x")]
    public void Refuses_what_is_not_a_release(string? text) => Assert.Null(ReleaseVersion.TryParse(text));

    [Theory]
    [InlineData("17.9.4a", "17.9.4", 1)]
    [InlineData("17.9.4b", "17.9.4a", 1)]
    [InlineData("17.9.4", "17.9.4a", -1)]
    [InlineData("17.9.10", "17.9.9", 1)]      // numbers, not text: 10 > 9
    [InlineData("17.12.1", "17.9.5", 1)]
    [InlineData("17.09.04a.0.6", "17.9.4a", 0)]
    [InlineData("17.09.04a.0.6", "17.9.3", 1)]
    [InlineData("17.9.2", "17.09.03.0.3760", -1)]
    [InlineData("17.9.4.27", "17.9.4a", 0)]   // an AP version cannot tell 17.9.4 from 17.9.4a
    [InlineData("17.9.4.27", "17.9.3", 1)]
    public void Compares_numbers_then_the_letter(string a, string b, int expected) =>
        Assert.Equal(expected, ReleaseVersion.TryParse(a)!.CompareTo(ReleaseVersion.TryParse(b)));
}
