using System;
using System.Collections.Generic;
using System.Linq;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cli;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Controllers;

/// <summary>What the module reads from and changes on a controller, over one session.</summary>
public static class EwcCommands
{
    public static ImageDownloadProfile GetDownloadProfile(EwcSession session, TimeSpan? timeout = null)
    {
        var profile = ImageDownloadProfileConfig.Parse(session.Execute(CliCommands.ShowDownloadProfile, timeout));
        profile.Controller = session.Controller;
        return profile;
    }

    public static void Apply(EwcSession session, DownloadProfileChange change, TimeSpan? timeout = null)
    {
        if (!change.IsEmpty) session.Configure(change.Lines, change.Secrets, timeout);
    }

    /// <summary>Saves the running configuration to startup.</summary>
    public static void WriteMemory(EwcSession session, TimeSpan? timeout = null) => session.Execute(CliCommands.WriteMemory, timeout);

    public static ApSummaryReport GetApSummary(EwcSession session, TimeSpan? timeout = null)
    {
        var report = ShowApSummary.Parse(session.Execute(CliCommands.ShowApSummary, timeout));
        foreach (var ap in report.Aps)
        {
            ap.Controller = session.Controller;
            var match = ApImageTypeTable.Match(ap.Model);
            ap.ImageType = match.ImageType;
        }
        return report;
    }

    public static ApImageReport GetApImage(EwcSession session, TimeSpan? timeout = null)
    {
        var report = ShowApImage.Parse(session.Execute(CliCommands.ShowApImage, timeout));
        report.Controller = session.Controller;
        foreach (var ap in report.Aps) ap.Controller = session.Controller;
        return report;
    }
}
