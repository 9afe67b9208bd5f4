using System.IO;

namespace EwcUpgrade.Bundles;

/// <summary>A bundle that cannot be used as it is: no version.info, an entry that leaves the destination, ….</summary>
public class ApBundleException : IOException
{
    public ApBundleException(string message) : base(message) { }
}

/// <summary>The bundle's version folder already exists and was not to be replaced.</summary>
public sealed class ApBundleExistsException : IOException
{
    public ApBundleExistsException(string folder, string version)
        : base($"Bundle {version} is already in '{folder}'. It is kept; use -Force to replace it.")
    {
        Folder = folder;
    }

    public string Folder { get; }
}

/// <summary>A zip entry whose bytes do not match what the zip records for it: the bundle is refused.</summary>
public sealed class ApBundleDamagedException : ApBundleException
{
    public ApBundleDamagedException(string zip, string entry, string detail)
        : base($"The zip entry '{entry}' in '{zip}' is damaged: {detail}. The bundle is refused and nothing was imported; download it again.")
    {
        Entry = entry;
    }

    public string Entry { get; }
}
