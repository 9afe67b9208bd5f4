using System.Text.RegularExpressions;
using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>
/// `install add profile default` for real: the simulated EWC fetches from tftpd-hpa (with curl) and
/// from the module's SFTP server (with SSH.NET); every failure comes from a real failed transfer.
/// Then activate, commit and the auto-abort rollback, on the lab clock (20 times fast).
/// </summary>
[Collection(InstallLabCollection.Name)]
public sealed class InstallTests(InstallLab lab)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The AP rows of show ap image: name → (primary, backup, status, version, next retry, retry, method).</summary>
    private static Dictionary<string, string[]> ApRows(DeviceTerminal t)
    {
        var lines = t.Lines("show ap image");
        var dashes = Array.FindIndex(lines, l => l.StartsWith("-----", StringComparison.Ordinal));
        return lines[(dashes + 1)..].Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => f[0], f => f[1..]);
    }

    /// <summary>Polls show ap image until every AP has ended (Complete or Failed); returns every status seen per AP.</summary>
    private static (Dictionary<string, string[]> Rows, Dictionary<string, HashSet<string>> Seen) WaitForPredownloads(DeviceTerminal t)
    {
        var seen = new Dictionary<string, HashSet<string>>();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var rows = ApRows(t);
            foreach (var (name, f) in rows)
            {
                if (!seen.TryGetValue(name, out var set)) seen[name] = set = new();
                set.Add(f[2]);
            }
            if (rows.Values.All(f => f[2] is "Complete" or "Failed")) return (rows, seen);
            Assert.True(DateTime.UtcNow < deadline, "the predownloads did not end within a minute:\n" + t.Transcript[^Math.Min(3000, t.Transcript.Length)..]);
            Thread.Sleep(150);
        }
    }

    /// <summary>Polls show install summary until the added package shows (the engine ends after the last AP).</summary>
    private static void WaitForAdded(DeviceTerminal t)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!t.Lines("show install summary").Contains($"IMG   I    {InstallLab.NewControllerVersion}"))
        {
            Assert.True(DateTime.UtcNow < deadline, "install add did not end within a minute");
            Thread.Sleep(100);
        }
    }

    private static string Logging(DeviceTerminal t) => string.Join("\n", t.Lines("show logging"));

    private static void StartAdd(DeviceTerminal t)
    {
        var output = string.Join("\n", t.Lines("install add profile default"));
        Assert.Contains("install_add: START", output);
    }

    [RootFact]
    public void Install_add_over_TFTP_fetches_every_image_type_and_every_AP_predownloads_over_CAPWAP()
    {
        using var t = lab.Privileged("TFTP-OK");
        StartAdd(t);
        var (rows, seen) = WaitForPredownloads(t);

        Assert.All(rows, r => Assert.Equal(["17.9.3.50", InstallLab.NewApVersion, "Complete", InstallLab.NewApVersion, "N/A", "0", "CAPWAP"], r.Value));
        // Live: the counters and rows moved through Predownloading (each AP's ~770 KB takes ~2 s at the lab rate).
        Assert.All(seen, s => Assert.Contains("Predownloading", s.Value));
        Assert.Contains("        Completed predownloading   : 4", t.Lines("show ap image"));

        // The controller image first, then one fetch per image type, each logged as the seed logs it.
        var log = Logging(t);
        var urls = Regex.Matches(log, @"Started install add (\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("tftp://127.0.0.1/EWC/17_9_4a/C9800-AP-iosxe-wlc.bin", urls[0]);
        Assert.Equal(["ap1g7", "ap1g8", "ap3g3"], urls.Skip(1).Select(u => u[(u.LastIndexOf('/') + 1)..]).Order());
        foreach (var url in urls) Assert.Contains($"%INSTALL-5-INSTALL_COMPLETED_INFO: Chassis 1 R0/0: install_engine: Completed install add {url}", log);
        Assert.Equal(4, Regex.Matches(log, "wncd: AP Event: AP Image Download Success").Count);
        Assert.DoesNotContain("OPERATION_ERROR", log);

        // The AP's console shows the seed's lines, with the size it received (the sample ap1g8).
        var apLog = lab.ApLog("OK-9105-A");
        Assert.Contains("CAPWAP State: Image Data", apLog);
        Assert.Contains($"AP image version 17.9.3.50 backup 17.6.5.22, Controller {InstallLab.NewApVersion}", apLog);
        Assert.Contains("wtpOpenImgFile: request ap1g8, local /tmp/part.tar", apLog);
        Assert.Contains("Image Data Request sent to 10.30.0.1, fileName [ap1g8], replicaStatus 1", apLog);
        var size = new FileInfo(Path.Combine(lab.ImageRoot, "EWC/17_9_4a/ap1g8")).Length;
        Assert.Matches($@"\.\.\.\.\.> {size} bytes, \d+ msgs, \d+ last", apLog);
        Assert.Contains("Image transfer completed from WLC, last 1", apLog);

        // An added package waits for activation.
        WaitForAdded(t);
    }

    [RootFact]
    public void A_wrong_path_fails_with_the_seeds_No_such_file_or_directory_from_the_TFTP_server()
    {
        using var t = lab.Privileged("WRONG-PATH");
        StartAdd(t);
        var (rows, _) = WaitForPredownloads(t);
        Assert.All(rows, r => Assert.Equal(["Failed", "0.0.0.0", "00:05:00", "1"], r.Value[2..6]));
        var log = Logging(t);
        const string url = "tftp://127.0.0.1/Wrong-Path/C9800-AP-iosxe-wlc.bin";
        Assert.Contains($"%INSTALL-5-INSTALL_START_INFO: Chassis 1 R0/0: install_engine: Started install add {url}", log);
        Assert.Contains($"%INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package {url}, Error: Failed to download file {url}: No such file or directory", log);
        Assert.Equal(4, Regex.Matches(log, "wncd: AP Event: AP Image Download Failed").Count);
        Assert.Contains("Going to restart CAPWAP (reason : image download cannot start)...", lab.ApLog("WP-2802"));
        Assert.Contains("Aborting image download(0x0): Dtls cleanup, ap3g3", lab.ApLog("WP-2802"));
    }

    [RootFact]
    public void A_server_that_never_answers_fails_with_Timed_out_after_the_devices_timeout_on_the_lab_clock()
    {
        using var t = lab.Privileged("NO-SERVER");
        var started = DateTime.UtcNow;
        StartAdd(t);
        var (rows, _) = WaitForPredownloads(t);
        var took = DateTime.UtcNow - started;
        Assert.All(rows, r => Assert.Equal("Failed", r.Value[2]));
        const string url = "tftp://127.0.0.1/EWC/17_9_4a/C9800-AP-iosxe-wlc.bin";
        Assert.Contains($"Failed to install_add package {url}, Error: Failed to download file {url}: Timed out", Logging(t));
        // curl waited out the device's 40 s, scaled (2 s at 20 times) but at least 5 s real (a lower bound only: no upper bound).
        Assert.True(took >= TimeSpan.FromSeconds(40.0 / InstallLab.ClockFactor), $"took {took}");
    }

    [RootFact]
    public void An_image_type_missing_from_the_folder_fails_only_the_APs_that_need_it()
    {
        using var t = lab.Privileged("NO-AP1G8");
        StartAdd(t);
        var (rows, _) = WaitForPredownloads(t);
        Assert.Equal("Failed", rows["MT-9105-A"][2]);
        Assert.Equal("Failed", rows["MT-9105-B"][2]);
        Assert.Equal("Complete", rows["MT-MASTER"][2]);
        Assert.Equal("Complete", rows["MT-2802"][2]);
        Assert.Contains("        Failed to Predownload      : 2", t.Lines("show ap image"));
        var log = Logging(t);
        const string url = "tftp://127.0.0.1/EWC/no-ap1g8/ap1g8";
        Assert.Contains($"Failed to download file {url}: No such file or directory", log);
        Assert.Contains("Completed install add tftp://127.0.0.1/EWC/no-ap1g8/ap1g7", log);
        Assert.Equal(2, Regex.Matches(log, "AP Image Download Failed").Count);
        Assert.Equal(2, Regex.Matches(log, "AP Image Download Success").Count);
    }

    [RootFact]
    public void An_image_cut_short_or_of_another_family_fails_the_check_of_what_arrived()
    {
        using var t = lab.Privileged("DAMAGED");
        StartAdd(t);
        var (rows, _) = WaitForPredownloads(t);
        Assert.Equal("Failed", rows["DM-MASTER"][2]); // ap1g7, cut short
        Assert.Equal("Failed", rows["DM-2802"][2]); // ap3g3, an ap1g8 image inside
        Assert.Equal("Complete", rows["DM-9105-A"][2]); // ap1g8, padded as GNU tar pads
        var log = Logging(t);
        Assert.Contains("Failed to download file tftp://127.0.0.1/EWC/damaged/ap1g7: Image verification failed", log);
        Assert.Contains("Failed to download file tftp://127.0.0.1/EWC/damaged/ap3g3: Image verification failed", log);
    }

    [RootFact]
    public void With_direct_fetch_each_AP_fetches_its_own_image_from_the_server()
    {
        using var t = lab.Privileged("DIRECT");
        StartAdd(t);
        var (rows, _) = WaitForPredownloads(t);
        Assert.All(rows, r => Assert.Equal(["Complete", InstallLab.NewApVersion], r.Value[2..4]));
        Assert.All(rows, r => Assert.Equal("TFTP", r.Value[^1]));
        // Only the controller image is the EWC's fetch; the APs' own fetches are not install_engine's.
        Assert.Single(Regex.Matches(Logging(t), "Started install add"));
    }

    [RootFact]
    public void Install_add_over_SFTP_logs_in_with_the_profiles_user_password_and_port()
    {
        using var t = lab.Privileged("SFTP-OK");
        StartAdd(t);
        var (rows, _) = WaitForPredownloads(t);
        Assert.All(rows, r => Assert.Equal(["Complete", InstallLab.NewApVersion], r.Value[2..4]));
        var log = Logging(t);
        Assert.Contains("Completed install add sftp://*****@127.0.0.1/EWC/17_9_4a/ap1g8", log);
        Assert.DoesNotContain(InstallLab.SftpPassword, log);
    }

    [RootFact]
    public void A_wrong_SFTP_password_fails_with_an_authentication_failure_and_the_password_never_shows()
    {
        using var t = lab.Privileged("SFTP-BADPW");
        StartAdd(t);
        var (rows, _) = WaitForPredownloads(t);
        Assert.All(rows, r => Assert.Equal("Failed", r.Value[2]));
        var log = Logging(t);
        const string url = "sftp://*****@127.0.0.1/EWC/17_9_4a/C9800-AP-iosxe-wlc.bin";
        Assert.Contains($"Failed to install_add package {url}, Error: Failed to download file {url}: Authentication failed", log);
        Assert.DoesNotContain("Not-The-Password", log + string.Join("\n", t.Lines("show running-config")));
    }

    [RootFact]
    public void A_wrong_SFTP_path_fails_with_the_seeds_No_such_file_or_directory()
    {
        using var t = lab.Privileged("SFTP-WRONGPATH");
        StartAdd(t);
        Assert.All(WaitForPredownloads(t).Rows, r => Assert.Equal("Failed", r.Value[2]));
        const string url = "sftp://*****@127.0.0.1/Documents/Wrong-Path/C9800-AP-iosxe-wlc.bin";
        Assert.Contains($"%INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package {url}, Error: Failed to download file {url}: No such file or directory", Logging(t));
    }

    [RootFact]
    public void An_SFTP_server_that_never_answers_fails_with_Timed_out()
    {
        using var t = lab.Privileged("SFTP-SILENT");
        var started = DateTime.UtcNow;
        StartAdd(t);
        Assert.All(WaitForPredownloads(t).Rows, r => Assert.Equal("Failed", r.Value[2]));
        var took = DateTime.UtcNow - started;
        const string url = "sftp://*****@127.0.0.1/EWC/17_9_4a/C9800-AP-iosxe-wlc.bin";
        Assert.Contains($"Failed to download file {url}: Timed out", Logging(t));
        Assert.True(took >= TimeSpan.FromSeconds(40.0 / InstallLab.ClockFactor), $"took {took}");
    }

    /// <summary>install add, then activate: [y/n], the session drops, the controller is away, then back with the images swapped.</summary>
    private void AddAndActivate(string controller)
    {
        using (var t = lab.Privileged(controller))
        {
            StartAdd(t);
            Assert.All(WaitForPredownloads(t).Rows, r => Assert.Equal("Complete", r.Value[2]));
            WaitForAdded(t);
            t.Send("install activate\r");
            t.Expect(Regex.Escape("Do you want to proceed? [y/n]"));
            t.Send("y\r");
            t.Expect("install_activate: START");
            Assert.True(t.WaitClosed(TimeSpan.FromSeconds(20)), "the session should drop when the controller reloads");
        }
        WaitBack(controller);
    }

    /// <summary>Logins fail while the controller reloads (60 lab s = 3 s); polls until one reaches the prompt.</summary>
    private void WaitBack(string controller)
    {
        var deadline = DateTime.UtcNow + Patience;
        var refused = 0;
        while (true)
        {
            try
            {
                using var t = lab.Privileged(controller);
                break;
            }
            catch (Exception e) when (e is TimeoutException or Renci.SshNet.Common.SshException or System.Net.Sockets.SocketException)
            {
                refused++;
                Assert.True(DateTime.UtcNow < deadline, $"{controller} did not come back within a minute");
                Thread.Sleep(200);
            }
        }
        Assert.True(refused > 0, "logins during the reload should fail");
        // Each was cut by the forced command before it started the attach program (a .NET process
        // per login, which a fleet's polling made the lab's main cost): none reached the attach
        // server, which logs "reloading: dropping" for those that do.
        var sessions = File.ReadAllText(Path.Combine(lab.Lab.Endpoints.StateDirectory, "sessions.log"));
        Assert.DoesNotMatch($"(?m)reloading: dropping \\S+ connection to {Regex.Escape(controller)}$", sessions);
    }

    [RootFact]
    public void Activate_reloads_and_swaps_the_images_and_commit_makes_it_stick()
    {
        AddAndActivate("ACTIVATE");
        using var t = lab.Privileged("ACTIVATE");
        Assert.All(ApRows(t), r => Assert.Equal([InstallLab.NewApVersion, "17.9.3.50"], r.Value[..2]));
        Assert.Contains("Version 17.9.4a", string.Join("\n", t.Lines("show version")));
        var summary = t.Lines("show install summary");
        Assert.Contains($"IMG   U    {InstallLab.NewControllerVersion}", summary);
        Assert.Contains("IMG   D    17.09.03.0.3760", summary);
        Assert.Contains(summary, l => l.StartsWith("Auto abort timer: active on install_activate, time before rollback - ", StringComparison.Ordinal));

        Assert.Contains("SUCCESS: install_commit", string.Join("\n", t.Lines("install commit")));
        summary = t.Lines("show install summary");
        Assert.Contains($"IMG   C    {InstallLab.NewControllerVersion}", summary);
        Assert.Contains("Auto abort timer: inactive", summary);
        Assert.Contains("FAILED: install_commit", string.Join("\n", t.Lines("install commit")));
    }

    [RootFact]
    public void Without_commit_the_auto_abort_timer_reloads_and_rolls_back()
    {
        AddAndActivate("ABORT");
        using (var t = lab.Privileged("ABORT"))
        {
            Assert.Contains($"IMG   U    {InstallLab.NewControllerVersion}", t.Lines("show install summary"));
            // The timer (200 lab s = 10 s) fires: the controller reloads again and this session drops.
            Assert.True(t.WaitClosed(Patience), "the auto-abort reload should drop the session");
        }
        WaitBack("ABORT");
        using var back = lab.Privileged("ABORT");
        Assert.All(ApRows(back), r => Assert.Equal(["17.9.3.50", InstallLab.NewApVersion], r.Value[..2]));
        Assert.Contains("Version 17.9.3,", string.Join("\n", back.Lines("show version")));
        var summary = back.Lines("show install summary");
        Assert.Contains("IMG   C    17.09.03.0.3760", summary);
        Assert.Contains("Auto abort timer: inactive", summary);
        Assert.Contains("install_engine: Install auto abort timer expired", Logging(back));
    }
}
