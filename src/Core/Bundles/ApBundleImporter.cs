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
        // An import that fails leaves the image root as it found it, so a root it had to create goes too.
        var created = FirstMissingFolder(parent);
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{plan.Version}.importing-{Guid.NewGuid():N}");
        var done = false;
        try
        {
            Directory.CreateDirectory(staging);
            if (plan.SourceIsZip) ExtractZip(plan, staging, progress, ct);
            else CopyFolder(plan, staging, progress, ct);
            Swap(staging, plan.Destination);
            done = true;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            if (!done && created != null) RemoveEmptyFolders(parent, created);
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
        var records = DirectoryRecords(source, zip);
        // Every name is checked before the bundle is even looked for: one bad entry refuses the zip.
        var entries = zip.Entries.Select((e, i) => (Entry: e, Name: ZipEntryPaths.Normalize(e.FullName), Record: records[i])).ToList();
        var versionEntries = entries.Where(e => e.Name == BundleVersionFiles.ApVersionFile || e.Name.EndsWith("/" + BundleVersionFiles.ApVersionFile, StringComparison.Ordinal))
            .OrderBy(e => e.Name.Count(c => c == '/')).ToList();
        if (versionEntries.Count == 0) throw new ApBundleException($"'{source}' is not an AP bundle: it has no {BundleVersionFiles.ApVersionFile}.");
        var versionEntry = versionEntries[0];
        var prefix = versionEntry.Name.Substring(0, versionEntry.Name.Length - BundleVersionFiles.ApVersionFile.Length);
        var version = BundleVersionFiles.Read(ReadText(source, versionEntry.Entry, versionEntry.Record)) ?? throw new ApBundleException($"{BundleVersionFiles.ApVersionFile} in '{source}' holds no usable version.");
        var controller = entries.FirstOrDefault(e => e.Name == prefix + BundleVersionFiles.ControllerVersionFile);

        var files = entries.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal) && e.Name.Length > prefix.Length && !IsFolderEntry(e.Entry)).ToList();
        return NewPlan(source, true, prefix, version, controller.Entry == null ? null : BundleVersionFiles.Read(ReadText(source, controller.Entry, controller.Record)), imageRoot,
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
        var records = DirectoryRecords(plan.Source, zip);
        var wanted = new HashSet<string>(plan.Files, StringComparer.Ordinal);
        long done = 0;
        var buffer = new byte[1 << 20];
        for (var i = 0; i < zip.Entries.Count; i++)
        {
            var entry = zip.Entries[i];
            var name = ZipEntryPaths.Normalize(entry.FullName);
            if (IsFolderEntry(entry) || !name.StartsWith(plan.EntryPrefix, StringComparison.Ordinal)) continue;
            var relative = name.Substring(plan.EntryPrefix.Length);
            if (!wanted.Contains(relative)) continue;
            var target = ZipEntryPaths.Target(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            done = CopyVerified(plan.Source, entry, records[i], output, buffer, done, plan.TotalBytes, progress, ct);
        }
    }

    /// <summary>
    /// Copies one entry while computing its CRC-32 and checks it, and the length, against the central
    /// directory: System.IO.Compression checks neither, so a damaged image would otherwise be served.
    /// </summary>
    private static long CopyVerified(string source, ZipArchiveEntry entry, ZipCentralDirectory.Record record, Stream output, byte[] buffer,
        long done, long total, Action<long, long>? progress, CancellationToken ct)
    {
        var crc = new Crc32();
        var start = done;
        try
        {
            using var input = entry.Open();
            done = Pump(input, output, buffer, done, total, progress, ct, crc);
        }
        catch (InvalidDataException)
        {
            throw new ApBundleDamagedException(source, entry.FullName, "its data cannot be decompressed");
        }
        if (done - start != record.UncompressedSize)
        {
            throw new ApBundleDamagedException(source, entry.FullName, $"it holds {done - start} bytes where the zip records {record.UncompressedSize}");
        }
        if (crc.Value != record.Crc32)
        {
            throw new ApBundleDamagedException(source, entry.FullName, $"its CRC-32 is {crc.Value:x8} where the zip records {record.Crc32:x8}");
        }
        return done;
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

    private static long Pump(Stream input, Stream output, byte[] buffer, long done, long total, Action<long, long>? progress, CancellationToken ct, Crc32? crc = null)
    {
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            crc?.Append(buffer, 0, read);
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
        catch (InvalidDataException)
        {
            // .NET's own text ("End of Central Directory record could not be found") means nothing to an operator.
            throw new ApBundleException($"'{path}' is neither a bundle folder nor a readable zip: its end or its directory of entries is damaged or missing. Download the bundle again.");
        }
    }

    private static bool IsFolderEntry(ZipArchiveEntry entry) => entry.FullName.EndsWith("/", StringComparison.Ordinal) || entry.FullName.EndsWith("\\", StringComparison.Ordinal);

    /// <summary>A small text entry (version.info), checked like every other entry before it is believed.</summary>
    private static string ReadText(string source, ZipArchiveEntry entry, ZipCentralDirectory.Record record)
    {
        using var copy = new MemoryStream();
        CopyVerified(source, entry, record, copy, new byte[4096], 0, 0, null, CancellationToken.None);
        copy.Position = 0;
        using var reader = new StreamReader(copy);
        return reader.ReadToEnd();
    }

    /// <summary>The central directory's records, one per entry in the same order as ZipArchive lists them.</summary>
    private static IReadOnlyList<ZipCentralDirectory.Record> DirectoryRecords(string source, ZipArchive zip)
    {
        var records = ZipCentralDirectory.Read(source);
        if (records.Count != zip.Entries.Count)
        {
            throw new ApBundleException($"'{source}' is not a readable zip: its central directory lists {records.Count} entries where {zip.Entries.Count} were read. Download the bundle again.");
        }
        return records;
    }

    /// <summary>The outermost folder of <paramref name="folder"/>'s path that does not exist yet, or null.</summary>
    private static string? FirstMissingFolder(string folder)
    {
        string? missing = null;
        for (var f = folder; f != null && !Directory.Exists(f); f = Path.GetDirectoryName(f)) missing = f;
        return missing;
    }

    /// <summary>Removes the folders from <paramref name="folder"/> up to <paramref name="top"/> this import created, if they are still empty.</summary>
    private static void RemoveEmptyFolders(string folder, string top)
    {
        for (var f = folder; f != null && f.Length >= top.Length; f = Path.GetDirectoryName(f))
        {
            if (!Directory.Exists(f) || Directory.EnumerateFileSystemEntries(f).Any()) return;
            Directory.Delete(f);
        }
    }
}
