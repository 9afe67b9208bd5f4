using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;

namespace EwcUpgrade.Bundles;

/// <summary>Reads bundle folders: versions, the images they hold, and their SHA-256 on request.</summary>
public static class ApBundleReader
{
    public static bool IsBundleFolder(string folder) => File.Exists(Path.Combine(folder, BundleVersionFiles.ApVersionFile));

    /// <summary>
    /// The bundle folders directly under an image root, by name. Hidden (dot) folders are not bundles:
    /// the importer stages into them, and one left by a killed import is not a release to list.
    /// </summary>
    public static IReadOnlyList<string> FindBundleFolders(string imageRoot) =>
        Directory.GetDirectories(imageRoot).Where(f => !Path.GetFileName(f).StartsWith(".", StringComparison.Ordinal) && IsBundleFolder(f))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

    public static ApBundle Read(string folder, bool computeHash = false, Action<string, long, long>? hashProgress = null, CancellationToken ct = default)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No bundle folder '{folder}'.");
        var versionFile = Path.Combine(folder, BundleVersionFiles.ApVersionFile);
        if (!File.Exists(versionFile)) throw new ApBundleException($"'{folder}' is not an AP bundle: it has no {BundleVersionFiles.ApVersionFile}.");
        var version = BundleVersionFiles.Read(File.ReadAllText(versionFile))
                      ?? throw new ApBundleException($"'{versionFile}' holds no version.");
        var controllerFile = Path.Combine(folder, BundleVersionFiles.ControllerVersionFile);
        var controllerVersion = File.Exists(controllerFile) ? BundleVersionFiles.Read(File.ReadAllText(controllerFile)) : null;

        var images = new List<ApBundleImage>();
        foreach (var path in Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var isController = string.Equals(name, ApImageTypeTable.ControllerImageFile, StringComparison.OrdinalIgnoreCase);
            var type = isController ? "controller" : ApImageTypeTable.Find(name)?.Name;
            if (type == null) continue;
            var size = new FileInfo(path).Length;
            var hash = computeHash ? Sha256Hex.OfFile(path, (done, total) => hashProgress?.Invoke(name, done, total), ct) : null;
            images.Add(new ApBundleImage(type, path, size, hash, isController));
        }
        return new ApBundle(version, controllerVersion, folder, images, File.Exists(Path.Combine(folder, BundleVersionFiles.ReadmeFile)));
    }
}
