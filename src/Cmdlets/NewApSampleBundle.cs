using System;
using System.IO;
using System.Management.Automation;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Writes a generated AP bundle (a zip, or a folder) with the real bundle's file set, version
/// files and, with -Size Realistic, the real image sizes. For rehearsals, labs and demos:
/// the images are not Cisco software.
/// </summary>
[Cmdlet(VerbsCommon.New, "ApSampleBundle", SupportsShouldProcess = true)]
[OutputType(typeof(SampleBundle))]
public sealed class NewApSampleBundle : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter]
    [ValidatePattern(@"^\d+\.\d+\.\d+[a-z]?$")]
    public string Release { get; set; } = "17.9.4a";

    [Parameter]
    [ValidatePattern(@"^\d+\.\d+\.\d+\.\d+$")]
    public string ApVersion { get; set; } = "17.9.4.27";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ControllerVersion { get; set; } = "17.09.04a.0.6";

    [Parameter]
    public SampleBundleSize Size { get; set; } = SampleBundleSize.Small;

    [Parameter]
    [ArgumentCompleter(typeof(ImageTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? ImageType { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var path = PathResolver.Resolve(this, Path);
        if ((File.Exists(path) || Directory.Exists(path)) && !Force)
        {
            ThrowTerminatingError(Errors.Record(
                new IOException($"'{path}' already exists. Use -Force to overwrite it."),
                EwcErrorIds.SampleBundleExists, ErrorCategory.ResourceExists, path));
        }
        if (ImageType != null)
        {
            foreach (var type in ImageType)
            {
                if (!ApImageTypeTable.IsImageType(type))
                {
                    ThrowTerminatingError(Errors.Record(
                        new ArgumentException($"'{type}' is not an AP image type. Known: {string.Join(", ", ApImageTypeNames())}."),
                        EwcErrorIds.UnknownImageType, ErrorCategory.InvalidArgument, type));
                }
            }
        }
        if (!ShouldProcess(path, $"Create a {Size.ToString().ToLowerInvariant()} sample AP bundle {Release} ({ApVersion})")) return;

        var progress = new ProgressThrottle(this, 1, $"Creating sample bundle {Release}");
        try
        {
            if (Force) DeleteExisting(path);
            var created = SampleBundleBuilder.Write(path, Release, ApVersion, ControllerVersion, Size, ImageType,
                (done, total) => progress.Report(done, total));
            progress.Complete();
            WriteObject(created);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            ThrowTerminatingError(Errors.Record(e, EwcErrorIds.SampleBundleFailed, Errors.CategoryOf(e), path));
        }
    }

    private static string[] ApImageTypeNames() => Array.ConvertAll(System.Linq.Enumerable.ToArray(ApImageTypeTable.All), t => t.Name);

    private static void DeleteExisting(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        if (!Directory.Exists(path)) return;
        // -Force replaces an earlier sample bundle, never an arbitrary folder that happens to be in the way.
        if (!File.Exists(System.IO.Path.Combine(path, "version.info")))
        {
            throw new IOException($"'{path}' is a folder that holds no AP bundle (no version.info); it is left alone. Choose another -Path.");
        }
        Directory.Delete(path, recursive: true);
    }
}
