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

/// <summary>A command word the device refuses: the caret goes under word Index of the line.</summary>
internal sealed class BadWordException(int index) : Exception
{
    public int Index { get; } = index;
}

/// <summary>One command's syntax: keywords, keyword choices {a|b}, and arguments &lt;name&gt;.</summary>
internal sealed class CommandSyntax(string pattern, Action<DeviceSession, string[]> run)
{
    public string[] Tokens { get; } = pattern.Split(' ');
    public Action<DeviceSession, string[]> Run { get; } = run;

    public static bool IsArgument(string token) => token.StartsWith('<');

    public IEnumerable<string> Keywords(int i) => Tokens[i].Trim('{', '}').Split('|');

    /// <summary>Whether an input word fits token i: an argument takes anything, a keyword any prefix of it.</summary>
    public bool Accepts(int i, string word) =>
        i < Tokens.Length && (IsArgument(Tokens[i]) || Keywords(i).Any(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The keyword a word abbreviates at token i (the word itself for an argument).</summary>
    public string Expand(int i, string word)
    {
        if (IsArgument(Tokens[i])) return word;
        var keywords = Keywords(i).ToList();
        return keywords.FirstOrDefault(k => k.Equals(word, StringComparison.OrdinalIgnoreCase))
            ?? keywords.First(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>How a line matched a mode's commands.</summary>
internal sealed record CommandMatch(CommandSyntax? Command, string[] Words, int BadWord, bool Incomplete, bool Ambiguous)
{
    public bool Invalid => Command == null && !Incomplete && !Ambiguous;
}

/// <summary>Matches input the way IOS does: unique abbreviations, the first bad word marked, incomplete and ambiguous lines told apart.</summary>
internal static class CommandMatcher
{
    public static CommandMatch Match(IReadOnlyList<CommandSyntax> commands, string[] words)
    {
        var candidates = commands.ToList();
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            var next = candidates.Where(c => c.Accepts(i, word)).ToList();
            if (next.Count == 0) return new CommandMatch(null, words, i, false, false);
            var keywords = next.Where(c => !CommandSyntax.IsArgument(c.Tokens[i]))
                .SelectMany(c => c.Keywords(i))
                .Where(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var chosen = keywords.FirstOrDefault(k => k.Equals(word, StringComparison.OrdinalIgnoreCase)) ?? (keywords.Count == 1 ? keywords[0] : null);
            if (keywords.Count > 1 && chosen == null) return new CommandMatch(null, words, i, false, true);
            // Once the word stands for one keyword, commands with another keyword here drop out.
            if (chosen != null) next = next.Where(c => CommandSyntax.IsArgument(c.Tokens[i]) || c.Keywords(i).Contains(chosen, StringComparer.OrdinalIgnoreCase)).ToList();
            candidates = next;
        }
        var complete = candidates.FirstOrDefault(c => c.Tokens.Length == words.Length);
        if (complete == null) return new CommandMatch(null, words, -1, true, false);
        return new CommandMatch(complete, words.Select((w, i) => complete.Expand(i, w)).ToArray(), -1, false, false);
    }
}
