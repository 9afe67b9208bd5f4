using System.Globalization;

namespace EwcUpgrade.Parsers;

/// <summary>The AP count a show command announces against the rows it printed.</summary>
internal static class ApCount
{
    /// <summary>Null when they agree or no count was printed; otherwise the warning to give (output cut short, or rows lost).</summary>
    public static string? Warning(string command, int? declared, int rows) =>
        declared is { } count && count != rows
            ? string.Format(CultureInfo.InvariantCulture,
                "{0} announced {1} APs but listed {2}: the output may have been cut (paging, a dropped session) or the parser skipped rows; read it again with Invoke-EwcCommand '{0}'.",
                command, count, rows)
            : null;
}
