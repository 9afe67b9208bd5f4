using System;
using System.Globalization;

namespace EwcUpgrade.Upgrade;

/// <summary>
/// -MaxFailed: how many controllers may fail before no new one is started ("3", or "10%" of the
/// controllers given so far). Those under way finish either way.
/// </summary>
public sealed class FailureBudget
{
    private FailureBudget(int value, bool percent)
    {
        Value = value;
        IsPercent = percent;
    }

    public int Value { get; }
    public bool IsPercent { get; }

    public static FailureBudget Parse(string text)
    {
        var t = (text ?? "").Trim();
        var percent = t.EndsWith("%", StringComparison.Ordinal);
        if (percent) t = t.Substring(0, t.Length - 1).TrimEnd();
        if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || (percent && value > 100))
        {
            throw new ArgumentException($"'{text}' is not a failure budget: give a count of controllers (3) or a percentage of them (10%).");
        }
        return new FailureBudget(value, percent);
    }

    /// <summary>Whether <paramref name="failed"/> failures among <paramref name="total"/> controllers are more than the budget allows.</summary>
    public bool IsSpent(int failed, int total) => IsPercent ? failed * 100 > Value * Math.Max(total, 1) : failed > Value;

    public override string ToString() => IsPercent ? $"{Value}%" : Value.ToString(CultureInfo.InvariantCulture);
}
