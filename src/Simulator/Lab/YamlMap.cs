using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>A lab file that cannot be used; the message starts with file:line:column.</summary>
public sealed class LabFileException(string message) : Exception(message);

/// <summary>
/// One YAML mapping read key by key. Scalars are always taken as text (so `17.10` stays "17.10"),
/// every error names the file, line and column, and keys nobody asked for are errors.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly List<string> _known = new();

    public YamlMap(YamlNode node, string file, string what)
    {
        File = file;
        What = what;
        _node = node as YamlMappingNode ?? throw Error(file, node.Start, $"{what} must be a mapping (key: value lines)");
    }

    public string File { get; }
    public string What { get; }

    public static LabFileException Error(string file, Mark at, string message) => new($"{file}:{at.Line}:{at.Column}: {message}");

    public LabFileException Error(string message) => Error(File, _node.Start, message);

    public LabFileException ErrorAt(string key, string message) => Error(File, Node(key)?.Start ?? _node.Start, message);

    public string Required(string key) =>
        Optional(key) ?? throw (Node(key) == null ? Error($"{What}: the required key '{key}' is missing") : ErrorAt(key, $"{What}: '{key}' has no value"));

    public string? Optional(string key)
    {
        var node = Node(key);
        if (node == null) return null;
        if (node is not YamlScalarNode scalar) throw Error(File, node.Start, $"{What}: '{key}' must be a single value");
        return IsNull(scalar) ? null : scalar.Value;
    }

    public string Optional(string key, string fallback) => Optional(key) ?? fallback;

    public int Integer(string key, int fallback, int min, int max)
    {
        var text = Optional(key);
        if (text == null) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ErrorAt(key, $"{What}: '{key}' must be a whole number from {min} to {max}, not '{text}'");
        }
        return value;
    }

    public int? OptionalInteger(string key, int min, int max) => Optional(key) == null ? null : Integer(key, 0, min, max);

    public IReadOnlyList<string> Strings(string key)
    {
        var node = Node(key);
        if (node == null || node is YamlScalarNode s && IsNull(s)) return [];
        if (node is not YamlSequenceNode list) throw Error(File, node.Start, $"{What}: '{key}' must be a list");
        return list.Children.Select(item => item is YamlScalarNode v && !IsNull(v)
            ? v.Value!
            : throw Error(File, item.Start, $"{What}: each item of '{key}' must be a single value")).ToList();
    }

    /// <summary>The mappings of a list; with required, the key must be present (an empty list is fine).</summary>
    public IReadOnlyList<YamlMap> Maps(string key, string itemWhat, bool required)
    {
        var node = Node(key);
        if (node == null && required) throw Error($"{What}: the required key '{key}' is missing");
        if (node == null || node is YamlScalarNode s && IsNull(s)) return [];
        if (node is not YamlSequenceNode list) throw Error(File, node.Start, $"{What}: '{key}' must be a list");
        return list.Children.Select((item, i) => new YamlMap(item, File, $"{itemWhat} #{i + 1}")).ToList();
    }

    public YamlMap? Map(string key, string what)
    {
        var node = Node(key);
        return node == null || node is YamlScalarNode s && IsNull(s) ? null : new YamlMap(node, File, what);
    }

    /// <summary>Call after reading every key this mapping may hold: the rest are typos.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (k, _) in _node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!_known.Contains(name)) throw Error(File, k.Start, $"{What}: unknown key '{name}' (known here: {string.Join(", ", _known)})");
        }
    }

    private YamlNode? Node(string key)
    {
        if (!_known.Contains(key)) _known.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    private static bool IsNull(YamlScalarNode s) => s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
