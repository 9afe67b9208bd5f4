using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Tests.Parsers;

/// <summary>
/// Every capture under Captures/&lt;Parser&gt;/ parses to its hand-written .expected.json. A new
/// capture from the field is two new files and no code.
/// </summary>
public sealed class CaptureTests
{
    private static readonly Dictionary<string, Func<string, object?>> s_parsers = new()
    {
        ["ShowApImage"] = raw => ShowApImage.Parse(raw),
        ["ShowApSummary"] = raw => ShowApSummary.Parse(raw),
        ["ShowInstallSummary"] = raw => ShowInstallSummary.Parse(raw),
        ["ShowVersion"] = raw => ShowVersion.Parse(raw),
        ["ImageDownloadProfileConfig"] = raw => ImageDownloadProfileConfig.Parse(raw),
        ["SyslogLine"] = raw => SyslogLine.ParseAll(raw),
        // The device prints no year: the captures are read in 2024, the seed's.
        ["ImageDownloadLog"] = raw => EwcUpgrade.Diagnosis.ImageDownloadLog.Parse(raw, year: 2024),
    };

    // Enums as their names: the expected files are written by hand, and "Complete" reads better than 5.
    private static readonly JsonSerializerOptions s_json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static TheoryData<string, string> Captures()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in Directory.GetDirectories(CapturesFolder).OrderBy(f => f))
        {
            foreach (var capture in Directory.GetFiles(folder, "*.txt").OrderBy(f => f))
            {
                data.Add(Path.GetFileName(folder), Path.GetFileName(capture));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Capture_parses_to_its_expected_structure(string parser, string capture)
    {
        var raw = File.ReadAllText(Path.Combine(CapturesFolder, parser, capture));
        var expectedFile = Path.Combine(CapturesFolder, parser, Path.GetFileNameWithoutExtension(capture) + ".expected.json");
        Assert.True(File.Exists(expectedFile), $"{capture} has no {Path.GetFileName(expectedFile)}");
        Assert.True(s_parsers.ContainsKey(parser), $"no parser is registered for the capture folder {parser}");

        var actual = JsonSerializer.SerializeToNode(s_parsers[parser](raw), s_json);
        var expected = JsonNode.Parse(File.ReadAllText(expectedFile));
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"{parser}/{capture}\nexpected: {expected?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
    }

    [Fact]
    public void Every_parser_has_at_least_one_capture()
    {
        var folders = Directory.GetDirectories(CapturesFolder).Select(Path.GetFileName).ToHashSet();
        Assert.All(s_parsers.Keys, name => Assert.Contains(name, folders));
    }

    /// <summary>Whether a folder name is a parser's: what a capture exported from a device (Export-EwcCapture) must be filed under.</summary>
    internal static bool HasParser(string folder) => s_parsers.ContainsKey(folder);

    /// <summary>The structure the folder's parser makes of a capture's text, as the theory above compares it (JSON, enums by name).</summary>
    internal static JsonNode? ParseAsJson(string folder, string raw) => JsonSerializer.SerializeToNode(s_parsers[folder](raw), s_json);

    internal static string CapturesFolder => Path.Combine(TestRepo.Root, "tests", "EwcUpgrade.Tests", "Parsers", "Captures");
}
