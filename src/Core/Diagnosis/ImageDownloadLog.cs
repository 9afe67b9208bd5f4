using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Diagnosis;

/// <summary>
/// The install and image-download events of `show logging` (reference §8), each failure with its
/// cause and fix. Lines the patterns do not know are skipped; a failure whose text they do not know
/// is Unknown with the device's own words. Nothing here throws on device text.
/// </summary>
public static class ImageDownloadLog
{
    private static readonly string[] s_timeFormats = { "MMM d HH:mm:ss.fff", "MMM d HH:mm:ss.ff", "MMM d HH:mm:ss.f", "MMM d HH:mm:ss" };

    /// <summary>The events of raw `show logging` output, oldest first as the device prints them.</summary>
    /// <param name="year">The year to read the device's time stamps in (they have none); when null, the latest year that puts them not in the future.</param>
    public static IReadOnlyList<ImageDownloadEvent> Parse(string raw, DeviceLogPatterns? patterns = null, int? year = null) =>
        Parse(SyslogLine.ParseAll(raw ?? ""), patterns, year);

    public static IReadOnlyList<ImageDownloadEvent> Parse(IEnumerable<SyslogMessage> messages, DeviceLogPatterns? patterns = null, int? year = null)
    {
        patterns ??= DeviceLogPatterns.Load();
        var events = new List<ImageDownloadEvent>();
        foreach (var message in messages)
        {
            var e = Read(message, patterns, year);
            if (e != null) events.Add(e);
        }
        foreach (var failure in events.Where(e => e.Kind == ImageDownloadEventKind.InstallFailed))
        {
            failure.Cause = Cause(failure, patterns, events);
            failure.Fix = DiagnosisFixes.For(failure);
        }
        foreach (var apFailure in events.Where(e => e.Kind == ImageDownloadEventKind.ApImageDownloadFailed))
        {
            ExplainApFailure(apFailure, events);
        }
        return events;
    }

    private static ImageDownloadEvent? Read(SyslogMessage message, DeviceLogPatterns patterns, int? year)
    {
        var candidates = patterns.Events.Where(p => string.Equals(p.Mnemonic, message.Mnemonic, StringComparison.OrdinalIgnoreCase)).ToList();
        if (candidates.Count == 0) return null;
        Match? match = null;
        LogEventPattern? known = null;
        foreach (var candidate in candidates)
        {
            var m = SafeMatch(candidate.Pattern, message.Text);
            if (m == null || !m.Success) continue;
            (match, known) = (m, candidate);
            break;
        }
        // An install error in a shape the patterns do not know is still a failure: Unknown, in the device's words.
        if (known == null)
        {
            var failed = candidates.FirstOrDefault(c => c.Kind == ImageDownloadEventKind.InstallFailed);
            if (failed == null) return null;
            known = failed;
        }

        var e = new ImageDownloadEvent
        {
            Timestamp = message.Timestamp,
            Time = ReadTime(message.Timestamp, year),
            Kind = known.Kind,
            Mnemonic = message.Mnemonic,
            Line = UrlMask.Apply(message.Raw),
        };
        if (match != null)
        {
            var operation = match.Groups["operation"];
            if (operation.Success) e.Operation = operation.Value;
            var target = match.Groups["target"];
            if (target.Success && target.Value.Length > 0) SetUrl(e, target.Value);
            var error = match.Groups["error"];
            if (error.Success) e.Error = UrlMask.Apply(error.Value.Trim());
        }
        if (e.Kind == ImageDownloadEventKind.InstallFailed)
        {
            var text = e.Error ?? UrlMask.Apply(message.Text);
            var download = SafeMatch(patterns.DownloadError.Pattern, text);
            if (download is { Success: true })
            {
                if (e.Url == null && download.Groups["url"].Success) SetUrl(e, download.Groups["url"].Value);
                e.Error = download.Groups["reason"].Success ? download.Groups["reason"].Value.Trim() : text;
            }
            else
            {
                e.Error = text;
            }
        }
        return e;
    }

