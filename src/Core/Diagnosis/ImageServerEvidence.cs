using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Diagnosis;

/// <summary>
/// Joins the module's own image server's transfers to the device's failures: what the server saw
/// of the file decides between a blocked or wrong server (no request arrived), a wrong path (the
/// server said file not found) and a failure after a complete transfer (the device's own problem).
/// </summary>
public static class ImageServerEvidence
{
    /// <summary>How far apart the device's clock and the server's may be; the device prints no zone.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Refines the cause, fix and ServerSaw of each InstallFailed event of <paramref name="protocol"/>
    /// (the server's protocol) in place. <paramref name="controllerAddress"/> is the EWC's address
    /// as the server sees it; null takes requests from any client. <paramref name="deviceClockOffset"/>
    /// is the device's clock minus UTC (zero when the device runs on UTC).
    /// </summary>
    public static void Join(IEnumerable<ImageDownloadEvent> events, ImageServerProtocol protocol, IEnumerable<ServerTransfer> transfers,
        string? controllerAddress, TimeSpan? window = null, TimeSpan deviceClockOffset = default)
    {
        var span = window ?? DefaultWindow;
        // A declined request is a size check (Test-ImageServer, the readiness check), not the device's download.
        var all = transfers.Where(t => t.Protocol == protocol && t.State != ImageTransferState.Declined).ToList();
        var fromController = all.Where(t => controllerAddress == null || SameAddress(t.Client, controllerAddress)).ToList();
        foreach (var failure in events.Where(e => e.Kind == ImageDownloadEventKind.InstallFailed && e.Protocol == protocol && e.File != null))
        {
            var whenUtc = failure.Time - deviceClockOffset;
            var nearby = fromController.Where(t => whenUtc == null || (t.StartTimeUtc >= whenUtc.Value - span && t.StartTimeUtc <= whenUtc.Value + span)).ToList();
            var forFile = nearby.Where(t => string.Equals(FileName(t.File), failure.File, StringComparison.Ordinal)).OrderBy(t => t.StartTimeUtc).ToList();
            var who = controllerAddress ?? "any client";
            if (forFile.Count == 0)
            {
                failure.ServerSaw = $"no request for {failure.File} from {who} within {span.TotalMinutes:0} minutes of the failure";
                // A refused SFTP login never gets as far as asking for a file: the device's reason stands.
                if (failure.Cause != DownloadFailureCause.AuthenticationFailed) failure.Fix = DiagnosisFixes.NoRequestReachedServer;
                continue;
            }
            var last = forFile[forFile.Count - 1];
            // A refused login asks for no file: a complete transfer of it went to another login from the same address.
            if (last.State == ImageTransferState.Completed && failure.Cause == DownloadFailureCause.AuthenticationFailed)
            {
                failure.ServerSaw = $"no request for {failure.File} from this login; {last.Client} fetched it completely at another time";
                continue;
            }
            if (last.State == ImageTransferState.Completed)
            {
                failure.ServerSaw = $"{last.Client} fetched {last.File} completely ({last.BytesTransferred} bytes)";
                failure.Cause = DownloadFailureCause.Unknown;
                failure.Fix = $"The server sent {last.File} completely, yet the device failed with \"{failure.Error}\": check the image (a damaged or wrong file) and the device's space and log.";
                continue;
            }
            var said = UrlMask.Apply(last.Error ?? "failed");
            failure.ServerSaw = $"{last.Client} asked for {last.File}: {said}";
            if (IsNotFound(said))
            {
                var otherImageServed = nearby.Any(t => t.State == ImageTransferState.Completed && Folder(t.File) == Folder(last.File) && FileName(t.File) != failure.File);
                failure.Cause = otherImageServed ? DownloadFailureCause.MissingImage : DownloadFailureCause.WrongPath;
                failure.Fix = otherImageServed
                    ? $"The server said \"{said}\" for {last.File} but served other images from its folder: copy {failure.File} from the AP bundle into it."
                    : $"The server said \"{said}\" for {last.File}: set the download profile's image path to the folder of the server's root that holds the unzipped AP bundle.";
            }
        }
    }

    /// <summary>
    /// Each image server of this session (running or stopped) speaks for the failures whose URL
    /// names an address it listens on. <paramref name="controllerAddress"/>: the address the
    /// module reaches the controller at (its requests come from it when it is an IP address).
    /// </summary>
    public static void JoinOwnServers(IReadOnlyList<ImageDownloadEvent> events, string controllerAddress)
    {
        foreach (var server in ImageServerRegistry.GetStopped().Concat(ImageServerRegistry.GetAll()).ToList())
        {
            var mine = events.Where(e => e.Server != null && Serves(server, e.Server)).ToList();
            if (mine.Count == 0) continue;
            Join(mine, server.Protocol, server.GetTransfers(), IPAddress.TryParse(controllerAddress, out _) ? controllerAddress : null);
        }
    }

    private static bool Serves(ImageServer server, string urlHost)
    {
        var address = server.EndPoint.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        return IPAddress.TryParse(urlHost.Trim('[', ']'), out var host) && host.Equals(address);
    }

    public static void Join(IEnumerable<ImageDownloadEvent> events, ImageServerProtocol protocol, IEnumerable<ImageTransfer> transfers,
        string? controllerAddress, TimeSpan? window = null, TimeSpan deviceClockOffset = default) =>
        Join(events, protocol, transfers.Select(ServerTransfer.From), controllerAddress, window, deviceClockOffset);

    private static bool IsNotFound(string text) =>
        text.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("no such file", StringComparison.OrdinalIgnoreCase) >= 0;

    private static string FileName(string path)
    {
        var slash = path.Replace('\\', '/').LastIndexOf('/');
        return slash >= 0 ? path.Substring(slash + 1) : path;
    }

    private static string Folder(string path)
    {
        var clean = path.Replace('\\', '/');
        var slash = clean.LastIndexOf('/');
        return slash > 0 ? clean.Substring(0, slash).Trim('/') : "";
    }

    private static bool SameAddress(string a, string b) =>
        IPAddress.TryParse(a, out var x) && IPAddress.TryParse(b, out var y)
            ? Normal(x).Equals(Normal(y))
            : string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static IPAddress Normal(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
}
