using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace EwcUpgrade.Inventory;

/// <summary>
/// Reads YAML nodes strictly, collecting every problem with its line and column rather than stopping
/// at the first: unknown keys (with the nearest known one suggested), missing keys, wrong types.
/// Scalars stay strings unless a number is asked for, so 17.10 is never read as 17.1.
/// </summary>
internal sealed class YamlSchema
{
    private readonly string _file;
    private readonly List<InventoryError> _errors = new();

    public YamlSchema(string file)
    {
        _file = file;
    }

    public IReadOnlyList<InventoryError> Errors => _errors;

    public void Error(YamlNode node, string message) => _errors.Add(new InventoryError(_file, node.Start.Line, node.Start.Column, message));

    /// <summary>The mapping's values by key; reports unknown, duplicate and missing keys.</summary>
    public Dictionary<string, YamlNode>? Fields(YamlNode node, string what, string[] required, string[] optional)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} must be a mapping of keys to values");
            return null;
        }
        var known = required.Concat(optional).ToArray();
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var pair in map.Children)
        {
            var key = (pair.Key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var near = Nearest(key, known);
                Error(pair.Key, $"unknown key '{key}' in {what}" + (near != null ? $" (did you mean '{near}'?)" : $"; known keys: {string.Join(", ", known)}"));
                continue;
            }
            if (fields.ContainsKey(key))
            {
                Error(pair.Key, $"'{key}' appears twice in {what}");
                continue;
            }
            fields[key] = pair.Value;
        }
        foreach (var key in required.Where(k => !fields.ContainsKey(k)))
        {
            Error(node, $"{what} lacks the required key '{key}'");
        }
        return fields;
    }

    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string what)
    {
        if (node is YamlSequenceNode seq) return seq.Children.ToList();
        if (node is YamlScalarNode { Value: null or "" or "~" or "null" }) return Array.Empty<YamlNode>();
        Error(node, $"{what} must be a list (lines starting with '- ')");
        return Array.Empty<YamlNode>();
    }

    public string? Text(Dictionary<string, YamlNode> fields, string key, string what)
    {
        if (!fields.TryGetValue(key, out var node)) return null;
        if (node is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value) && scalar.Value != "~") return scalar.Value!.Trim();
        Error(node, $"'{key}' of {what} must be a non-empty text value");
        return null;
    }

    public int? Integer(Dictionary<string, YamlNode> fields, string key, string what, int min, int max)
    {
        if (!fields.TryGetValue(key, out var node)) return null;
        if (node is YamlScalarNode scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Error(node, $"'{key}' of {what} must be a whole number from {min} to {max}");
        return null;
    }

    public bool? Boolean(Dictionary<string, YamlNode> fields, string key, string what)
    {
        if (!fields.TryGetValue(key, out var node)) return null;
        var text = (node as YamlScalarNode)?.Value?.ToLowerInvariant();
        if (text is "true" or "yes") return true;
        if (text is "false" or "no") return false;
        Error(node, $"'{key}' of {what} must be true or false");
        return null;
    }

    private static string? Nearest(string key, IEnumerable<string> known)
    {
        var best = known.Select(k => (k, d: Distance(key.ToLowerInvariant(), k.ToLowerInvariant()))).OrderBy(x => x.d).FirstOrDefault();
        return best.k != null && best.d <= Math.Max(2, key.Length / 3) ? best.k : null;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }
        return d[a.Length, b.Length];
    }
}
