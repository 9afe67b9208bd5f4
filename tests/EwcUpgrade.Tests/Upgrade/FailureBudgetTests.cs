using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Tests.Upgrade;

public sealed class FailureBudgetTests
{
    [Theory]
    [InlineData("0", 1, 10, true)]
    [InlineData("0", 0, 10, false)]
    [InlineData("3", 3, 10, false)]
    [InlineData("3", 4, 10, true)]
    [InlineData("10%", 1, 10, false)]
    [InlineData("10%", 2, 10, true)]
    [InlineData(" 25 % ", 1, 4, false)]
    [InlineData("25%", 2, 4, true)]
    public void A_budget_is_spent_once_more_than_it_allows_failed(string text, int failed, int total, bool spent) =>
        Assert.Equal(spent, FailureBudget.Parse(text).IsSpent(failed, total));

    [Theory]
    [InlineData("many")]
    [InlineData("-1")]
    [InlineData("150%")]
    [InlineData("%")]
    [InlineData("")]
    public void Anything_but_a_count_or_a_percentage_is_refused_saying_what_is_accepted(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => FailureBudget.Parse(text));
        Assert.Contains("count of controllers", e.Message);
    }
}
