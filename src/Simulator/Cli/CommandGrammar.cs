namespace EwcUpgrade.Simulator.Cli;

internal enum CliMode
{
    UserExec,
    PrivilegedExec,
    Config,
    Profile,
    ProfileTftp,
    ProfileSftp,
}

/// <summary>One command's syntax: keywords, keyword choices {a|b}, and arguments &lt;name&gt;.</summary>
internal sealed class CommandSyntax
{
    public CommandSyntax(string pattern, Action<DeviceSession, string[]> run)
    {
        Pattern = pattern;
        Tokens = pattern.Split(' ');
        Run = run;
    }

    public string Pattern { get; }
    public string[] Tokens { get; }
    public Action<DeviceSession, string[]> Run { get; }

    public static bool IsArgument(string token) => token.StartsWith('<');

    /// <summary>Whether an input word fits token i: an argument takes anything, a keyword any unique-able prefix.</summary>
    public bool Accepts(int i, string word) =>
        IsArgument(Tokens[i]) || Keywords(i).Any(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<string> Keywords(int i) => Tokens[i].Trim('{', '}').Split('|');

    /// <summary>The keyword a word stands for at token i (the word itself for an argument), null when ambiguous.</summary>
    public string? Expand(int i, string word)
    {
        if (IsArgument(Tokens[i])) return word;
        var exact = Keywords(i).FirstOrDefault(k => k.Equals(word, StringComparison.OrdinalIgnoreCase));
        if (exact != null) return exact;
        var matches = Keywords(i).Where(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}

/// <summary>Result of matching an input line against a mode's commands.</summary>
internal sealed record CommandMatch(CommandSyntax? Command, string[] Words, int BadWord, bool Incomplete, bool Ambiguous);

/// <summary>Matches input lines the way IOS does: unique prefixes, the first bad word marked, incomplete and ambiguous lines told apart.</summary>
internal static class CommandMatcher
{
    public static CommandMatch Match(IReadOnlyList<CommandSyntax> commands, string[] words)
    {
        var candidates = commands.ToList();
        for (var i = 0; i < words.Length; i++)
        {
            var next = candidates.Where(c => i < c.Tokens.Length && c.Accepts(i, words[i])).ToList();
            if (next.Count == 0) return new CommandMatch(null, words, i, false, false);
            // Distinct keywords that this word could abbreviate: ambiguous unless one matches exactly.
            var keywords = next.Where(c => !CommandSyntax.IsArgument(c.Tokens[i]))
                .SelectMany(c => c.Keywords(i)).Where(k => k.StartsWith(words[i], StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (keywords.Count > 1 && !keywords.Any(k => k.Equals(words[i], StringComparison.OrdinalIgnoreCase)))
            {
                return new CommandMatch(null, words, i, false, true);
            }
            candidates = next;
        }
        var complete = candidates.FirstOrDefault(c => c.Tokens.Length == words.Length);
        if (complete != null)
        {
            var expanded = words.Select((w, i) => complete.Expand(i, w) ?? w).ToArray();
            return new CommandMatch(complete, expanded, -1, false, false);
        }
        return new CommandMatch(null, words, -1, true, false);
    }
}
