using System.Text.RegularExpressions;

namespace EwcUpgrade.Simulator.Cli;

/// <summary>The IOS output modifiers after `|`: include, exclude, begin, section.</summary>
internal sealed class OutputFilter
{
    private readonly string _kind;
    private readonly Regex _regex;

    private OutputFilter(string kind, Regex regex)
    {
        _kind = kind;
        _regex = regex;
    }

    private static readonly string[] s_kinds = { "include", "exclude", "begin", "section" };

    /// <summary>Parses "include foo" etc.; an error text (as the device prints it) when it cannot.</summary>
    public static OutputFilter? Parse(string text, out string? error)
    {
        error = null;
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = "% Incomplete command.";
            return null;
        }
        var kinds = s_kinds.Where(k => k.StartsWith(parts[0], StringComparison.OrdinalIgnoreCase)).ToList();
        if (kinds.Count != 1)
        {
            error = kinds.Count == 0 ? "% Invalid input detected at '^' marker." : $"% Ambiguous command:  \"{parts[0]}\"";
            return null;
        }
        if (parts.Length < 2)
        {
            error = "% Incomplete command.";
            return null;
        }
        try
        {
            return new OutputFilter(kinds[0], new Regex(parts[1].Trim(), RegexOptions.None, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException)
        {
            error = "% Invalid regular expression.";
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
                return at < 0 ? Array.Empty<string>() : lines.Skip(at).ToList();
            default: return Sections(lines);
        }
    }

    // A section is a line starting in column 0 and the indented lines under it.
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
