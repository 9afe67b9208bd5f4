using System.Text.RegularExpressions;

namespace EwcUpgrade.Simulator.Cli;

/// <summary>The IOS output modifiers after `|`: include, exclude, begin, section (each with a regex).</summary>
internal sealed class OutputFilter
{
    private static readonly string[] s_kinds = ["include", "exclude", "begin", "section"];
    private readonly string _kind;
    private readonly Regex _regex;

    private OutputFilter(string kind, Regex regex)
    {
        _kind = kind;
        _regex = regex;
    }

    /// <summary>
    /// Reads the text after `|`. On failure, the error line to print and, for a bad word, its
    /// offset within the text (for the caret).
    /// </summary>
    public static OutputFilter? Parse(string text, out string? error, out int badOffset)
    {
        error = null;
        badOffset = -1;
        var start = text.Length - text.TrimStart().Length;
        var rest = text.TrimStart();
        var space = rest.IndexOf(' ');
        var word = space < 0 ? rest : rest[..space];
        var regex = space < 0 ? "" : rest[(space + 1)..].Trim();
        if (word.Length == 0)
        {
            error = DeviceText.IncompleteCommand;
            return null;
        }
        var kinds = s_kinds.Where(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase)).ToList();
        if (kinds.Count != 1)
        {
            error = kinds.Count == 0 ? DeviceText.InvalidInput : DeviceText.AmbiguousCommand(word);
            if (kinds.Count == 0) badOffset = start;
            return null;
        }
        if (regex.Length == 0)
        {
            error = DeviceText.IncompleteCommand;
            return null;
        }
        try
        {
            return new OutputFilter(kinds[0], new Regex(regex, RegexOptions.None, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException)
        {
            error = DeviceText.InvalidRegex;
            return null;
        }
    }

    public IReadOnlyList<string> Apply(IReadOnlyList<string> lines)
    {
        switch (_kind)
        {
            case "include": return lines.Where(l => _regex.IsMatch(l)).ToList();
            case "exclude": return lines.Where(l => !_regex.IsMatch(l)).ToList();
            case "begin":
                var at = lines.ToList().FindIndex(l => _regex.IsMatch(l));
                return at < 0 ? [] : lines.Skip(at).ToList();
            default: return Sections(lines);
        }
    }

    // A section is a line starting in column 0 with the indented lines under it.
    private List<string> Sections(IReadOnlyList<string> lines)
    {
        var result = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith(' ')) continue;
            var end = i + 1;
            while (end < lines.Count && lines[end].StartsWith(' ')) end++;
            var block = lines.Skip(i).Take(end - i).ToList();
            if (block.Any(l => _regex.IsMatch(l))) result.AddRange(block);
            i = end - 1;
        }
        return result;
    }
}
