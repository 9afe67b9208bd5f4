using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EwcUpgrade.Capture;

/// <summary>
/// The manifest of a capture (&lt;name&gt;.manifest.yml): where it came from (controller, release,
/// model, when, which module) and, per command, its file or the device's refusal. Scalars are
/// written quoted so device text of any shape reads back unchanged.
/// </summary>
public static class CaptureManifest
{
    public static string Write(DeviceCapture capture)
    {
        var root = new YamlMappingNode
        {
            { "capture", Scalar(capture.Name) },
            { "controller", Scalar(capture.Controller) },
            { "release", Scalar(capture.Release) },
            { "model", Scalar(capture.Model) },
            { "software", Scalar(capture.Software) },
            { "taken", Scalar(Time(capture.TakenAt)) },
            { "module", Scalar("EwcUpgrade " + ModuleVersion) },
        };
        var commands = new YamlSequenceNode();
        foreach (var command in capture.Commands)
        {
            var entry = new YamlMappingNode
            {
                { "command", Scalar(command.Command) },
                { "status", Scalar(command.Status.ToString().ToLowerInvariant()) },
                { "time", Scalar(Time(command.TakenAt)) },
            };
            if (command.Status == CapturedStatus.Captured) entry.Add("file", Scalar(command.File ?? command.Folder + "/" + capture.Name + ".txt"));
            else entry.Add("device", Scalar(command.Text));
            commands.Add(entry);
        }
        root.Add("commands", commands);
        var writer = new StringWriter { NewLine = "\n" };
        writer.WriteLine("# A capture of real device output (Export-EwcCapture); secrets masked as *****.");
        writer.WriteLine("# See tests/EwcUpgrade.Tests/Parsers/Captures/README.md.");
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // YamlStream ends a document with "...": not needed for one document.
        var text = writer.ToString();
        if (text.EndsWith("...\n", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 4);
        return text;
    }

    private static YamlNode Scalar(string? value) =>
        value == null ? new YamlScalarNode("null") { Style = ScalarStyle.Plain } : new YamlScalarNode(value) { Style = ScalarStyle.DoubleQuoted };

    private static string Time(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string ModuleVersion =>
        typeof(CaptureManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CaptureManifest).Assembly.GetName().Version?.ToString() ?? "unknown";
}
