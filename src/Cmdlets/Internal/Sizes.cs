using System.Globalization;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>Human-readable sizes and rates for progress lines (MB = 10^6 bytes, as in the README).</summary>
internal static class Sizes
{
    public static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Describe(long done, long? total, double seconds)
    {
        var rate = seconds > 0 ? done / seconds / 1e6 : 0;
        var of = total is long t ? " of " + Megabytes(t) : "";
        return Megabytes(done) + of + ", " + rate.ToString("0.0", CultureInfo.InvariantCulture) + " MB/s";
    }

    public static int SecondsRemaining(long done, long? total, double seconds)
    {
        // Too early to tell: a rate measured over the first moments says nothing about the rest.
        if (total is not long t || done <= 0 || seconds < 1 || done >= t) return -1;
        return (int)((t - done) / (done / seconds));
    }
}
