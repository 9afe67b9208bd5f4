using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Reads AP bundle folders: a bundle folder itself, or an image root whose version folders are
/// each listed. -Hash adds each image's SHA-256.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApBundle")]
[OutputType(typeof(ApBundle))]
public sealed class GetApBundle : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "Folder")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = { "." };

    [Parameter]
    [SupportsWildcards]
    public string? Version { get; set; }

    [Parameter]
    public SwitchParameter Hash { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var item in Path)
        {
            var folder = PathResolver.Resolve(this, item);
            if (!Directory.Exists(folder))
            {
                WriteError(Errors.Record(new DirectoryNotFoundException($"No folder '{folder}'."), EwcErrorIds.BundleFolderNotFound, ErrorCategory.ObjectNotFound, folder));
                continue;
            }
            var folders = ApBundleReader.IsBundleFolder(folder) ? new[] { folder } : ApBundleReader.FindBundleFolders(folder);
            if (folders.Count == 0)
            {
                WriteError(Errors.Record(new InvalidDataException($"'{folder}' holds no AP bundle: no version.info in it or in its subfolders."),
                    EwcErrorIds.NoApBundle, ErrorCategory.ObjectNotFound, folder));
            }
            foreach (var bundleFolder in folders) Read(bundleFolder);
        }
    }

    private void Read(string folder)
    {
        var progress = new ProgressThrottle(this, 1, $"Hashing images in {folder}");
        try
        {
            var bundle = ApBundleReader.Read(folder, Hash, (file, done, total) => progress.Report(done, total, file));
            if (Hash) progress.Complete();
            if (Version == null || new WildcardPattern(Version, WildcardOptions.IgnoreCase).IsMatch(bundle.Version)) WriteObject(bundle);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ApBundleException or UnauthorizedAccessException)
        {
            WriteError(Errors.Record(e, EwcErrorIds.InvalidApBundle, Errors.CategoryOf(e), folder));
        }
    }
}
