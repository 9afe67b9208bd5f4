using System;
using System.IO;
using System.Management.Automation;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Unpacks an AP bundle (zip or folder) into &lt;Destination&gt;/&lt;version&gt;/, the version read from the
/// bundle's version.info. An existing version folder is kept unless -Force; zip entries that would
/// land outside the destination are refused before anything is written.
/// </summary>
[Cmdlet(VerbsData.Import, "ApBundle", SupportsShouldProcess = true)]
[OutputType(typeof(ApBundle))]
public sealed class ImportApBundle : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1)]
    [Alias("ImageRoot", "Root")]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = null!;

    [Parameter]
    public SwitchParameter Force { get; set; }

    private const string DamagedId = EwcErrorIds.ApBundleDamaged;
    private readonly System.Threading.CancellationTokenSource _cancel = new();

    protected override void ProcessRecord()
    {
        var source = PathResolver.Resolve(this, Path);
        var root = PathResolver.Resolve(this, Destination);
        ApBundleImportPlan plan;
        try
        {
            plan = ApBundleImporter.Plan(source, root);
        }
        catch (ApBundleDamagedException e)
        {
            WriteError(Errors.Record(e, DamagedId, ErrorCategory.InvalidData, source));
            return;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ApBundleException or UnauthorizedAccessException)
        {
            WriteError(Errors.Record(e, EwcErrorIds.InvalidApBundle, Errors.CategoryOf(e), source));
            return;
        }

        if (plan.DestinationExists && !Force)
        {
            WriteError(Errors.Record(
                new IOException($"Bundle {plan.Version} is already in '{plan.Destination}'. It is kept; use -Force to replace it."),
                EwcErrorIds.ApBundleExists, ErrorCategory.ResourceExists, plan.Destination));
            return;
        }
        var action = plan.DestinationExists
            ? $"Replace bundle {plan.Version} with {plan.Files.Count} files ({Sizes.Megabytes(plan.TotalBytes)}) from '{plan.Source}'"
            : $"Unpack bundle {plan.Version}: {plan.Files.Count} files ({Sizes.Megabytes(plan.TotalBytes)}) from '{plan.Source}'";
        if (!ShouldProcess(plan.Destination, action)) return;

        var progress = new ProgressThrottle(this, 1, $"Importing AP bundle {plan.Version}");
        try
        {
            var bundle = ApBundleImporter.Execute(plan, Force, (done, total) => progress.Report(done, total), _cancel.Token);
            progress.Complete();
            WriteObject(bundle);
        }
        catch (ApBundleDamagedException e)
        {
            progress.Complete();
            WriteError(Errors.Record(e, DamagedId, ErrorCategory.InvalidData, plan.Source));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ApBundleException or UnauthorizedAccessException)
        {
            progress.Complete();
            WriteError(Errors.Record(e, EwcErrorIds.ApBundleImportFailed, Errors.CategoryOf(e), plan.Destination));
        }
    }

    // Ctrl+C stops the copy at the next block; the importer then removes its staging folder.
    protected override void StopProcessing() => _cancel.Cancel();
}
