using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Parsers;

/// <summary>
/// The tables of `show` commands, read by header names and tokens rather than fixed columns: the
/// device does not align values under headers, and releases add or move columns. Each known column
/// holds one token, except one free-text column (a status like "Not Supported", a location like
/// "default location") which takes whatever lies between the columns before it and those after it.
/// </summary>
internal sealed class WhitespaceTable
{
    private readonly IReadOnlyList<string> _columns;
    private readonly int _free;
    private readonly string[] _headerTokens;

    private WhitespaceTable(IReadOnlyList<string> columns, int free, string[] headerTokens)
    {
        _columns = columns;
        _free = free;
        _headerTokens = headerTokens;
    }

    /// <summary>
    /// Whether a line is the header again: some releases print it anew in the middle of a long
    /// table, and an AP named "AP Name" with a model "Primary" is no AP.
    /// </summary>
    public bool IsHeader(string line) => CliText.Tokens(line).SequenceEqual(_headerTokens, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Columns => _columns;

    /// <summary>
    /// Reads a header line against the column names this release may print (multi-word names
    /// allowed). Headers separate most columns by two or more spaces but not all ("Slots AP Model"),
    /// so each space-separated chunk is split into known names, and the words of a chunk that match
    /// none form one unknown column of their own ("Image Type"), so a new column does not shift the others.
    /// </summary>
    public static WhitespaceTable? FromHeader(string header, IReadOnlyList<string> knownColumns, string freeColumn)
    {
        var known = knownColumns.Select(k => (Name: k, Words: CliText.Tokens(k))).OrderByDescending(k => k.Words.Length).ToList();
        var columns = new List<string>();
        foreach (var chunk in Regex.Split(header.Trim(), @"\s{2,}"))
        {
            var words = CliText.Tokens(chunk);
            var unknown = new List<string>();
            for (var i = 0; i < words.Length;)
            {
                var match = known.FirstOrDefault(k => k.Words.Length <= words.Length - i &&
                    k.Words.Select((w, j) => string.Equals(w, words[i + j], StringComparison.OrdinalIgnoreCase)).All(x => x));
                if (match.Name == null)
                {
                    unknown.Add(words[i++]);
                    continue;
                }
                if (unknown.Count > 0) columns.Add(string.Join(" ", unknown));
                unknown.Clear();
                columns.Add(match.Name);
                i += match.Words.Length;
            }
            if (unknown.Count > 0) columns.Add(string.Join(" ", unknown));
        }
        var free = columns.FindIndex(c => string.Equals(c, freeColumn, StringComparison.OrdinalIgnoreCase));
        return free < 0 || !columns.Contains(knownColumns[0]) ? null : new WhitespaceTable(columns, free, CliText.Tokens(header));
    }

    /// <summary>One row as column name → value; null when the line has too few tokens to be a row.</summary>
    public IReadOnlyDictionary<string, string>? Row(string line)
    {
        var tokens = CliText.Tokens(line);
        var after = _columns.Count - _free - 1;
        if (tokens.Length < _free + after) return null;
        var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _free; i++) row[_columns[i]] = tokens[i];
        for (var i = 0; i < after; i++) row[_columns[_free + 1 + i]] = tokens[tokens.Length - after + i];
        row[_columns[_free]] = string.Join(" ", tokens.Skip(_free).Take(tokens.Length - _free - after));
        return row;
    }
}
