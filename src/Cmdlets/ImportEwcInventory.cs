using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Inventory;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Reads a YAML inventory of sites, controllers, image servers and bundles, and emits its
/// controllers (or, with -AsInventory, the whole inventory). Every problem in the file is reported
/// with file, line and column. Credentials are named in the file and resolved from -Credential,
/// environment variables, or SecretManagement.
/// </summary>
[Cmdlet(VerbsData.Import, "EwcInventory")]
[OutputType(typeof(InventoryController), typeof(EwcInventory))]
public sealed class ImportEwcInventory : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    /// <summary>Credentials by the names the inventory uses: @{ lab = (Get-Credential) }.</summary>
    [Parameter]
    public Hashtable? Credential { get; set; }

    /// <summary>Emit the inventory object (Controllers, ImageServers, Bundles, Sites) instead of its controllers.</summary>
    [Parameter]
    public SwitchParameter AsInventory { get; set; }

    private CredentialResolver? _resolver;

    protected override void BeginProcessing()
    {
        var explicitCredentials = new Dictionary<string, NetworkCredential>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in Credential ?? new Hashtable())
        {
            var value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
            if (value is not PSCredential credential)
            {
                ThrowTerminatingError(Errors.Record($"-Credential: the value for '{entry.Key}' must be a PSCredential (Get-Credential), not {value?.GetType().Name ?? "null"}.",
                    EwcErrorIds.CredentialNotPSCredential, ErrorCategory.InvalidArgument, entry.Key));
                return;
            }
            explicitCredentials[entry.Key.ToString()!] = credential.GetNetworkCredential();
        }
        _resolver = new CredentialResolver(explicitCredentials, SecretStore());
    }

    protected override void ProcessRecord()
    {
        foreach (var path in Path)
        {
            var full = PathResolver.Resolve(this, path);
            var warnings = new List<string>();
            EwcInventory inventory;
            try
            {
                inventory = InventoryReader.Read(full, _resolver!, warnings);
            }
            catch (Exception e) when (e is InventoryException or FileNotFoundException or IOException or UnauthorizedAccessException)
            {
                WriteError(Errors.Record(e, e is InventoryException ? EwcErrorIds.InventoryInvalid : EwcErrorIds.InventoryUnreadable, Errors.CategoryOf(e), path));
                continue;
            }
            foreach (var warning in warnings) WriteWarning(warning);
            WriteVerbose($"{full}: {inventory.Controllers.Count} controllers, {inventory.ImageServers.Count} image servers, {inventory.Bundles.Count} bundles, {inventory.Sites.Count} sites.");
            if (AsInventory) WriteObject(inventory);
            else WriteObject(inventory.Controllers, enumerateCollection: true);
        }
    }

    /// <summary>SecretManagement's Get-Secret, when that module is installed; otherwise no store.</summary>
    private Func<string, NetworkCredential?>? SecretStore()
    {
        var getSecret = InvokeCommand.GetCommand("Get-Secret", CommandTypes.Cmdlet | CommandTypes.Function);
        if (getSecret == null) return null;
        return name =>
        {
            try
            {
                var result = InvokeCommand.InvokeScript("param($n) Get-Secret -Name $n -ErrorAction Stop", false, PipelineResultTypes.None, null, name);
                return result.Select(r => r.BaseObject).OfType<PSCredential>().FirstOrDefault()?.GetNetworkCredential();
            }
            catch (RuntimeException)
            {
                return null; // not in any vault: the caller reports the credential as unavailable
            }
        };
    }
}
