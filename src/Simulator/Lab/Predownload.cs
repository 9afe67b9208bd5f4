using System.Globalization;
using EwcUpgrade.Simulator.Cli;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// One AP's predownload into its backup partition: over simulated CAPWAP from the EWC at the lab's
/// rate, its console printing the seed's lines, `show ap image` moving Initiated → Predownloading →
/// Complete; or the failure an AP shows when its image could not be had.
/// </summary>
internal static class Predownload
{
    public const string Initiated = "Initiated";
    public const string Predownloading = "Predownloading";
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string NotSupported = "Not Supported";
    public const string Capwap = "CAPWAP";

    /// <summary>The EWC's address as its APs see it: the first AP of the lab file (the master, by convention).</summary>
    public static string EwcAddress(SimulatedController c) => c.Definition.Aps.FirstOrDefault()?.Ip ?? "127.0.0.1";

    public static bool OverCapwap(SimulatedController c, ApStatus ap, string version, long size, CancellationToken cancel)
    {
        var ewc = EwcAddress(c);
        var type = ap.ImageType!;
        // [U] the version shows while predownloading (the seed shows only finished rows).
        c.ChangeAp(ap.Name, a => a with { Status = Predownloading, Version = version, Method = Capwap });
        Start(c, ap, version);
        c.ApLog(ap.Name, DeviceText.ApRequestSent(ewc, type));
        c.ApLog(ap.Name, DeviceText.ApResponse(ewc));
        if (!c.Clock.Wait(TimeSpan.FromSeconds(size / (double)c.Definition.Install.CapwapRate), cancel)) return false;
        var messages = (size + DeviceText.CapwapBytesPerMessage - 1) / DeviceText.CapwapBytesPerMessage;
        var last = size - (messages - 1) * DeviceText.CapwapBytesPerMessage;
        c.ApLog(ap.Name, DeviceText.ApReceived(size, messages, last));
        c.ApLog(ap.Name, DeviceText.ApLastBlock);
        c.ApLog(ap.Name, DeviceText.ApTransferCompleted);
        Finish(c, ap.Name, version, Capwap);
        return true;
    }

    /// <summary>The first console lines of any predownload: the AP sees another version and asks for its image.</summary>
    public static void Start(SimulatedController c, ApStatus ap, string version)
    {
        c.ApLog(ap.Name, DeviceText.ApImageDataState);
        c.ApLog(ap.Name, DeviceText.ApVersions(ap.Primary, ap.Backup, version));
        c.ApLog(ap.Name, DeviceText.ApVersionMismatch);
        c.ApLog(ap.Name, DeviceText.ApOpenFile(ap.ImageType!));
    }

    public static void Finish(SimulatedController c, string ap, string version, string method)
    {
        c.ApLog(ap, DeviceText.ApSigningVerified);
        // The predownloaded image replaces the backup ([seed]).
        c.ChangeAp(ap, a => a with { Status = Complete, Version = version, Backup = version, NextRetry = "N/A", Method = method });
        c.Log(DeviceText.ApDownloadSuccess);
    }

    public static void Fail(SimulatedController c, ApStatus ap, string method)
    {
        c.ApLog(ap.Name, DeviceText.ApCannotStart);
        c.ApLog(ap.Name, DeviceText.ApAborting(ap.ImageType ?? "none"));
        var retry = TimeSpan.FromSeconds(c.Definition.Install.RetrySeconds);
        // [U] the form of Next Retry Time: the lab files' "00:05:00", a time to the retry.
        var next = ((int)retry.TotalHours).ToString("00", CultureInfo.InvariantCulture) + retry.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture);
        c.ChangeAp(ap.Name, a => a with { Status = Failed, Retry = a.Retry + 1, NextRetry = next, Method = method });
        c.Log(DeviceText.ApDownloadFailed);
    }
}
