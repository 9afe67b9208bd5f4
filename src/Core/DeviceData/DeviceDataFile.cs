using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using EwcUpgrade.Inventory;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EwcUpgrade.DeviceData;

/// <summary>
/// The device's CLI and log texts as data (device-cli.yml, embedded): the upgrade commands, their
/// confirmations and reload markers, and every log pattern the module matches. A user whose EWC
/// prints something else overrides it without rebuilding: a YAML file with only the keys that
/// change, named by the EWCUPGRADE_DEVICE_CLI environment variable or passed as a path. The
/// override merges key by key into the defaults; a key the defaults lack is a typo, reported with
/// file, line and column (and the nearest known key).
/// </summary>
public sealed class DeviceDataFile
{
    public const string EnvironmentVariable = "EWCUPGRADE_DEVICE_CLI";
    public const string DefaultFileName = "device-cli.yml";
    private const string ResourceName = "EwcUpgrade.DeviceData.device-cli.yml";

    // Which file each node came from, so an error in a merged value names the override, not the defaults.
    private readonly ConditionalWeakTable<YamlNode, string> _origin = new();
    private readonly List<InventoryError> _errors = new();

    private DeviceDataFile(YamlMappingNode root, string? overridePath)
    {
        Root = root;
        OverridePath = overridePath;
    }

    internal YamlMappingNode Root { get; }

    /// <summary>The override file merged in, or null when the defaults stand alone.</summary>
    public string? OverridePath { get; }

    /// <summary>
    /// The defaults merged with the override: <paramref name="overridePath"/> when given, else the
    /// file the environment variable names, else none.
    /// </summary>
    public static DeviceDataFile Load(string? overridePath = null)
    {
        var path = !string.IsNullOrWhiteSpace(overridePath) ? overridePath : Environment.GetEnvironmentVariable(EnvironmentVariable);
        var defaults = Parse(new StringReader(DefaultText()), DefaultFileName);
        if (string.IsNullOrWhiteSpace(path)) return new DeviceDataFile(defaults, null);

        var full = Path.GetFullPath(path!.Trim());
        if (!File.Exists(full))
        {
            var named = !string.IsNullOrWhiteSpace(overridePath) ? "" : $" (named by {EnvironmentVariable})";
            throw new DeviceDataException($"The device data override file {full}{named} does not exist.");
        }
        YamlMappingNode changes;
        using (var text = new StreamReader(full)) changes = Parse(text, full);
        var data = new DeviceDataFile(defaults, full);
        var schema = new YamlSchema(full);
        data.Merge(defaults, changes, "the device data", schema, full);
        data._errors.AddRange(schema.Errors);
        data.ThrowIfErrors();
        return data;
    }

    /// <summary>The built-in defaults as shipped, comments and marks included: the start of a user's override file.</summary>
    public static string DefaultText()
    {
        using var stream = typeof(DeviceDataFile).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static YamlMappingNode Parse(TextReader reader, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new DeviceDataException(new[] { new InventoryError(file, e.Start.Line, e.Start.Column, "not valid YAML: " + e.Message) });
        }
        if (stream.Documents.Count == 0) return new YamlMappingNode();
        if (stream.Documents[0].RootNode is YamlMappingNode map) return map;
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" or "~" }) return new YamlMappingNode();
        throw new DeviceDataException(new[] { new InventoryError(file, root.Start.Line, root.Start.Column, "the file must be a mapping of keys to values") });
    }

    /// <summary>Key by key: mappings merge, anything else (a text, a list) replaces the default.</summary>
    private void Merge(YamlMappingNode defaults, YamlMappingNode changes, string what, YamlSchema schema, string file)
    {
        var keys = defaults.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToArray();
        var fields = schema.Fields(changes, what, Array.Empty<string>(), keys);
        if (fields == null) return;
        foreach (var pair in fields)
        {
            var defaultKey = defaults.Children.Keys.OfType<YamlScalarNode>().First(k => k.Value == pair.Key);
            var current = defaults.Children[defaultKey];
            if (current is YamlMappingNode inner && pair.Value is YamlMappingNode innerChanges)
            {
                Merge(inner, innerChanges, $"'{pair.Key}'", schema, file);
                continue;
            }
            if (current is YamlMappingNode && pair.Value is not YamlMappingNode)
            {
                schema.Error(pair.Value, $"'{pair.Key}' must be a mapping of keys to values, as in the defaults");
                continue;
            }
            defaults.Children[defaultKey] = pair.Value;
            foreach (var node in pair.Value.AllNodes)
            {
                _origin.Remove(node);
                _origin.Add(node, file);
            }
        }
    }

    private string FileOf(YamlNode node) => _origin.TryGetValue(node, out var file) ? file : DefaultFileName;

    internal void Error(YamlNode node, string message) => _errors.Add(new InventoryError(FileOf(node), node.Start.Line, node.Start.Column, message));

    internal void ThrowIfErrors()
    {
        if (_errors.Count > 0) throw new DeviceDataException(_errors.ToList());
    }

    // ---- typed reading of the merged tree; each problem is collected with its place ----

    internal YamlMappingNode Section(YamlMappingNode parent, string key)
    {
        if (Child(parent, key) is YamlMappingNode map) return map;
        Error(Child(parent, key) ?? parent, $"'{key}' must be a mapping of keys to values");
        return new YamlMappingNode();
    }

    /// <summary>The named entries of a section, in file order.</summary>
    internal IEnumerable<(string Key, YamlMappingNode Entry)> Entries(YamlMappingNode section)
    {
        foreach (var pair in section.Children)
        {
            var key = (pair.Key as YamlScalarNode)?.Value ?? "";
            if (pair.Value is YamlMappingNode entry) yield return (key, entry);
            else Error(pair.Value, $"'{key}' must be a mapping such as {{ text: ..., mark: U }}");
        }
    }

    internal string Text(YamlMappingNode entry, string key, bool allowEmpty = false)
    {
        var node = Child(entry, key);
        if (node is YamlScalarNode scalar && scalar.Value != null && (allowEmpty || scalar.Value.Trim().Length > 0)) return scalar.Value;
        Error(node ?? entry, $"'{key}' must be {(allowEmpty ? "a" : "a non-empty")} text value");
        return "";
    }

    internal Regex Pattern(YamlMappingNode entry, string key)
    {
        var text = Text(entry, key);
        try
        {
            return new Regex(text, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            Error(Child(entry, key) ?? entry, $"'{key}' is not a valid regular expression: {e.Message}");
            return new Regex("(?!)");
        }
    }

    internal DeviceMark Mark(YamlMappingNode entry)
    {
        var node = Child(entry, "mark");
        var text = (node as YamlScalarNode)?.Value?.Trim();
        foreach (DeviceMark mark in System.Enum.GetValues(typeof(DeviceMark)))
        {
            if (string.Equals(text, mark.ToString(), StringComparison.OrdinalIgnoreCase)) return mark;
        }
        Error(node ?? entry, "'mark' must be seed, V, P or U (reference ewc-device.md)");
        return DeviceMark.U;
    }

    internal TEnum Enum<TEnum>(YamlMappingNode entry, string key) where TEnum : struct
    {
        var node = Child(entry, key);
        var text = (node as YamlScalarNode)?.Value?.Trim();
        if (text != null && System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(typeof(TEnum), value) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) return value;
        Error(node ?? entry, $"'{key}' must be one of {string.Join(", ", System.Enum.GetNames(typeof(TEnum)))}");
        return default;
    }

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(p => (p.Key as YamlScalarNode)?.Value == key).Value;
}
