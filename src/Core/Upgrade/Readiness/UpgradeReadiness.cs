using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EwcUpgrade.Cli;
using EwcUpgrade.Controllers;
using EwcUpgrade.ImageServers;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Upgrade.Readiness;

/// <summary>
/// Whether one controller can be upgraded to a bundle: it reads show version, show ap summary and
/// the download profile (read-only), probes the profile's server for the images this controller
/// will fetch, and says Ready or why not.
/// </summary>
public static class UpgradeReadiness
{
    public static UpgradeReadinessReport Check(EwcSession session, ReadinessRequest request, TimeSpan commandTimeout, CancellationToken cancel)
    {
        if (session == null) throw new ArgumentNullException(nameof(session));
        if (request == null) throw new ArgumentNullException(nameof(request));
        var version = EwcCommands.GetVersion(session, commandTimeout, cancel);
        var summary = EwcCommands.GetApSummary(session, commandTimeout, cancel);
        var profile = EwcCommands.GetDownloadProfile(session, commandTimeout, cancel);
        return Evaluate(session.Controller, version.Version, summary, profile, request, cancel);
    }

    /// <summary>The check from facts already read; probes the image server unless the profile names none.</summary>
    internal static UpgradeReadinessReport Evaluate(string controller, string? release, ApSummaryReport summary, ImageDownloadProfile profile,
        ReadinessRequest request, CancellationToken cancel)
    {
        var bundle = request.Bundle;
        var notes = new List<string>();
        var reasons = new List<ReadinessReason>();
        if (summary.CountWarning != null) notes.Add(summary.CountWarning);
        var needs = ReadinessNeeds.Of(bundle, summary.Aps);
        reasons.AddRange(ReadinessRules.Release(controller, release, bundle, notes));
        reasons.AddRange(ReadinessRules.Bundle(controller, needs, bundle, summary.Aps));
        reasons.AddRange(ReadinessRules.Profile(controller, profile, bundle, out var canProbe));
        IReadOnlyList<ImageProbeResult> checks = Array.Empty<ImageProbeResult>();
        if (canProbe && needs.Targets.Count > 0)
        {
            var (results, notChecked) = Probe(controller, profile, request, needs.Targets, cancel);
            checks = results;
            if (notChecked != null) reasons.Add(notChecked);
            reasons.AddRange(ReadinessRules.Server(controller, profile, bundle, results));
            if (LoginDiffers(controller, profile, request) is { } differs) reasons.Add(differs);
        }
        foreach (var r in checks) r.Controller = controller;
        if (ReadinessRules.UnsizedNote(checks) is { } unsized) notes.Add(unsized);
        return new UpgradeReadinessReport(controller, reasons, notes)
        {
            CurrentRelease = ReleaseVersion.TryParse(release)?.Name ?? release ?? "",
            TargetVersion = ReadinessRules.TargetVersion(bundle),
            BundleVersion = bundle.Version,
            ApCount = summary.Aps.Count,
            NeededImageTypes = needs.Needed,
            MissingFromBundle = needs.MissingFromBundle,
            UnknownModels = needs.UnknownModels,
            ServerChecks = checks,
            Profile = profile,
        };
    }

    /// <summary>The probe request for the profile's server (or the request's override), path and login.</summary>
    internal static ImageProbeRequest ProbeRequest(ImageDownloadProfile profile, ReadinessRequest request)
    {
        var protocol = profile.Mode ?? throw new InvalidOperationException("The profile has no TFTP or SFTP mode.");
        var port = request.ProbePort ?? (protocol == ImageServerProtocol.Sftp ? profile.Port : null);
        return new ImageProbeRequest(protocol, request.ProbeServer ?? profile.Server!, port, profile.ImagePath!)
        {
            Timeout = request.ProbeTimeout,
            Retries = request.ProbeRetries,
            Credential = protocol == ImageServerProtocol.Sftp ? request.Credential : null,
            HostKeyPolicy = request.HostKeyPolicy ?? new Ssh.HostKeyPolicy(),
        };
    }

    private static (IReadOnlyList<ImageProbeResult>, ReadinessReason?) Probe(string controller, ImageDownloadProfile profile, ReadinessRequest request,
        IReadOnlyList<ImageProbeTarget> targets, CancellationToken cancel)
    {
        var probe = ProbeRequest(profile, request);
        if (probe.Protocol == ImageServerProtocol.Sftp && string.IsNullOrEmpty(request.Credential?.UserName))
        {
            return (Array.Empty<ImageProbeResult>(), new ReadinessReason(ReadinessCode.ServerNotChecked,
                $"{controller}'s SFTP image server {probe.Server} was not checked: no SFTP login was given to check it with (the profile's password cannot be read back).",
                $"Give the login of sftp-username {profile.Username} (-ImageServerCredential), or an inventory image server with a credential."));
        }
        try
        {
            return (ImageProbe.Probe(probe, targets, cancel).ToList(), null);
        }
        catch (EwcHostKeyException e)
        {
            return (Array.Empty<ImageProbeResult>(), new ReadinessReason(ReadinessCode.ServerNotChecked,
                $"{controller}'s image server was not checked: {e.Message}",
                "Pin the SFTP server's host key (-ImageServerHostKeyFingerprint; Get-ImageServer or ssh-keygen -l shows it) or add it to known_hosts."));
        }
        catch (ArgumentException)
        {
            // A name that does not resolve from here: the probe never reached a server.
            return (Array.Empty<ImageProbeResult>(), new ReadinessReason(ReadinessCode.ServerNotChecked,
                $"{controller}'s image server '{probe.Server}' was not checked: the name does not resolve to an address from this host.",
                $"Check the {probe.Protocol.ToString().ToLowerInvariant()}-image-server address in {controller}'s profile, or give -ProbeServer with the address this host reaches it by."));
        }
    }

    private static ReadinessReason? LoginDiffers(string controller, ImageDownloadProfile profile, ReadinessRequest request)
    {
        if (profile.Mode != ImageServerProtocol.Sftp || request.Credential == null || profile.Username == null) return null;
        if (string.Equals(profile.Username, request.Credential.UserName, StringComparison.Ordinal)) return null;
        return new ReadinessReason(ReadinessCode.ProbeLoginDiffers,
            $"The SFTP server was checked as user '{request.Credential.UserName}', but {controller}'s profile logs in as '{profile.Username}': the check does not show what the controller will see.",
            $"Give the login of '{profile.Username}', or set the profile's sftp-username to the account that holds the images.");
    }
}
