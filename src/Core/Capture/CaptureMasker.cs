using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Capture;

/// <summary>
/// Hides secrets in device output before it is written to a capture a user may publish:
/// the value of every configuration line whose keyword is a password or secret
/// (`sftp-password 0 x`, `sftp-password 8 $8$…`, `enable secret 9 …`, `username u privilege 15 password 0 x`),
/// the user information of URLs (`sftp://user:password@host`), and any literal secret the caller
/// knows (the login and enable passwords, what the session registered). The type digit stays, so
/// a capture still shows whether the device stored the secret in clear text or encrypted; a value
/// the device already masked (`*****`) is left as it is.
/// </summary>
public static class CaptureMasker
{
    public const string Mask = Diagnosis.UrlMask.Mask;

    // A configuration line: optional indentation, keywords, then one ending in "password" or
    // "secret" (sftp-password, enable secret, username … password), an optional type digit, the
    // value - to the end of the line, as some IOS secrets may hold spaces.
    private static readonly Regex s_configSecret = new(
        @"^(?<lead>[ \t]*(?:\S+[ \t]+)*?[\w-]*(?:password|secret))(?<type>[ \t]+\d{1,2}(?=[ \t]))?(?<gap>[ \t]+)(?<value>\S[^\r]*)",
        RegexOptions.Compiled | RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // A syslog message (%FACILITY-SEVERITY-MNEMONIC:) is prose, not configuration: "password"
    // there is a word in a sentence, and masking the word after it would change the log.
    private static readonly Regex s_syslog = new(@"%[A-Z0-9_]+-\d-[A-Z0-9_]+:", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>The text with every secret form masked; <paramref name="secrets"/> are replaced wherever they occur.</summary>
    public static string Apply(string text, IEnumerable<string?>? secrets = null)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        // Literal secrets first, longest first: a short one inside a long one must not leave the rest showing.
        foreach (var secret in (secrets ?? Array.Empty<string?>()).Where(s => !string.IsNullOrEmpty(s)).Distinct().OrderByDescending(s => s!.Length))
        {
            text = text.Replace(secret!, Mask);
        }
        text = Diagnosis.UrlMask.Apply(text);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (s_syslog.IsMatch(lines[i])) continue;
            lines[i] = s_configSecret.Replace(lines[i], m => m.Groups["lead"].Value + m.Groups["type"].Value + m.Groups["gap"].Value + Mask);
        }
        return string.Join("\n", lines);
    }
}
