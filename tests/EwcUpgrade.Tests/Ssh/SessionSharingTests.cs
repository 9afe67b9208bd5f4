using System.Net;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Tests.Ssh;

/// <summary>When a registered session may serve another request (issue 7, item 3).</summary>
public sealed class SessionSharingTests
{
    private const string PinA = "SHA256:k4MjIFPQLV14gSR6vSy6q6k6fCaanqKyH/ITACN00m4";

    private static EwcEndpoint Endpoint(string password = "right", string? knownHosts = "/tmp/kh", bool tofu = false, string[]? pins = null, string? enable = null) =>
        new EwcEndpoint("Host.example", 2201)
        {
            Credential = new NetworkCredential("admin", password),
            EnablePassword = enable,
            HostKeyPolicy = new HostKeyPolicy { KnownHostsPath = knownHosts!, TrustOnFirstUse = tofu, PinnedFingerprints = pins ?? Array.Empty<string>() },
        };

    [Fact]
    public void The_same_login_and_host_key_policy_share()
    {
        Assert.True(Endpoint(pins: new[] { PinA }).CanShareSessionWith(Endpoint(pins: new[] { PinA + "=" })));
        Assert.True(Endpoint().CanShareSessionWith(new EwcEndpoint("host.EXAMPLE", 2201) { Credential = new NetworkCredential("admin", "right"), HostKeyPolicy = new HostKeyPolicy { KnownHostsPath = "/tmp/../tmp/kh" } }));
    }

    [Fact]
    public void Another_password_or_enable_secret_does_not_share()
    {
        Assert.False(Endpoint().CanShareSessionWith(Endpoint(password: "wrong")));
        Assert.False(Endpoint().CanShareSessionWith(Endpoint(password: "")));
        Assert.False(Endpoint(enable: "e1").CanShareSessionWith(Endpoint(enable: "e2")));
        // The password and the enable secret are kept apart: moving a character between them differs.
        Assert.False(Endpoint(password: "ab", enable: "c").CanShareSessionWith(Endpoint(password: "a", enable: "bc")));
    }

    [Fact]
    public void Another_host_key_policy_does_not_share()
    {
        Assert.False(Endpoint().CanShareSessionWith(Endpoint(knownHosts: "/tmp/other")));
        Assert.False(Endpoint().CanShareSessionWith(Endpoint(tofu: true)));
        Assert.False(Endpoint().CanShareSessionWith(Endpoint(pins: new[] { PinA })));
        Assert.False(Endpoint(pins: new[] { PinA }).CanShareSessionWith(Endpoint(pins: new[] { "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU" })));
    }

    [Fact]
    public void Another_key_file_or_port_does_not_share()
    {
        var withKey = Endpoint();
        withKey.KeyFile = "/tmp/id_ed25519";
        Assert.False(Endpoint().CanShareSessionWith(withKey));
        Assert.False(Endpoint().CanShareSessionWith(new EwcEndpoint("Host.example", 22) { Credential = new NetworkCredential("admin", "right"), HostKeyPolicy = new HostKeyPolicy { KnownHostsPath = "/tmp/kh" } }));
    }

    [Fact]
    public void A_confirmed_first_use_key_is_the_only_one_recorded()
    {
        var dir = Directory.CreateTempSubdirectory("ewc-tofu-").FullName;
        try
        {
            var key = Convert.FromBase64String("AAAAC3NzaC1lZDI1NTE5AAAAINGCGnMX1n1wn9UWM24gS/D1PVH7XxdOmtdxgaErSFCe");
            var path = Path.Combine(dir, "known_hosts");
            var other = new HostKeyPolicy { KnownHostsPath = path, TrustOnFirstUse = true, FirstUseFingerprint = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU" };
            Assert.False(other.Decide("127.0.0.1", 2201, "ssh-ed25519", key).Accepted);
            Assert.False(File.Exists(path));
            var confirmed = new HostKeyPolicy { KnownHostsPath = path, TrustOnFirstUse = true, FirstUseFingerprint = PinA };
            Assert.True(confirmed.Decide("127.0.0.1", 2201, "ssh-ed25519", key).Accepted);
            Assert.Equal(KnownHostVerdict.Known, new KnownHostsFile(path).Check("127.0.0.1", 2201, key));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Connection errors in plain words, never .NET's own texts (issue 7, item 14's class of defect).</summary>
public sealed class PlainErrorTests
{
    [Fact]
    public void A_missing_key_file_is_said_plainly_before_anything_is_sent()
    {
        var missingFile = EwcEndpoint.For("127.0.0.1", 1, null, Path.Combine(Path.GetTempPath(), "ewc-no-key-" + Guid.NewGuid().ToString("N")), null, "/tmp/kh", false);
        var missingFolder = EwcEndpoint.For("127.0.0.1", 1, null, "/nonexistent-ewc-folder/id_ed25519", null, "/tmp/kh", false);

        var file = Assert.Throws<EwcUpgrade.Cli.EwcKeyFileException>(() => SshConnector.Connect(missingFile, out _));
        var folder = Assert.Throws<EwcUpgrade.Cli.EwcKeyFileException>(() => SshConnector.Connect(missingFolder, out _));

        Assert.EndsWith(": the file does not exist", file.Message);
        Assert.EndsWith(": its folder does not exist", folder.Message);
        Assert.DoesNotContain("Could not find", file.Message + folder.Message);
    }

    [Fact]
    public void A_disposed_connection_is_said_plainly()
    {
        var message = SshConnector.Plain(new ObjectDisposedException("Renci.SshNet.ShellStream"));

        Assert.Equal("the connection was already closed", message);
    }
}
