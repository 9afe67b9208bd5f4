using System.Net;
using EwcUpgrade.ImageServers;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.Parsers;
using EwcUpgrade.Tests.Tftp;
using EwcUpgrade.Upgrade.Readiness;

namespace EwcUpgrade.Tests.Upgrade;

/// <summary>The whole check from a controller's facts, probing a real TFTP server on loopback.</summary>
public sealed class ReadinessCheckTests : IDisposable
{
    private readonly TftpTestServer _server = new();

    public ReadinessCheckTests()
    {
        _server.AddFile("17.9.4.27/C9800-AP-iosxe-wlc.bin", 5000);
        _server.AddFile("17.9.4.27/ap1g7", 1005);
        _server.AddFile("17.9.4.27/ap1g8", 1005);
    }

    public void Dispose() => _server.Dispose();

    private UpgradeReadinessReport Check(string release, ApSummaryReport aps, ImageDownloadProfile profile, ReadinessRequest? request = null) =>
        UpgradeReadiness.Evaluate("EWC-1", release, aps, profile,
            request ?? new ReadinessRequest(ReadinessRulesTests.Bundle()) { ProbePort = _server.Server.LocalEndPoint.Port, ProbeTimeout = TimeSpan.FromMilliseconds(500), ProbeRetries = 1 },
            CancellationToken.None);

    [Fact]
    public void Ready_exactly_when_nothing_stands_against_it()
    {
        var r = Check("17.09.03", ReadinessRulesTests.Aps("C9120AXI-E", "C9105AXI-E"), ReadinessRulesTests.Tftp());
        Assert.Empty(r.Reasons);
        Assert.True(r.Ready);
        Assert.Equal("17.9.3", r.CurrentRelease);
        Assert.Equal("17.09.04a.0.6", r.TargetVersion);
        Assert.Equal(new[] { "controller", "ap1g7", "ap1g8" }, r.ServerChecks.Select(c => c.ImageType));
        Assert.All(r.ServerChecks, c => Assert.Equal("EWC-1", c.Controller));

        var same = Check("17.9.4a", ReadinessRulesTests.Aps("C9120AXI-E"), ReadinessRulesTests.Tftp());
        Assert.False(same.Ready);
        Assert.Equal(ReadinessCode.AlreadyAtTarget, Assert.Single(same.Reasons).Code);
    }

    [Fact]
    public void A_wrong_path_on_a_real_server_is_found_not_assumed()
    {
        var r = Check("17.9.3", ReadinessRulesTests.Aps("C9120AXI-E"), ReadinessRulesTests.Tftp(path: "/17.9.4a"));
        Assert.All(r.ServerChecks, c => Assert.Equal(ImageProbeVerdict.NotFound, c.Verdict));
        Assert.Equal(ReadinessCode.ProfileElsewhere, Assert.Single(r.Reasons).Code);
    }

    [Fact]
    public void An_sftp_server_without_a_login_to_check_with_is_not_called_ready()
    {
        var profile = new ImageDownloadProfile { ModeText = "sftp", Mode = ImageServerProtocol.Sftp, Server = "127.0.0.1", ImagePath = "17.9.4.27", Username = "calo", HasPassword = true };
        var r = Check("17.9.3", ReadinessRulesTests.Aps("C9120AXI-E"), profile);
        Assert.Equal(ReadinessCode.ServerNotChecked, Assert.Single(r.Reasons).Code);
        Assert.Empty(r.ServerChecks);
    }

    [Fact]
    public void A_probe_login_other_than_the_profiles_is_a_reason_and_its_password_is_never_shown()
    {
        var profile = new ImageDownloadProfile { ModeText = "sftp", Mode = ImageServerProtocol.Sftp, Server = "127.0.0.1", ImagePath = "17.9.4.27", Username = "calo", HasPassword = true };
        // Port 1 on loopback: nothing listens, so the probe is quick; the login is what is checked here.
        var request = new ReadinessRequest(ReadinessRulesTests.Bundle())
        {
            Credential = new NetworkCredential("admin", "S3cret-Never-Shown"), ProbePort = 1, ProbeTimeout = TimeSpan.FromMilliseconds(300), ProbeRetries = 0,
        };
        var r = Check("17.9.3", ReadinessRulesTests.Aps("C9120AXI-E"), profile, request);
        Assert.Contains(r.Reasons, x => x.Code == ReadinessCode.ProbeLoginDiffers);
        // Refused, or TimedOut when a busy host lets SSH.NET's connect timer run out first.
        Assert.Contains(r.Reasons, x => x.Code == ReadinessCode.ServerCheckFailed && x.Verdict is ImageProbeVerdict.Refused or ImageProbeVerdict.TimedOut);
        var text = string.Join("\n", r.Reasons.Select(x => x.Message + " " + x.Fix).Concat(r.ServerChecks.Select(c => c.Detail + " " + c.Fix + " " + c.Url)).Concat(r.Notes));
        Assert.DoesNotContain("S3cret-Never-Shown", text);
    }
}
