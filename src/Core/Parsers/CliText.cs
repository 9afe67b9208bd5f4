using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Parsers;

/// <summary>Normalises raw device output before parsing: line endings, pager remnants, backspaces.</summary>
public static class CliText
{
    // What a pager leaves behind when output was captured without `terminal length 0`:
    // " --More-- " followed by backspaces or an erase sequence.
    private static readonly Regex s_more = new(@" ?--More-- ?(\x08+ *\x08*|\x1b\[K)?", RegexOptions.Compiled);

    public static IReadOnlyList<string> Lines(string raw)
    {
        var text = s_more.Replace(raw ?? "", "");
        return text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => l.TrimEnd()).ToList();
    }

    public static string[] Tokens(string line) => line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

    public static bool IsRule(string line)
    {
        var t = line.Trim();
        return t.Length >= 3 && t.All(c => c == '-' || c == '=');
    }
}
