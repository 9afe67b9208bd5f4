using System.IO;
using System.Net;
using System.Text.Json.Nodes;
using EwcUpgrade.Capture;
using EwcUpgrade.Controllers;
using EwcUpgrade.Ssh;
using EwcUpgrade.Testing;
using EwcUpgrade.Tests.Parsers;
using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Tests.Capture;

/// <summary>
/// "Adding the files makes a test capture": a capture read from the simulated lab over real SSH is
/// filed only under folders the parser capture tests know, and each file parses there to what the
/// lab was set up with, while no password of the lab reaches a file.
/// </summary>
public sealed class CaptureLabRoundTripTests
{
    private const string LoginPassword = "Lab-Only-Pa55";
    private const string SftpPassword = "Sftp-Capture-77";
    private const string UrlPassword = "Url-Capture-88";

    [RootFact]
    public void A_capture_from_the_lab_parses_with_the_projects_parsers_and_holds_no_password()
    {
        var scratch = Directory.CreateTempSubdirectory("ewc-capture-lab-").FullName;
        try
        {
            RoundTrip(scratch);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void RoundTrip(string scratch)
    {
        var labFile = Path.Combine(scratch, "lab.yml");
        File.WriteAllText(labFile, $$"""
            lab: capture-round-trip
            controllers:
              - hostname: CAP-EWC
                port: 0
                model: C9120AXI-E
                release: 17.9.3
                controllerVersion: 17.09.03.0.3760
                users: [ { username: ewcadmin, password: "{{LoginPassword}}", privilege: 15 } ]
                profile: { mode: sftp, server: 127.0.0.9, path: images/17_9_4a, username: calo, password: "{{SftpPassword}}" }
                logging:
                  - "*Feb 1 20:29:25.730: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package sftp://calo:{{UrlPassword}}@127.0.0.9/images/Wrong-Path/ap1g6, Error: Failed to download file sftp://calo:{{UrlPassword}}@127.0.0.9/images/Wrong-Path/ap1g6: No such file or directory"
                aps:
                  - { name: AP-CAP-1, model: C9120AXI-E, mac: 0c75.bd66.0001, ip: 10.9.6.1, primary: 17.9.3.50, backup: 17.6.5.22 }
                  - { name: AP-CAP-2, model: C9105AXI-E, mac: 0c75.bd66.0002, ip: 10.9.6.2, primary: 17.9.3.50, backup: 17.6.5.22 }
            """);
        using var lab = RunningLab.Start(labFile);
        var endpoint = lab.Controller("CAP-EWC");
        using var session = new EwcSession(EwcEndpoint.For(endpoint.Host, endpoint.Port, new NetworkCredential("ewcadmin", LoginPassword), null,
            new[] { endpoint.HostKeyFingerprint }, Path.Combine(scratch, "known_hosts"), trustOnFirstUse: false));
        var root = Path.Combine(scratch, "captures");

        var capture = CaptureReader.Take(session, CaptureCommands.All(UpgradeCli.Load()), TimeSpan.FromSeconds(30));
        var written = CaptureWriter.Write(root, capture, force: false);

        Assert.Equal(7, written.Count);
        Assert.Equal("device-17.09.03-CAP-EWC", capture.Name);
        Assert.Equal("C9120AXI-E", capture.Model);
        var parsed = new Dictionary<string, JsonNode?>();
        foreach (var folder in Directory.GetDirectories(root))
        {
            var name = Path.GetFileName(folder);
            Assert.True(CaptureTests.HasParser(name), $"{name} is no parser capture folder");
            var file = Assert.Single(Directory.GetFiles(folder, "*.txt"));
            parsed[name] = CaptureTests.ParseAsJson(name, File.ReadAllText(file));
        }
        Assert.Equal("C9120AXI-E", (string?)parsed["ShowVersion"]!["Model"]);
        Assert.Equal("CAP-EWC", (string?)parsed["ShowVersion"]!["HostName"]);
        Assert.Equal(new[] { "AP-CAP-1", "AP-CAP-2" }, parsed["ShowApSummary"]!["Aps"]!.AsArray().Select(a => (string?)a!["ApName"]).OrderBy(n => n));
        Assert.Equal(2, (int)parsed["ShowApImage"]!["TotalAps"]!);
        Assert.Equal("17.09.03.0.3760", (string?)parsed["ShowInstallSummary"]!["Packages"]![0]!["Version"]);
        var profile = parsed["ImageDownloadProfileConfig"]!;
        Assert.Equal(("Sftp", "127.0.0.9", "calo", true), ((string?)profile["Mode"], (string?)profile["Server"], (string?)profile["Username"], (bool)profile["HasPassword"]!));
        var failure = Assert.Single(parsed["ImageDownloadLog"]!.AsArray(), e => (string?)e!["Kind"] == "InstallFailed");
        Assert.Equal("WrongPath", (string?)failure!["Cause"]);

        var all = string.Join("\n", Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var secret in new[] { LoginPassword, SftpPassword, UrlPassword }) Assert.DoesNotContain(secret, all);
        // The device's stored form of the SFTP password (type 8) is masked too; the type digit stays.
        Assert.Contains(" sftp-password 8 *****", all);
        Assert.DoesNotContain("$8$", all);
    }
}
