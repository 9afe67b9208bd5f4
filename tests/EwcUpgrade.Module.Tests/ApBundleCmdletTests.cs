using System.IO;
using System.IO.Compression;
using System.Linq;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests;

[Collection(ModuleCollection.Name)]
public sealed class ApBundleCmdletTests : IDisposable
{
    private readonly PsSession _ps = new();
    private readonly TempDir _dir = new();

    private string Zip => _dir.Combine("C9800-AP-universalk9.17.9.4a.zip");
    private string Images => _dir.Combine("images");

    private void MakeSample(string extra = "") =>
        _ps.Run($"New-ApSampleBundle -Path $zip {extra} | Out-Null", new() { ["zip"] = Zip }).AssertNoErrors();

    [Fact]
    public void Import_unpacks_into_a_folder_named_by_version_info()
    {
        MakeSample();
        var bundle = _ps.Run("Import-ApBundle -Path $zip -Destination $images", new() { ["zip"] = Zip, ["images"] = Images }).AssertNoErrors().Single();
        Assert.Equal("17.9.4.27", bundle.Properties["Version"].Value);
        Assert.Equal("17.09.04a.0.6", bundle.Properties["ControllerVersion"].Value);
        var folder = Path.Combine(Images, "17.9.4.27");
        Assert.Equal(folder, bundle.Properties["Folder"].Value);
        foreach (var file in new[] { "ap1g4", "ap1g7", "ap3g3", "C9800-AP-iosxe-wlc.bin", "version.info", "controller_version.info", "readme.txt" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }
        Assert.Equal("17.9.4.27\n", File.ReadAllText(Path.Combine(folder, "version.info")));
    }

    [Fact]
    public void WhatIf_reports_the_plan_and_writes_nothing()
    {
        MakeSample();
        _ps.Run("Import-ApBundle -Path $zip -Destination $images -WhatIf", new() { ["zip"] = Zip, ["images"] = Images }).AssertNoErrors();
        Assert.False(Directory.Exists(Path.Combine(Images, "17.9.4.27")));
    }

    [Fact]
    public void An_existing_version_folder_is_kept_unless_Force()
    {
        MakeSample();
        var vars = new Dictionary<string, object?> { ["zip"] = Zip, ["images"] = Images };
        _ps.Run("Import-ApBundle $zip $images | Out-Null", vars).AssertNoErrors();
        var marker = Path.Combine(Images, "17.9.4.27", "operator-note.txt");
        File.WriteAllText(marker, "keep me");

        var second = _ps.Run("Import-ApBundle $zip $images", vars);
        var error = Assert.Single(second.Errors);
        Assert.StartsWith("ApBundleExists", error.FullyQualifiedErrorId);
        Assert.True(File.Exists(marker));

        var forced = _ps.Run("Import-ApBundle $zip $images -Force", vars).AssertNoErrors();
        Assert.Single(forced.Output);
        Assert.False(File.Exists(marker));
        Assert.True(File.Exists(Path.Combine(Images, "17.9.4.27", "ap1g7")));
    }

    [Fact]
    public void A_zip_entry_that_would_escape_the_destination_is_refused_and_nothing_is_written()
    {
        var evil = _dir.Combine("evil.zip");
        using (var zip = ZipFile.Open(evil, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("version.info").Open())) w.Write("17.9.4.27\n");
            using (var w = new StreamWriter(zip.CreateEntry("../../escaped.txt").Open())) w.Write("x");
        }
        var result = _ps.Run("Import-ApBundle $zip $images", new() { ["zip"] = evil, ["images"] = Images });
        Assert.Single(result.Errors);
        Assert.Empty(result.Output);
        Assert.False(File.Exists(_dir.Combine("escaped.txt")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_dir.Path)!, "escaped.txt")));
        Assert.False(Directory.Exists(Path.Combine(Images, "17.9.4.27")));
    }

    [Fact]
    public void Get_ApBundle_lists_the_versions_under_an_image_root_and_hashes_on_request()
    {
        MakeSample();
        _ps.Run("Import-ApBundle $zip $images | Out-Null", new() { ["zip"] = Zip, ["images"] = Images }).AssertNoErrors();
        var bundle = _ps.Run("Get-ApBundle -Path $images -Hash", new() { ["images"] = Images }).AssertNoErrors().Single();
        var images = ((System.Collections.IEnumerable)bundle.Properties["Images"].Value).Cast<object>().Select(PSObjectOf).ToList();
        var ap1g7 = images.Single(i => (string)i.Properties["ImageType"].Value == "ap1g7");
        var path = Path.Combine(Images, "17.9.4.27", "ap1g7");
        Assert.Equal(new FileInfo(path).Length, ap1g7.Properties["Size"].Value);
        Assert.Equal(Sha256.OfFile(path), ap1g7.Properties["Sha256"].Value);
        Assert.Contains(images, i => (bool)i.Properties["IsControllerImage"].Value);
    }

    [Fact]
    public void Test_ApBundle_names_missing_image_types_and_unknown_models()
    {
        MakeSample("-ImageType ap1g7, ap1g8");
        _ps.Run("Import-ApBundle $zip $images | Out-Null", new() { ["zip"] = Zip, ["images"] = Images }).AssertNoErrors();
        var vars = new Dictionary<string, object?> { ["folder"] = Path.Combine(Images, "17.9.4.27") };

        Assert.Equal(true, _ps.Run("Get-ApBundle $folder | Test-ApBundle -Model C9120AXI-E, C9105AXI-E -Quiet", vars).AssertNoErrors().Single().BaseObject);
        var coverage = _ps.Run("Test-ApBundle -Path $folder -Model C9120AXI-E, AIR-AP2802I-E-K9, ap1g8, C9999X", vars).AssertNoErrors().Single();
        Assert.Equal(false, coverage.Properties["IsComplete"].Value);
        Assert.Equal(new[] { "ap3g3" }, ((System.Collections.IEnumerable)coverage.Properties["MissingImageTypes"].Value).Cast<string>());
        Assert.Equal(new[] { "C9999X" }, ((System.Collections.IEnumerable)coverage.Properties["UnknownModels"].Value).Cast<string>());
    }

    [Fact]
    public void A_folder_without_a_bundle_is_an_error_naming_it()
    {
        Directory.CreateDirectory(Images);
        var result = _ps.Run("Get-ApBundle $images", new() { ["images"] = Images });
        var error = Assert.Single(result.Errors);
        Assert.Contains(Images, error.Exception.Message);
    }

    private static System.Management.Automation.PSObject PSObjectOf(object o) => System.Management.Automation.PSObject.AsPSObject(o);

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
    }
}
