using System.Collections.Generic;

namespace EwcUpgrade.Bundles;

/// <summary>What an import would do, worked out without writing anything (so -WhatIf can show it).</summary>
public sealed class ApBundleImportPlan
{
    internal ApBundleImportPlan(string source, bool sourceIsZip, string entryPrefix, string version, string? controllerVersion,
        string destination, bool destinationExists, IReadOnlyList<string> files, long totalBytes)
    {
        Source = source;
        SourceIsZip = sourceIsZip;
        EntryPrefix = entryPrefix;
        Version = version;
        ControllerVersion = controllerVersion;
        Destination = destination;
        DestinationExists = destinationExists;
        Files = files;
        TotalBytes = totalBytes;
    }

    public string Source { get; }
    public bool SourceIsZip { get; }
    /// <summary>The folder inside the zip that holds the bundle ("" when at the zip's root).</summary>
    internal string EntryPrefix { get; }
    public string Version { get; }
    public string? ControllerVersion { get; }
    /// <summary>&lt;image root&gt;/&lt;version&gt;, full path.</summary>
    public string Destination { get; }
    public bool DestinationExists { get; }
    /// <summary>Paths relative to the bundle, with '/'.</summary>
    public IReadOnlyList<string> Files { get; }
    public long TotalBytes { get; }
}
