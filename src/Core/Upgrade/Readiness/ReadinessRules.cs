using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EwcUpgrade.Bundles;
using EwcUpgrade.ImageServers;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Upgrade.Readiness;

/// <summary>
/// The reasons a controller is not ready, from facts already gathered (no I/O here): its release,
/// its APs' image types against the bundle, its download profile, and what the probe of its
/// image server found. Each message names the controller's own thing.
/// </summary>
internal static class ReadinessRules
{
    /// <summary>The bundle's version the controller is compared with: its controller version, or its AP version when it has none.</summary>
    public static string TargetVersion(ApBundle bundle) => bundle.ControllerVersion ?? bundle.Version;

    public static IEnumerable<ReadinessReason> Release(string controller, string? running, ApBundle bundle, ICollection<string> notes)
    {
        var target = TargetVersion(bundle);
        var current = ReleaseVersion.TryParse(running);
        var wanted = ReleaseVersion.TryParse(target);
        if (current == null)
        {
            yield return new ReadinessReason(ReadinessCode.ReleaseUnknown,
                $"{controller}'s release '{running}' (show version) is not a release number like 17.9.4a: cannot tell whether bundle {target} is newer.",
                "Check the controller's show version; upgrade it by hand if it runs something this module does not know.");
            yield break;
        }
        if (wanted == null)
        {
            yield return new ReadinessReason(ReadinessCode.ReleaseUnknown,
                $"The bundle's version '{target}' is not a release number like 17.09.04a.0.6: cannot tell whether it is newer than {controller}'s {current.Name}.",
                "Use a bundle whose controller_version.info or version.info holds its release.");
            yield break;
        }
        if (!wanted.LetterKnown)
        {
            notes.Add($"The bundle has no controller_version.info: compared by its AP version {target}, whose build number cannot tell {wanted.Name} from {wanted.Name}a.");
        }
        var order = wanted.CompareTo(current);
        if (order < 0)
        {
            yield return new ReadinessReason(ReadinessCode.Downgrade,
                $"{controller} runs {current.Name}, newer than the bundle's {wanted.Name} ({target}): installing it would be a downgrade.",
                "Use the bundle of a release newer than the controller's (Get-ApBundle lists the bundles you have).");
        }
        else if (order == 0)
        {
            yield return new ReadinessReason(ReadinessCode.AlreadyAtTarget,
                $"{controller} already runs {current.Name}, the bundle's release ({target}).",
                null);
        }
    }

