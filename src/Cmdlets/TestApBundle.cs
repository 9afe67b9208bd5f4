using System;
using System.IO;
using System.Management.Automation;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Says whether a bundle holds an image for every given AP model (C9120AXI-E, AIR-AP2802I-E-K9, …)
/// or image type (ap1g7, …), and names what is missing or unknown.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApBundle", DefaultParameterSetName = BundleSet)]
[OutputType(typeof(ApBundleCoverage), typeof(bool))]
public sealed class TestApBundle : PSCmdlet
{
    private const string BundleSet = "Bundle";
    private const string PathSet = "Path";

    [Parameter(ParameterSetName = BundleSet, Mandatory = true, ValueFromPipeline = true)]
    public ApBundle Bundle { get; set; } = null!;

    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
    [Alias("Folder")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1)]
    [Alias("ImageType", "ApModel")]
    [ArgumentCompleter(typeof(ApModelOrImageTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Model { get; set; } = null!;

    /// <summary>Return only $true or $false, for if-statements.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var bundle = Bundle;
        if (ParameterSetName == PathSet)
        {
            var folder = PathResolver.Resolve(this, Path);
            try
            {
                bundle = ApBundleReader.Read(folder);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ApBundleException or UnauthorizedAccessException)
            {
                WriteError(Errors.Record(e, EwcErrorIds.InvalidApBundle, Errors.CategoryOf(e), folder));
                return;
            }
        }
        var coverage = ApBundleCoverageCheck.Test(bundle, Model);
        WriteObject(Quiet ? coverage.IsComplete : coverage);
    }
}
