using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests;

[Collection(ModuleCollection.Name)]
public sealed class ManifestTests : IDisposable
{
    private readonly PsSession _ps = new();

    [Fact]
    public void Manifest_is_valid_and_declares_editions_version_and_no_wildcards()
    {
        var manifest = _ps.Run("Test-ModuleManifest -Path $path", new() { ["path"] = RepoPaths.Manifest }).AssertNoErrors().Single();
        Assert.Equal("EwcUpgrade", manifest.Properties["Name"].Value);
        Assert.Equal(new Version(5, 1), manifest.Properties["PowerShellVersion"].Value);
        var editions = ((System.Collections.IEnumerable)manifest.Properties["CompatiblePSEditions"].Value).Cast<object>().Select(o => o.ToString()).ToList();
        Assert.Contains("Desktop", editions);
        Assert.Contains("Core", editions);
        var text = File.ReadAllText(RepoPaths.Manifest);
        Assert.DoesNotMatch(new Regex(@"(Cmdlets|Functions|Aliases|Variables)ToExport\s*=\s*'\*'"), text);
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlets_the_assembly_defines()
    {
        var exported = _ps.Run("(Get-Module EwcUpgrade).ExportedCmdlets.Keys").AssertNoErrors()
            .Output.Select(o => o.ToString()).OrderBy(n => n).ToList();
        var defined = _ps.Run("(Get-Command -Module EwcUpgrade).ImplementingType.Assembly.GetTypes() | " +
                              "ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } | " +
                              "ForEach-Object { $_.VerbName + '-' + $_.NounName }").AssertNoErrors()
            .Output.Select(o => o.ToString()).Distinct().OrderBy(n => n).ToList();
        Assert.NotEmpty(defined);
        Assert.Equal(defined, exported);
    }

    [Fact]
    public void Module_folder_never_ships_the_PowerShell_engine()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "module"), "*.dll", SearchOption.AllDirectories);
        Assert.Contains(files, f => Path.GetFileName(f) == "EwcUpgrade.dll");
        Assert.DoesNotContain(files, f => Path.GetFileName(f) == "System.Management.Automation.dll");
    }

    [Fact]
    public void Cmdlets_core_and_YamlDotNet_load_into_the_modules_own_load_context()
    {
        // Get-ApImageType reads the YAML table, so YamlDotNet is loaded by then.
        var contexts = _ps.Run(
            "$null = Get-ApImageType; " +
            "foreach ($name in 'EwcUpgrade', 'EwcUpgrade.Core', 'YamlDotNet') { " +
            "  $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name }; " +
            "  '{0}={1}' -f $name, (@($assembly | ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }) -join ',') }")
            .AssertNoErrors().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(new[] { "EwcUpgrade=EwcUpgrade", "EwcUpgrade.Core=EwcUpgrade", "YamlDotNet=EwcUpgrade" }, contexts);
    }

    [Fact]
    public void Every_cmdlet_has_help_with_a_synopsis_and_an_example()
    {
        var missing = _ps.Run(
            "foreach ($c in (Get-Module EwcUpgrade).ExportedCmdlets.Keys) { $h = Get-Help $c -Full; " +
            "if (-not $h.Synopsis -or $h.Synopsis.Trim() -like \"$c*\" -or -not $h.examples) { $c } }").AssertNoErrors()
            .Output.Select(o => o.ToString()).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_category_of_the_error_catalog_is_a_PowerShell_category()
    {
        // The core names its categories as PowerShell does, so the cmdlets map them by name; a name
        // PowerShell does not have would quietly become NotSpecified.
        var names = _ps.Run("$null = Get-ApImageType; " +
            "@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'EwcUpgrade.Core' })[0]" +
            ".GetType('EwcUpgrade.Fanout.EwcErrorCategory').GetEnumNames()").AssertNoErrors().Output.Select(o => o.ToString()).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(Enum.IsDefined(typeof(System.Management.Automation.ErrorCategory), n), n));
    }

    public void Dispose() => _ps.Dispose();
}
