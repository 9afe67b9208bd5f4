using System.Collections.Generic;
using System.Linq;

namespace EwcUpgrade.Bundles;

/// <summary>An AP bundle folder: one release's images, as a TFTP or SFTP server hosts them.</summary>
public sealed class ApBundle
{
    internal ApBundle(string version, string? controllerVersion, string folder, IReadOnlyList<ApBundleImage> images, bool hasReadme)
    {
        Version = version;
        ControllerVersion = controllerVersion;
        Folder = folder;
        Images = images;
        HasReadme = hasReadme;
    }

    /// <summary>The AP image version from version.info, e.g. 17.9.4.27.</summary>
    public string Version { get; }
    /// <summary>The controller package version from controller_version.info, e.g. 17.09.04a.0.6.</summary>
    public string? ControllerVersion { get; }
    public string Folder { get; }
    public IReadOnlyList<ApBundleImage> Images { get; }
    public bool HasReadme { get; }
    public long TotalBytes => Images.Sum(i => i.Size);

    public ApBundleImage? Image(string imageType) =>
        Images.FirstOrDefault(i => string.Equals(i.ImageType, imageType, System.StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{Version} ({Folder})";
}

/// <summary>One image file of a bundle.</summary>
public sealed class ApBundleImage
{
    internal ApBundleImage(string imageType, string fullPath, long size, string? sha256, bool isControllerImage)
    {
        ImageType = imageType;
        FileName = System.IO.Path.GetFileName(fullPath);
        FullPath = fullPath;
        Size = size;
        Sha256 = sha256;
        IsControllerImage = isControllerImage;
    }

    /// <summary>ap1g7, …, or "controller" for the controller image.</summary>
    public string ImageType { get; }
    public string FileName { get; }
    public string FullPath { get; }
    public long Size { get; }
    /// <summary>Lower-case hex; only when the bundle was read with hashing.</summary>
    public string? Sha256 { get; }
    public bool IsControllerImage { get; }

    public override string ToString() => FileName;
}
