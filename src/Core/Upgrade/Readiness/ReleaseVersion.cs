using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Upgrade.Readiness;

/// <summary>
/// A release as major.minor.maintenance plus its letter (17.9.4a), read from any of the forms the
/// device and the bundle print: 17.9.4a (show version), 17.09.04a.0.6 (controller_version.info),
/// 17.9.4.27 (version.info: the fourth field is a build number, the letter is not there).
/// </summary>
public sealed class ReleaseVersion : IComparable<ReleaseVersion>
{
    private static readonly Regex s_form = new(@"^v?(?<major>\d+)\.(?<minor>\d+)\.(?<maint>\d+)(?<letter>[a-z]*)(?<rest>(\.\d+)*)$",
        RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private ReleaseVersion(int major, int minor, int maintenance, string letter, bool letterKnown, string text)
    {
        Major = major;
        Minor = minor;
        Maintenance = maintenance;
        Letter = letter;
        LetterKnown = letterKnown;
        Text = text;
    }

    public int Major { get; }
    public int Minor { get; }
    public int Maintenance { get; }
    /// <summary>"" or a, b, …: a rebuild of the same maintenance release, later than the plain one.</summary>
    public string Letter { get; }
    /// <summary>
    /// False for an AP image version (17.9.4.27): its build number cannot tell 17.9.4 from 17.9.4a,
    /// so only the numbers are compared.
    /// </summary>
    public bool LetterKnown { get; }
    /// <summary>As given.</summary>
    public string Text { get; }

    /// <summary>The release name, e.g. 17.9.4a.</summary>
    public string Name => $"{Major.ToString(CultureInfo.InvariantCulture)}.{Minor.ToString(CultureInfo.InvariantCulture)}.{Maintenance.ToString(CultureInfo.InvariantCulture)}{Letter}";

    /// <summary>Null when the text is none of the known forms.</summary>
    public static ReleaseVersion? TryParse(string? text)
    {
        var trimmed = (text ?? "").Trim();
        var m = s_form.Match(trimmed);
        if (!m.Success) return null;
        if (!int.TryParse(m.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ||
            !int.TryParse(m.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) ||
            !int.TryParse(m.Groups["maint"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var maintenance)) return null;
        var letter = m.Groups["letter"].Value.ToLowerInvariant();
        var rest = m.Groups["rest"].Value;
        // Four numeric fields and no letter: an AP image version (major.minor.maintenance.build).
        var apVersion = letter.Length == 0 && rest.Split(new[] { '.' }, StringSplitOptions.RemoveEmptyEntries).Length == 1;
        return new ReleaseVersion(major, minor, maintenance, letter, !apVersion, trimmed);
    }

    /// <summary>
    /// Numbers first, then the letter ("" &lt; a &lt; b); when either side's letter is unknown, the
    /// letters are not compared and equal numbers count as the same release.
    /// </summary>
    public int CompareTo(ReleaseVersion? other)
    {
        if (other == null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Maintenance.CompareTo(other.Maintenance);
        if (c != 0 || !LetterKnown || !other.LetterKnown) return Math.Sign(c);
        c = Letter.Length.CompareTo(other.Letter.Length);
        if (c == 0) c = string.CompareOrdinal(Letter, other.Letter);
        return Math.Sign(c);
    }

    public override string ToString() => Text;
}