    public static IEnumerable<ReadinessReason> Bundle(string controller, ReadinessNeeds needs, ApBundle bundle, IReadOnlyList<ApSummaryEntry> aps)
    {
        foreach (var type in needs.MissingFromBundle)
        {
            if (type == ReadinessNeeds.ControllerImageType)
            {
                yield return new ReadinessReason(ReadinessCode.ImageTypeMissingFromBundle,
                    $"Bundle {bundle.Version} has no controller image ({ApImageTypeTable.ControllerImageFile}), which {controller} fetches before the AP images.",
                    "Use the full bundle (the C9800-AP-universalk9 zip), not a folder of AP images alone.", type);
                continue;
            }
            var needing = needs.ApsByType[type];
            yield return new ReadinessReason(ReadinessCode.ImageTypeMissingFromBundle,
                $"{Count(needing.Count, "AP")} of {controller} ({Models(needing)}) {(needing.Count == 1 ? "needs" : "need")} image type {type}, which bundle {bundle.Version} does not hold.",
                $"Use a bundle that holds {type} (Test-ApBundle -ImageType {type} checks one).", type);
        }
        foreach (var model in needs.UnknownModels)
        {
            var names = aps.Where(a => string.Equals(a.Model, model, StringComparison.OrdinalIgnoreCase)).Select(a => a.ApName).ToList();
            yield return new ReadinessReason(ReadinessCode.UnknownApModel,
                $"{Count(names.Count, "AP")} of {controller} ({string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")}) {(names.Count == 1 ? "is a" : "are")} {model}, a model the image type table does not know: which image {(names.Count == 1 ? "it needs" : "they need")} is unknown.",
                "Look up the model's image type (Get-ApImageType lists the known ones) and add it to ap-image-types.yml, or upgrade these APs by hand.");
        }
    }

    /// <summary>The profile's own gaps; <paramref name="canProbe"/> says whether it names a server and path to look at.</summary>
    public static IEnumerable<ReadinessReason> Profile(string controller, ImageDownloadProfile profile, ApBundle bundle, out bool canProbe)
    {
        var reasons = new List<ReadinessReason>();
        canProbe = false;
        if (!profile.Configured)
        {
            reasons.Add(new ReadinessReason(ReadinessCode.ProfileIncomplete,
                $"{controller} has no image-download profile mode: it does not know where to fetch images from.",
                ProfileCommand(profile, bundle)));
            return reasons;
        }
        if (profile.Mode == null)
        {
            reasons.Add(new ReadinessReason(ReadinessCode.ProfileModeUnsupported,
                $"{controller}'s image-download profile uses mode '{profile.ModeText}', not TFTP or SFTP: this module checks and serves only those.",
                "Point the profile at a TFTP or SFTP server that holds the bundle: " + ProfileCommand(profile, bundle)));
            return reasons;
        }
        var mode = profile.Mode.Value.ToString().ToLowerInvariant();
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(profile.Server)) missing.Add($"{mode}-image-server");
        if (string.IsNullOrWhiteSpace(profile.ImagePath)) missing.Add($"{mode}-image-path");
        if (profile.Mode == ImageServerProtocol.Sftp)
        {
            if (string.IsNullOrWhiteSpace(profile.Username)) missing.Add("sftp-username");
            if (!profile.HasPassword) missing.Add("sftp-password");
        }
        if (missing.Count > 0)
        {
            reasons.Add(new ReadinessReason(ReadinessCode.ProfileIncomplete,
                $"{controller}'s {Upper(profile.Mode.Value)} image-download profile has no {string.Join(", no ", missing)}.", ProfileCommand(profile, bundle)));
        }
        canProbe = !string.IsNullOrWhiteSpace(profile.Server) && !string.IsNullOrWhiteSpace(profile.ImagePath);
        return reasons;
    }

    /// <summary>
    /// What the probe found. A server that answers but holds none of the bundle's files at the
    /// path is one reason (the profile points elsewhere), as is a server that does not answer or
    /// refuses the login; otherwise one reason per image that is not as the bundle has it.
    /// </summary>
    public static IEnumerable<ReadinessReason> Server(string controller, ImageDownloadProfile profile, ApBundle bundle, IReadOnlyList<ImageProbeResult> results)
    {
        var failed = results.Where(r => !r.IsOk).ToList();
        if (failed.Count == 0) yield break;
        var first = failed[0];
        var where = $"{Upper(first.Protocol)} server {first.Server} port {first.Port.ToString(CultureInfo.InvariantCulture)}";
        if (failed.Count == results.Count && failed.All(r => r.Verdict is ImageProbeVerdict.NotFound or ImageProbeVerdict.SizeMismatch))
        {
            var verdict = failed.All(r => r.Verdict == ImageProbeVerdict.SizeMismatch) ? ImageProbeVerdict.SizeMismatch : ImageProbeVerdict.NotFound;
            var found = verdict == ImageProbeVerdict.NotFound
                ? $"none of bundle {bundle.Version}'s images is there (NotFound: {string.Join(", ", failed.Select(r => r.RemotePath))})"
                : $"its images there have other sizes than bundle {bundle.Version}'s (SizeMismatch): another bundle, or a partial copy";
            yield return new ReadinessReason(ReadinessCode.ProfileElsewhere,
                $"{controller}'s profile points at path '{profile.ImagePath}' on {where}, but {found}.",
                $"Point the profile at the folder that holds bundle {bundle.Version} ({ProfileCommand(profile, bundle)} for a bundle Import-ApBundle put in the server's root), or copy the bundle's files to '{profile.ImagePath}'.",
                null, verdict);
            yield break;
        }
        // The same failure for every image is the server's or the network's, not the files': one reason.
        if (failed.Count == results.Count && failed.All(r => r.Verdict == first.Verdict && IsServerWide(r)))
        {
            yield return new ReadinessReason(ReadinessCode.ServerCheckFailed,
                $"{controller}'s image server could not be used: {where} said {first.Verdict} ({first.Detail}).",
                first.Fix, null, first.Verdict);
            yield break;
        }
        foreach (var r in failed)
        {
            var sizes = r.Verdict == ImageProbeVerdict.SizeMismatch
                ? $", {Bytes(r.FoundSize)} where the bundle's is {Bytes(r.ExpectedSize)}"
                : r.Detail == null ? "" : $" ({r.Detail})";
            yield return new ReadinessReason(ReadinessCode.ServerCheckFailed,
                $"{controller}'s {r.ImageType} image {r.Url}: {r.Verdict}{sizes}.", r.Fix, r.ImageType, r.Verdict);
        }
    }

    /// <summary>A server that does not announce sizes (no TFTP tsize) proves the files are there, not that they are the bundle's.</summary>
    public static string? UnsizedNote(IReadOnlyList<ImageProbeResult> results)
    {
        var unsized = results.Where(c => c.IsOk && c.FoundSize == null && c.ExpectedSize != null).Select(c => c.ImageType).ToList();
        return unsized.Count == 0 ? null
            : $"The image server did not announce the size of {string.Join(", ", unsized)}: the files are there, but whether they are this bundle's copies was not checked.";
    }

    /// <summary>
    /// The Set-EwcDownloadProfile line that points a profile at the bundle's folder as Import-ApBundle
    /// lays it out in a server's root (it needs the mode and server with the path, and SFTP a login).
    /// </summary>
    internal static string ProfileCommand(ImageDownloadProfile profile, ApBundle bundle)
    {
        var sftp = profile.Mode == ImageServerProtocol.Sftp;
        var server = string.IsNullOrWhiteSpace(profile.Server) ? "<server>" : profile.Server;
        return sftp
            ? $"Set-EwcDownloadProfile -Mode Sftp -ImageServer {server} -ImagePath {bundle.Version} -Credential <login{(profile.Username == null ? "" : " of " + profile.Username)}>"
            : $"Set-EwcDownloadProfile -Mode Tftp -ImageServer {server} -ImagePath /{bundle.Version}";
    }

    private static bool IsServerWide(ImageProbeResult r) =>
        r.Verdict is ImageProbeVerdict.TimedOut or ImageProbeVerdict.AuthFailed ||
        (r.Verdict == ImageProbeVerdict.Refused && (r.Detail == null || !r.Detail.StartsWith(ImageProbe.AccessDeniedPrefix, StringComparison.Ordinal)));

    private static string Upper(ImageServerProtocol p) => p.ToString().ToUpperInvariant();

    private static string Count(int n, string what) => n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? "" : "s");

    private static string Models(IReadOnlyList<ApSummaryEntry> aps) =>
        string.Join(", ", aps.Select(a => a.Model).Distinct(StringComparer.OrdinalIgnoreCase));

    private static string Bytes(long? n) => n == null ? "unknown" : n.Value.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
