using System.Text.RegularExpressions;

namespace EwcUpgrade.Diagnosis;

/// <summary>
/// Hides the credentials of URLs in device text: `sftp://user:password@host/…` and `sftp://user@host/…`
/// both become `sftp://*****@host/…`, the way the device itself prints them (reference §8).
/// </summary>
public static class UrlMask
{
    public const string Mask = "*****";

    // Everything up to the last '@' before a space: a password may hold '/', ':' or '@' as devices
    // print it; a path with an '@' then masks too much, which is the safe side.
    private static readonly Regex s_userInfo = new(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)\S*@", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public static string Apply(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? "" : s_userInfo.Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
}
