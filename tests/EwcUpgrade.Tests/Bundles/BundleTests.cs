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