    /// <summary>A pattern that takes too long (a user's override) counts as no match, never as an error.</summary>
    private static Match? SafeMatch(Regex pattern, string text)
    {
        try
        {
            return pattern.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static void SetUrl(ImageDownloadEvent e, string target)
    {
        var masked = UrlMask.Apply(target);
        if (!Uri.TryCreate(masked, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            // A version (install activate 17.12.1.5) or another target: kept as printed, nothing to split.
            e.Version = masked;
            return;
        }
        e.Url = masked;
        if (ImageServerProtocols.TryParse(uri.Scheme, out var protocol)) e.Protocol = protocol;
        e.Server = uri.Host;
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var slash = path.LastIndexOf('/');
        e.File = slash >= 0 ? path.Substring(slash + 1) : path;
        e.Path = slash > 0 ? path.Substring(0, slash) : "/";
    }

    /// <summary>Without a year given, the latest that is not in the future: December's lines read in January are last year's.</summary>
    private static DateTime? ReadTime(string timestamp, int? year)
    {
        if (year == null)
        {
            var now = DateTime.UtcNow;
            var thisYear = ReadTime(timestamp, now.Year);
            return thisYear > now.AddDays(1) ? ReadTime(timestamp, now.Year - 1) : thisYear;
        }
        var text = Regex.Replace(timestamp.Trim(), @"\s+", " ");
        if (!DateTime.TryParseExact(text, s_timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return null;
        try
        {
            return new DateTime(year.Value, time.Month, time.Day, time.Hour, time.Minute, time.Second, time.Millisecond, DateTimeKind.Unspecified);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // Feb 29 in a year without it
        }
    }

    /// <summary>
    /// The device's reason decides; a "no such file" in a folder from which another image of the
    /// bundle downloaded is a missing image, not a wrong path.
    /// </summary>
    private static DownloadFailureCause Cause(ImageDownloadEvent failure, DeviceLogPatterns patterns, IReadOnlyList<ImageDownloadEvent> events)
    {
        var cause = patterns.Classify(failure.Error);
        if (cause == DownloadFailureCause.WrongPath && events.Any(e => e.Kind == ImageDownloadEventKind.InstallCompleted && SameFolder(e, failure) && e.File != failure.File))
        {
            return DownloadFailureCause.MissingImage;
        }
        return cause;
    }

    /// <summary>How near an install error must be to explain an AP's failed download (the seed: 11 s apart).</summary>
    private static readonly TimeSpan s_apFailureNearness = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The AP's event names no file nor reason; the install engine's error nearest in time (the
    /// image the EWC failed to fetch for it) gives the cause. Without one it stays Unknown.
    /// </summary>
    private static void ExplainApFailure(ImageDownloadEvent apFailure, IReadOnlyList<ImageDownloadEvent> events)
    {
        var near = apFailure.Time == null ? null : events
            .Where(e => e.Kind == ImageDownloadEventKind.InstallFailed && e.Time != null && (e.Time.Value - apFailure.Time.Value).Duration() <= s_apFailureNearness)
            .OrderBy(e => (e.Time!.Value - apFailure.Time.Value).Duration())
            .FirstOrDefault();
        apFailure.Cause = near?.Cause ?? DownloadFailureCause.Unknown;
        apFailure.Fix = near != null
            ? $"The install engine failed to fetch {near.File} at {near.Timestamp}: {near.Fix}"
            : DiagnosisFixes.ApFailureAlone;
    }

    internal static bool SameFolder(ImageDownloadEvent a, ImageDownloadEvent b) =>
        a.Server != null && a.Protocol == b.Protocol &&
        string.Equals(a.Server, b.Server, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(TrimSlashes(a.Path), TrimSlashes(b.Path), StringComparison.Ordinal);

    internal static string TrimSlashes(string? path) => (path ?? "").Trim('/');
}
