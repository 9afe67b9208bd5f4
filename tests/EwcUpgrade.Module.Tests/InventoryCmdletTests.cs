using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests;

[Collection(ModuleCollection.Name)]
public sealed class InventoryCmdletTests : IDisposable
{
    private readonly PsSession _ps = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void The_example_inventory_emits_controllers_that_keep_versions_as_text()
    {
        var result = _ps.Run(
            "$env:EWC_CREDENTIAL_LAB_USERNAME = 'ewcadmin'; $env:EWC_CREDENTIAL_LAB_PASSWORD = 'x'; " +
            "try { Import-EwcInventory $path } finally { $env:EWC_CREDENTIAL_LAB_USERNAME = $null; $env:EWC_CREDENTIAL_LAB_PASSWORD = $null }",
            new() { ["path"] = Path.Combine(RepoPaths.Root, "examples", "lab-inventory.yml") }).AssertNoErrors();

        Assert.Equal(new[] { "SITE-A-EWC", "SITE-B-EWC", "SITE-C-EWC" }, result.Output.Select(o => (string)o.Properties["Name"].Value));
        Assert.All(result.Output, o => Assert.Equal("17.9.4a", o.Properties["TargetRelease"].Value));
        Assert.All(result.Output, o => Assert.True((bool)o.Properties["HasCredential"].Value));
        Assert.Equal(22102, result.Output[1].Properties["Port"].Value);
    }

    [Fact]
    public void A_bad_inventory_is_one_error_listing_every_problem_with_file_line_and_column()
    {
        var path = _dir.Combine("bad.yml");
        File.WriteAllText(path, "controllers:\n  - name: A\n    host: h\n    targetRelease: 17.10\n    credentail: lab\n  - name: B\n    imageServer: none\n");

        var result = _ps.Run("Import-EwcInventory $path", new() { ["path"] = path });

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InventoryInvalid", error.FullyQualifiedErrorId);
        Assert.Contains($"{path}:5:5: unknown key 'credentail' in a controller (did you mean 'credential'?)", error.Exception.Message);
        Assert.Contains($"{path}:6:5: a controller lacks the required key 'host'", error.Exception.Message);
        Assert.Contains($"{path}:7:18: controller 'B' names image server 'none'", error.Exception.Message);
    }

    [Fact]
    public void Credentials_must_be_PSCredentials()
    {
        var result = _ps.Run("Import-EwcInventory $path -Credential @{ lab = 'plain text' }", new() { ["path"] = Path.Combine(RepoPaths.Root, "examples", "lab-inventory.yml") });
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("CredentialNotPSCredential", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("plain text", error.Exception.Message);
    }
}
