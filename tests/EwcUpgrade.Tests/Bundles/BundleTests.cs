using System.IO.Compression;
using System.Security.Cryptography;
using EwcUpgrade.Bundles;

namespace EwcUpgrade.Tests.Bundles;

public sealed class BundleTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ewc-bundle-" + Guid.NewGuid().ToString("N")[..10]);

    public BundleTests() => Directory.CreateDirectory(_dir);

    private string Path_(params string[] parts) => Path.Combine(new[] { _dir }.Concat(parts).ToArray());

    [Fact]
    public void A_sample_bundle_has_the_real_file_set_and_version_files()
    {
        var folder = SampleBundleBuilder.Create(Path_("bundle"));
        var names = Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "C9800-AP-iosxe-wlc.bin", "ap1g4", "ap1g5", "ap1g6", "ap1g6a", "ap1g7", "ap1g8", "ap3g3", "controller_version.info", "readme.txt", "version.info" }, names);
        Assert.Equal(10, new FileInfo(Path_("bundle", "version.info")).Length);
        Assert.Equal(13, new FileInfo(Path_("bundle", "controller_version.info")).Length);
        var bundle = ApBundleReader.Read(folder);
        Assert.Equal("17.9.4.27", bundle.Version);
        Assert.Equal("17.09.04a.0.6", bundle.ControllerVersion);
        Assert.Equal(8, bundle.Images.Count);
        Assert.True(bundle.HasReadme);
    }

    [Fact]
    public void Sample_images_are_tar_archives_naming_their_family_and_are_deterministic_and_distinct()
    {
        var a = SampleBundleBuilder.Create(Path_("a"), imageTypes: new[] { "ap1g7", "ap1g8" });
        var b = SampleBundleBuilder.Create(Path_("b"), imageTypes: new[] { "ap1g7" });
        var first = File.ReadAllBytes(Path.Combine(a, "ap1g7"));
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(b, "ap1g7")));
        Assert.NotEqual(SHA256.HashData(first), SHA256.HashData(File.ReadAllBytes(Path.Combine(a, "ap1g8"))));
        Assert.Equal("ustar", System.Text.Encoding.ASCII.GetString(first, 257, 5));
        Assert.Equal("info", System.Text.Encoding.ASCII.GetString(first, 0, 4));
        Assert.Contains("image_family=ap1g7\nap_version=17.9.4.27\n", System.Text.Encoding.ASCII.GetString(first, 512, 512));
        Assert.Equal(0, first.Length % 512);
    }

    [Fact]
    public void Realistic_sizes_are_the_seeds_and_small_ones_a_hundredth()
    {
        Assert.Equal(76728320, SampleBundleBuilder.ImageSize("ap1g7", SampleBundleSize.Realistic));
        Assert.Equal(301257756, SampleBundleBuilder.ImageSize("controller", SampleBundleSize.Realistic));
        Assert.InRange(SampleBundleBuilder.ImageSize("ap1g7", SampleBundleSize.Small), 76728320 / 100 - 512, 76728320 / 100);
    }

    [Fact]
    public void Hashes_read_back_match_an_independent_hash()
    {
        var folder = SampleBundleBuilder.Create(Path_("h"), imageTypes: new[] { "ap3g3" });
        var image = ApBundleReader.Read(folder, computeHash: true).Image("ap3g3")!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(image.FullPath))), image.Sha256);
    }

    [Theory]
    [InlineData("17.9.4.27\n")]
    [InlineData("  17.9.4.27  \r\n\r\n")]
    [InlineData("17.9.4.27")]
    public void Version_files_are_read_tolerantly(string content)
    {
        Directory.CreateDirectory(Path_("v"));
        File.WriteAllText(Path_("v", "version.info"), content);
        Assert.Equal("17.9.4.27", ApBundleReader.Read(Path_("v")).Version);
    }

    [Fact]
    public void A_folder_without_version_info_is_not_a_bundle()
    {
        Directory.CreateDirectory(Path_("empty"));
        var e = Assert.Throws<ApBundleException>(() => ApBundleReader.Read(Path_("empty")));
        Assert.Contains("version.info", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("C9800-AP-universalk9.17.9.4a/")]
    public void A_zip_imports_whether_the_bundle_is_at_its_root_or_in_one_folder(string prefix)
    {
        var source = SampleBundleBuilder.Create(Path_("src"), imageTypes: new[] { "ap1g7" });
        var zip = Path_("bundle.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.GetFiles(source)) archive.CreateEntryFromFile(file, prefix + Path.GetFileName(file));
        }
        var plan = ApBundleImporter.Plan(zip, Path_("images"));
        Assert.False(Directory.Exists(Path_("images")), "planning writes nothing");
        var bundle = ApBundleImporter.Execute(plan, force: false);
        Assert.Equal(Path_("images", "17.9.4.27"), bundle.Folder);
        Assert.Equal(File.ReadAllBytes(Path.Combine(source, "ap1g7")), File.ReadAllBytes(Path_("images", "17.9.4.27", "ap1g7")));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/abs/evil")]
    [InlineData("C:\\evil")]
    [InlineData("a\\..\\..\\evil")]
    public void Zip_slip_entries_are_refused_before_anything_is_written(string entry)
    {
        var zip = Path_("evil.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(archive.CreateEntry("version.info").Open())) w.Write("17.9.4.27\n");
            using (var w = new StreamWriter(archive.CreateEntry(entry).Open())) w.Write("x");
        }
        Assert.Throws<ApBundleException>(() => ApBundleImporter.Plan(zip, Path_("images")));
        Assert.False(Directory.Exists(Path_("images")));
    }

    [Fact]
    public void An_existing_version_is_kept_without_force_and_replaced_whole_with_it()
    {
        var source = SampleBundleBuilder.Create(Path_("src"), imageTypes: new[] { "ap1g8" });
        ApBundleImporter.Execute(ApBundleImporter.Plan(source, Path_("images")), force: false);
        File.WriteAllText(Path_("images", "17.9.4.27", "note.txt"), "mine");
        var plan = ApBundleImporter.Plan(source, Path_("images"));
        Assert.True(plan.DestinationExists);
        Assert.Throws<ApBundleExistsException>(() => ApBundleImporter.Execute(plan, force: false));
        Assert.True(File.Exists(Path_("images", "17.9.4.27", "note.txt")));
        ApBundleImporter.Execute(plan, force: true);
        Assert.False(File.Exists(Path_("images", "17.9.4.27", "note.txt")));
        Assert.Single(Directory.GetDirectories(Path_("images"))); // no staging or retired folders left
    }

    /// <summary>Flips four bytes in the middle of an entry's stored data, found through its local header.</summary>
    private static void DamageEntry(string zip, string entryName)
    {
        var data = File.ReadAllBytes(zip);
        var name = System.Text.Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i + 30 + name.Length <= data.Length; i++)
        {
            if (data[i] != 0x50 || data[i + 1] != 0x4b || data[i + 2] != 3 || data[i + 3] != 4) continue;
            int nameLength = BitConverter.ToUInt16(data, i + 26), extraLength = BitConverter.ToUInt16(data, i + 28);
            if (nameLength != name.Length || !data.AsSpan(i + 30, nameLength).SequenceEqual(name)) continue;
            var size = BitConverter.ToInt32(data, i + 18);
            Assert.True(size >= 8, "the entry has data to damage");
            var middle = i + 30 + nameLength + extraLength + size / 2;
            for (var k = 0; k < 4; k++) data[middle + k] ^= 0xFF;
            File.WriteAllBytes(zip, data);
            return;
        }
        Assert.Fail($"no local header for {entryName}");
    }

    /// <summary>Every name under a folder, hidden ones too, with sizes: "exactly as before" is this list.</summary>
    private static string[] Listing(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories)
                .Select(p => p.Substring(folder.Length) + (File.Exists(p) ? " " + new FileInfo(p).Length : "/")).OrderBy(p => p, StringComparer.Ordinal).ToArray()
            : new[] { "(none)" };

    private string ZipOf(string source, CompressionLevel level, string name = "bundle.zip")
    {
        var zip = Path_(name);
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var file in Directory.GetFiles(source).OrderBy(f => f, StringComparer.Ordinal)) archive.CreateEntryFromFile(file, Path.GetFileName(file), level);
        return zip;
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression, "ap1g8")]
    [InlineData(CompressionLevel.Optimal, "ap1g8")]
    [InlineData(CompressionLevel.Optimal, "readme.txt")]
    public void A_damaged_entry_is_refused_by_name_and_the_image_root_is_left_as_it_was(CompressionLevel level, string damaged)
    {
        var source = SampleBundleBuilder.Create(Path_("src"), imageTypes: new[] { "ap1g7", "ap1g8" });
        var zip = ZipOf(source, level);
        DamageEntry(zip, damaged);
        // The image root already serves another release; it must come out untouched.
        var older = SampleBundleBuilder.Create(Path_("images", "17.9.3.1"), apVersion: "17.9.3.1", imageTypes: new[] { "ap1g7" });
        var before = Listing(Path_("images"));

        var e = Assert.Throws<ApBundleDamagedException>(() => ApBundleImporter.Execute(ApBundleImporter.Plan(zip, Path_("images")), force: false));
        Assert.Equal(damaged, e.Entry);
        Assert.Contains($"'{damaged}'", e.Message);
        Assert.Equal(before, Listing(Path_("images")));
        Assert.True(Directory.Exists(older));
    }

    [Fact]
    public void A_damaged_entry_replaces_nothing_under_Force()
    {
        var source = SampleBundleBuilder.Create(Path_("src"), imageTypes: new[] { "ap1g7" });
        ApBundleImporter.Execute(ApBundleImporter.Plan(source, Path_("images")), force: false);
        var before = Listing(Path_("images"));
        var zip = ZipOf(source, CompressionLevel.NoCompression);
        DamageEntry(zip, "C9800-AP-iosxe-wlc.bin");
        Assert.Throws<ApBundleDamagedException>(() => ApBundleImporter.Execute(ApBundleImporter.Plan(zip, Path_("images")), force: true));
        Assert.Equal(before, Listing(Path_("images")));
    }

    [Fact]
    public void A_failed_import_removes_the_image_root_it_created()
    {
        var zip = ZipOf(SampleBundleBuilder.Create(Path_("src"), imageTypes: new[] { "ap1g7" }), CompressionLevel.NoCompression);
        DamageEntry(zip, "ap1g7");
        Assert.Throws<ApBundleDamagedException>(() => ApBundleImporter.Execute(ApBundleImporter.Plan(zip, Path_("new", "images")), force: false));
        Assert.False(Directory.Exists(Path_("new")));
    }

    [Fact]
    public void A_cancelled_import_leaves_nothing_behind()
    {
        var zip = ZipOf(SampleBundleBuilder.Create(Path_("src")), CompressionLevel.NoCompression);
        Directory.CreateDirectory(Path_("images"));
        using var cancel = new CancellationTokenSource();
        var plan = ApBundleImporter.Plan(zip, Path_("images"));
        // Cancel once the first bytes are written: files are half copied into the staging folder by then.
        Assert.ThrowsAny<OperationCanceledException>(() => ApBundleImporter.Execute(plan, force: false, (done, _) => cancel.Cancel(), cancel.Token));
        Assert.Empty(Directory.GetFileSystemEntries(Path_("images")));
    }

    [Fact]
    public void An_intact_deflated_zip_imports_byte_for_byte()
    {
        var source = SampleBundleBuilder.Create(Path_("src"), imageTypes: new[] { "ap1g6" });
        var bundle = ApBundleImporter.Execute(ApBundleImporter.Plan(ZipOf(source, CompressionLevel.Optimal), Path_("images")), force: false);
        foreach (var file in Directory.GetFiles(source))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(bundle.Folder, Path.GetFileName(file))));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(70000)] // more than 65535 entries: the zip64 end record holds the count
    public void The_central_directory_is_read_in_ZipArchive_order_with_its_checksums(int count)
    {
        var zip = Path_($"many-{count}.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            for (var i = 0; i < count; i++)
            {
                using var w = new StreamWriter(archive.CreateEntry($"d{i % 7}/f{i}", i % 2 == 0 ? CompressionLevel.Optimal : CompressionLevel.NoCompression).Open());
                w.Write($"entry {i}");
            }
        }
        var records = ZipCentralDirectory.Read(zip);
        using var read = ZipFile.OpenRead(zip);
        Assert.Equal(read.Entries.Count, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            // ZipArchiveEntry.Crc32 (newer frameworks only) is the independent reference here.
            Assert.Equal(read.Entries[i].Crc32, records[i].Crc32);
            Assert.Equal(read.Entries[i].Length, records[i].UncompressedSize);
        }
    }

    [Fact]
    public void A_zip_without_a_central_directory_is_refused_in_plain_words()
    {
        var zip = ZipOf(SampleBundleBuilder.Create(Path_("src"), imageTypes: new[] { "ap1g7" }), CompressionLevel.NoCompression);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes.AsSpan(0, bytes.Length - 200).ToArray());
        var e = Assert.Throws<ApBundleException>(() => ApBundleImporter.Plan(zip, Path_("images")));
        Assert.Contains("readable zip", e.Message);
        Assert.DoesNotContain("Central Directory record", e.Message);
        Assert.False(Directory.Exists(Path_("images")));
    }

    [Fact]
    public void A_staging_folder_left_by_a_killed_import_is_not_listed_as_a_bundle()
    {
        SampleBundleBuilder.Create(Path_("images", "17.9.4.27"), imageTypes: new[] { "ap1g7" });
        SampleBundleBuilder.Create(Path_("images", ".17.9.5.1.importing-0123"), apVersion: "17.9.5.1", imageTypes: new[] { "ap1g7" });
        Assert.Equal(new[] { Path_("images", "17.9.4.27") }, ApBundleReader.FindBundleFolders(Path_("images")));
    }

    [Fact]
    public void Crc32_matches_the_zip_checksum()
    {
        Assert.Equal(0xCBF43926u, Crc32.Of(System.Text.Encoding.ASCII.GetBytes("123456789")));
        var data = new byte[100003];
        new Random(7).NextBytes(data);
        var whole = Crc32.Of(data);
        var parts = new Crc32();
        parts.Append(data, 0, 5);
        parts.Append(data, 5, 70000);
        parts.Append(data, 70005, data.Length - 70005);
        Assert.Equal(whole, parts.Value);
        // The test runs on a framework whose ZipArchiveEntry computes CRC-32 itself: an independent reference.
        var bytes = new MemoryStream();
        using (var writer = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = writer.CreateEntry("data").Open()) entry.Write(data);
        bytes.Position = 0;
        using var reader = new ZipArchive(bytes, ZipArchiveMode.Read);
        Assert.Equal(reader.GetEntry("data")!.Crc32, whole);
    }

    [Fact]
    public void Coverage_names_missing_types_and_unknown_models()
    {
        var bundle = ApBundleReader.Read(SampleBundleBuilder.Create(Path_("c"), imageTypes: new[] { "ap1g7", "ap1g8" }));
        var coverage = ApBundleCoverageCheck.Test(bundle, new[] { "C9120AXI-E", "ap1g8", "AIR-AP2802I-E-K9", "X1" });
        Assert.False(coverage.IsComplete);
        Assert.Equal(new[] { "ap3g3" }, coverage.MissingImageTypes);
        Assert.Equal(new[] { "X1" }, coverage.UnknownModels);
        Assert.True(ApBundleCoverageCheck.Test(bundle, new[] { "C9115AXI-E", "C9105AXW-E" }).IsComplete);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
