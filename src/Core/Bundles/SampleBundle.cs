using System.Collections.Generic;

namespace EwcUpgrade.Bundles;

/// <summary>
/// What New-ApSampleBundle wrote: where, which release and versions, which image types, how big.
/// Path binds to Import-ApBundle -Path, so the two chain in a pipeline.
/// </summary>
public sealed class SampleBundle
{
    internal SampleBundle(string path, bool isZip, string release, string version, string controllerVersion, IReadOnlyList<string> imageTypes, long size)
    {
        Path = path;
        IsZip = isZip;
        Release = release;
        Version = version;
        ControllerVersion = controllerVersion;
        ImageTypes = imageTypes;
        Size = size;
    }

    /// <summary>The zip file or folder written, full path.</summary>
    public string Path { get; }
    public bool IsZip { get; }
    /// <summary>The release name, e.g. 17.9.4a.</summary>
    public string Release { get; }
    /// <summary>The AP image version in version.info, e.g. 17.9.4.27: the folder Import-ApBundle creates for it.</summary>
    public string Version { get; }
    public string ControllerVersion { get; }
    /// <summary>The AP image types it holds (the controller image comes in addition).</summary>
    public IReadOnlyList<string> ImageTypes { get; }
    /// <summary>Bytes on disk: the zip's length, or the folder's files together.</summary>
    public long Size { get; }

    public override string ToString() => Path;
}
