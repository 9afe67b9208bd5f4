using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;

namespace EwcUpgrade.Bundles;

/// <summary>
/// Unpacks a bundle (zip or folder) into &lt;image root&gt;/&lt;version&gt;/. The files go to a hidden
/// sibling folder first and take the version folder's place only when complete, so a failed or
/// cancelled import never leaves a half bundle, and -Force replaces the old one only after the new
/// one is whole.
/// </summary>
public static class ApBundleImporter
{
    public static ApBundleImportPlan Plan(string source, string imageRoot)
    {
        source = Path.GetFullPath(source);
        imageRoot = Path.GetFullPath(imageRoot);
        if (Directory.Exists(source)) return PlanFolder(source, imageRoot);
        if (!File.Exists(source)) throw new FileNotFoundException($"No bundle at '{source}'.", source);
        return PlanZip(source, imageRoot);
    }

    public static ApBundle Execute(ApBundleImportPlan plan, bool force, Action<long, long>? progress = null, CancellationToken ct = default)
    {
        if (Directory.Exists(plan.Destination) && !force) throw new ApBundleExistsException(plan.Destination, plan.Version);
        var parent = Path.GetDirectoryName(plan.Destination)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{plan.Version}.importing-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            if (plan.SourceIsZip) ExtractZip(plan, staging, progress, ct);
            else CopyFolder(plan, staging, progress, ct);
            Swap(staging, plan.Destination);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return ApBundleReader.Read(plan.Destination);
    }

    private static ApBundleImportPlan PlanFolder(string source, string imageRoot)
    {
        var versionFile = Path.Combine(source, BundleVersionFiles.ApVersionFile);
        if (!File.Exists(versionFile)) throw new ApBundleException($"'{source}' is not an AP bundle: it has no {BundleVersionFiles.ApVersionFile}.");
        var version = BundleVersionFiles.Read(File.ReadAllText(versionFile)) ?? throw new ApBundleException($"'{versionFile}' holds no usable version.");
        var controllerFile = Path.Combine(source, BundleVersionFiles.ControllerVersionFile);
        var files = Directory.GetFiles(source, "*", SearchOption.AllDirectories)
            .Select(f => f.Substring(source.TrimEnd(Path.DirectorySeparatorChar).Length + 1).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        var total = files.Sum(f => new FileInfo(Path.Combine(source, f)).Length);
        return NewPlan(source, false, "", version, File.Exists(controllerFile) ? BundleVersionFiles.Read(File.ReadAllText(controllerFile)) : null, imageRoot, files, total);
    }

    private static ApBundleImportPlan PlanZip(string source, string imageRoot)
    {
        using var zip = OpenZip(source);
        // Every name is checked before the bundle is even looked for: one bad entry refuses the zip.
        var entries = zip.Entries.Select(e => (Entry: e, Name: ZipEntryPaths.Normalize(e.FullName))).ToList();
        var versionEntries = entries.Where(e => e.Name == BundleVersionFiles.ApVersionFile || e.Name.EndsWith("/" + BundleVersionFiles.ApVersionFile, StringComparison.Ordinal))
            .OrderBy(e => e.Name.Count(c => c == '/')).ToList();
        if (versionEntries.Count == 0) throw new ApBundleException($"'{source}' is not an AP bundle: it has no {BundleVersionFiles.ApVersionFile}.");
        var versionEntry = versionEntries[0];
        var prefix = versionEntry.Name.Substring(0, versionEntry.Name.Length - BundleVersionFiles.ApVersionFile.Length);
        var version = BundleVersionFiles.Read(ReadText(versionEntry.Entry)) ?? throw new ApBundleException($"{BundleVersionFiles.ApVersionFile} in '{source}' holds no usable version.");
        var controller = entries.FirstOrDefault(e => e.Name == prefix + BundleVersionFiles.ControllerVersionFile);

        var files = entries.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal) && e.Name.Length > prefix.Length && !IsFolderEntry(e.Entry)).ToList();
        return NewPlan(source, true, prefix, version, controller.Entry == null ? null : BundleVersionFiles.Read(ReadText(controller.Entry)), imageRoot,
            files.Select(f => f.Name.Substring(prefix.Length)).OrderBy(f => f, StringComparer.Ordinal).ToList(), files.Sum(f => f.Entry.Length));
    }

    private static ApBundleImportPlan NewPlan(string source, bool isZip, string prefix, string version, string? controllerVersion,
        string imageRoot, IReadOnlyList<string> files, long total)
    {
        var destination = Path.Combine(imageRoot, version);
        return new ApBundleImportPlan(source, isZip, prefix, version, controllerVersion, destination, Directory.Exists(destination), files, total);
    }

    private static void ExtractZip(ApBundleImportPlan plan, string staging, Action<long, long>? progress, CancellationToken ct)
    {
        using var zip = OpenZip(plan.Source);
        var wanted = new HashSet<string>(plan.Files, StringComparer.Ordinal);
        long done = 0;
        var buffer = new byte[1 << 20];
        foreach (var entry in zip.Entries)
        {
            var name = ZipEntryPaths.Normalize(entry.FullName);
            if (IsFolderEntry(entry) || !name.StartsWith(plan.EntryPrefix, StringComparison.Ordinal)) continue;
            var relative = name.Substring(plan.EntryPrefix.Length);
            if (!wanted.Contains(relative)) continue;
            var target = ZipEntryPaths.Target(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var input = entry.Open();
            using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            done = Pump(input, output, buffer, done, plan.TotalBytes, progress, ct);
        }
    }

    private static void CopyFolder(ApBundleImportPlan plan, string staging, Action<long, long>? progress, CancellationToken ct)
    {
        long done = 0;
        var buffer = new byte[1 << 20];
        foreach (var relative in plan.Files)
        {
            var target = ZipEntryPaths.Target(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var input = new FileStream(Path.Combine(plan.Source, relative), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            done = Pump(input, output, buffer, done, plan.TotalBytes, progress, ct);
        }
    }

    private static long Pump(Stream input, Stream output, byte[] buffer, long done, long total, Action<long, long>? progress, CancellationToken ct)
    {
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            output.Write(buffer, 0, read);
            done += read;
            progress?.Invoke(done, total);
        }
        return done;
    }

    /// <summary>The new folder takes the old one's place; the old one is deleted only once the new one is in.</summary>
    private static void Swap(string staging, string destination)
    {
        if (!Directory.Exists(destination))
        {
            Directory.Move(staging, destination);
            return;
        }
        var retired = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.replaced-{Guid.NewGuid():N}");
        Directory.Move(destination, retired);
        try
        {
            Directory.Move(staging, destination);
        }
        catch
        {
            Directory.Move(retired, destination);
            throw;
        }
        Directory.Delete(retired, recursive: true);
    }

    private static ZipArchive OpenZip(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new ApBundleException($"'{path}' is neither a bundle folder nor a readable zip: {e.Message}");
        }
    }

    private static bool IsFolderEntry(ZipArchiveEntry entry) => entry.FullName.EndsWith("/", StringComparison.Ordinal) || entry.FullName.EndsWith("\\", StringComparison.Ordinal);

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
