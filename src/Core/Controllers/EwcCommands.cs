using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cli;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Controllers;

/// <summary>What the module reads from and changes on a controller, over one session.</summary>
public static class EwcCommands
{
    public static ImageDownloadProfile GetDownloadProfile(EwcSession session, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var profile = ImageDownloadProfileConfig.Parse(session.Execute(CliCommands.ShowDownloadProfile, timeout, cancel));
        profile.Controller = session.Controller;
        return profile;
    }

    public static void Apply(EwcSession session, DownloadProfileChange change, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        if (!change.IsEmpty) session.Configure(change.Lines, change.Secrets, timeout, cancel);
    }

    /// <summary>Saves the running configuration to startup.</summary>
    public static void WriteMemory(EwcSession session, TimeSpan? timeout = null, CancellationToken cancel = default) => session.Execute(CliCommands.WriteMemory, timeout, cancel);

    public static ApSummaryReport GetApSummary(EwcSession session, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var report = ShowApSummary.Parse(session.Execute(CliCommands.ShowApSummary, timeout, cancel));
        foreach (var ap in report.Aps)
        {
            ap.Controller = session.Controller;
            var match = ApImageTypeTable.Match(ap.Model);
            ap.ImageType = match.ImageType;
        }
        return report;
    }

    /// <summary>`show version`: the running release and the hardware.</summary>
    public static VersionInfo GetVersion(EwcSession session, TimeSpan? timeout = null, CancellationToken cancel = default) =>
        ShowVersion.Parse(session.Execute(CliCommands.ShowVersion, timeout, cancel));

    public static ApImageReport GetApImage(EwcSession session, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var report = ShowApImage.Parse(session.Execute(CliCommands.ShowApImage, timeout, cancel));
        report.Controller = session.Controller;
        foreach (var ap in report.Aps) ap.Controller = session.Controller;
        return report;
    }
}
