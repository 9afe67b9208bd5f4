using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace EwcUpgrade.Capture;

/// <summary>A capture's files exist already: a capture is never overwritten unless asked to (-Force).</summary>
public sealed class CaptureExistsException : IOException
{
    public CaptureExistsException(string name, IReadOnlyList<string> existing)
        : base($"The capture {name} exists already ({string.Join(", ", existing)}); give -Force to replace it, or another -Path.")
    {
        Name = name;
        Existing = existing;
    }

    public string Name { get; }
    /// <summary>The files that exist, as full paths.</summary>
    public IReadOnlyList<string> Existing { get; }
}

/// <summary>
/// Lays a capture out the way tests/EwcUpgrade.Tests/Parsers/Captures/ reads it: each command's
/// output as &lt;Parser&gt;/&lt;name&gt;.txt, and &lt;name&gt;.manifest.yml beside the parser folders.
/// Copying the folder's content into Captures/ (and writing each .expected.json by hand) makes
/// the test captures. Each file is written under a temporary name in its folder and then moved
/// into place, so a reader never sees half a file and a failed write leaves no partial capture file.
/// </summary>
public static class CaptureWriter
{
    public const string ManifestSuffix = ".manifest.yml";
    private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The files the capture consists of, as paths relative to the root (with '/'), and their text.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Layout(DeviceCapture capture)
    {
        var files = new List<KeyValuePair<string, string>>();
        foreach (var command in capture.Captured)
        {
            command.File = command.Folder + "/" + capture.Name + ".txt";
            // The device's prompt ended the output; a file ends with a line break like the other captures.
            var text = command.Text.EndsWith("\n", StringComparison.Ordinal) ? command.Text : command.Text + "\n";
            files.Add(new KeyValuePair<string, string>(command.File, text));
        }
        files.Add(new KeyValuePair<string, string>(capture.Name + ManifestSuffix, CaptureManifest.Write(capture)));
        return files;
    }

    /// <summary>The full paths the capture would write under <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Paths(string root, DeviceCapture capture) =>
        Layout(capture).Select(f => FullPath(root, f.Key)).ToList();

    /// <summary>Those of <see cref="Paths"/> that exist now.</summary>
    public static IReadOnlyList<string> Existing(string root, DeviceCapture capture) =>
        Paths(root, capture).Where(File.Exists).ToList();

    /// <summary>
    /// Writes the capture under <paramref name="root"/> (created if missing) and returns the full
    /// paths written. Refuses with CaptureExistsException, writing nothing, when any of its files
    /// exists, unless <paramref name="force"/>.
    /// </summary>
    public static IReadOnlyList<string> Write(string root, DeviceCapture capture, bool force)
    {
        var files = Layout(capture).Select(f => (Path: FullPath(root, f.Key), Text: f.Value)).ToList();
        var existing = files.Where(f => File.Exists(f.Path)).Select(f => f.Path).ToList();
        if (existing.Count > 0 && !force) throw new CaptureExistsException(capture.Name, existing);
        var written = new List<string>();
        foreach (var file in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
            var temp = Path.Combine(Path.GetDirectoryName(file.Path)!, "." + Path.GetFileName(file.Path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                File.WriteAllText(temp, file.Text, s_utf8);
                if (File.Exists(file.Path))
                {
                    if (!force) throw new CaptureExistsException(capture.Name, new[] { file.Path }); // appeared while writing
                    File.Replace(temp, file.Path, destinationBackupFileName: null);
                }
                else
                {
                    // Move fails if the file appeared meanwhile: never a silent overwrite.
                    File.Move(temp, file.Path);
                }
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            written.Add(file.Path);
        }
        return written;
    }

    private static string FullPath(string root, string relative) =>
        Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
}
