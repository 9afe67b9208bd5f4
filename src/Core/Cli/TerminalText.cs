using System.Text;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Cli;

/// <summary>Turns what a terminal received into plain text: escape sequences, backspaces and CRs applied.</summary>
internal static class TerminalText
{
    private static readonly Regex s_escape = new(@"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]", RegexOptions.Compiled);

    public static string Clean(string raw)
    {
        var text = s_escape.Replace(raw, "");
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\b':
                    if (sb.Length > 0 && sb[sb.Length - 1] != '\n') sb.Length--;
                    break;
                case '\r':
                case '\0':
                case '\a':
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
