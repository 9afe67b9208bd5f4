using System.Security.Cryptography;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Tests.Ssh;

public sealed class HostKeyPolicyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ewc-hostkey-").FullName;
    private static readonly byte[] s_keyA = RandomNumberGenerator.GetBytes(51);
    private static readonly byte[] s_keyB = RandomNumberGenerator.GetBytes(51);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string KnownHosts => Path.Combine(_dir, "sub", "known_hosts");

    // A key from ssh-keygen, with the fingerprints `ssh-keygen -l -E sha256|md5` printed for it.
    private static readonly byte[] s_openSshKey = Convert.FromBase64String("AAAAC3NzaC1lZDI1NTE5AAAAINGCGnMX1n1wn9UWM24gS/D1PVH7XxdOmtdxgaErSFCe");
    private const string OpenSshSha256 = "SHA256:k4MjIFPQLV14gSR6vSy6q6k6fCaanqKyH/ITACN00m4";
    private const string OpenSshMd5 = "MD5:64:a7:88:86:e0:e9:80:14:e4:75:35:03:07:09:34:c2";

    [Fact]
    public void Fingerprints_are_the_ones_ssh_keygen_prints()
    {
        Assert.Equal(OpenSshSha256, HostKeyFingerprint.Sha256(s_openSshKey));
        Assert.Equal(OpenSshMd5, HostKeyFingerprint.Md5(s_openSshKey));
        Assert.True(HostKeyFingerprint.Matches(OpenSshSha256, s_openSshKey));
        Assert.True(HostKeyFingerprint.Matches(OpenSshSha256 + "=", s_openSshKey));
        Assert.True(HostKeyFingerprint.Matches(OpenSshMd5.Substring(4).ToUpperInvariant(), s_openSshKey));
        Assert.False(HostKeyFingerprint.Matches(OpenSshSha256, s_keyB));
        Assert.True(HostKeyFingerprint.IsWellFormed(OpenSshSha256));
        Assert.True(HostKeyFingerprint.IsWellFormed(OpenSshMd5));
        Assert.False(HostKeyFingerprint.IsWellFormed("SHA256:short"));
    }

    [Fact]
    public void An_unknown_key_is_refused_without_trust_on_first_use()
    {
        var decision = new HostKeyPolicy { KnownHostsPath = KnownHosts }.Decide("127.0.0.1", 2201, "ssh-ed25519", s_keyA);

        Assert.False(decision.Accepted);
        Assert.False(decision.Changed);
        Assert.Contains(HostKeyFingerprint.Sha256(s_keyA), decision.Reason);
        Assert.False(File.Exists(KnownHosts));
    }

    [Fact]
    public void Trust_on_first_use_records_the_key_then_refuses_a_changed_one()
    {
        var policy = new HostKeyPolicy { KnownHostsPath = KnownHosts, TrustOnFirstUse = true };

        Assert.True(policy.Decide("127.0.0.1", 2201, "ssh-ed25519", s_keyA).Accepted);
        Assert.Equal($"[127.0.0.1]:2201 ssh-ed25519 {Convert.ToBase64String(s_keyA)}\n", File.ReadAllText(KnownHosts));
        Assert.True(policy.Decide("127.0.0.1", 2201, "ssh-ed25519", s_keyA).Accepted);

        var changed = policy.Decide("127.0.0.1", 2201, "ssh-ed25519", s_keyB);
        Assert.False(changed.Accepted);
        Assert.True(changed.Changed);
        Assert.Contains("CHANGED", changed.Reason);
        Assert.True(policy.Decide("127.0.0.1", 2202, "ssh-ed25519", s_keyB).Accepted); // another port is another host
    }

    [Fact]
    public void An_rsa_key_negotiated_as_rsa_sha2_is_the_ssh_rsa_key_known_hosts_records()
    {
        // The blob of an RSA host key names ssh-rsa; SSH.NET reports the negotiated algorithm instead.
        var rsa = new byte[] { 0, 0, 0, 7 }.Concat("ssh-rsa"u8.ToArray()).Concat(new byte[] { 0, 0, 0, 3, 1, 0, 1, 0, 0, 1, 1, 0 })
            .Concat(RandomNumberGenerator.GetBytes(257)).ToArray();
        Assert.Equal("ssh-rsa", HostKeyFingerprint.KeyType(rsa));
        var policy = new HostKeyPolicy { KnownHostsPath = KnownHosts, TrustOnFirstUse = true };

        Assert.True(policy.Decide("10.1.1.9", 22, "rsa-sha2-512", rsa).Accepted);
        Assert.Equal($"10.1.1.9 ssh-rsa {Convert.ToBase64String(rsa)}\n", File.ReadAllText(KnownHosts)); // as ssh would write it
        Assert.Equal("known", policy.Decide("10.1.1.9", 22, "rsa-sha2-256", rsa).Reason);
    }

    [Fact]
    public void Pinned_fingerprints_win_over_the_file()
    {
        new KnownHostsFile(KnownHosts).Add("h", 22, "ssh-ed25519", s_keyB); // the file holds B; the pin names A
        var policy = new HostKeyPolicy { KnownHostsPath = KnownHosts, PinnedFingerprints = new[] { HostKeyFingerprint.Sha256(s_keyA) } };
        Assert.True(policy.Decide("h", 22, "ssh-ed25519", s_keyA).Accepted);
        var other = policy.Decide("h", 22, "ssh-ed25519", s_keyB);
        Assert.False(other.Accepted);
        Assert.True(other.Changed);
    }

    [Fact]
    public void Hashed_and_revoked_entries_are_understood()
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        var hash = new HMACSHA1(salt).ComputeHash(System.Text.Encoding.ASCII.GetBytes("[10.1.1.1]:2201"));
        Directory.CreateDirectory(Path.GetDirectoryName(KnownHosts)!);
        File.WriteAllText(KnownHosts,
            $"# comment\n|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} ssh-ed25519 {Convert.ToBase64String(s_keyA)}\n" +
            $"@revoked * ssh-ed25519 {Convert.ToBase64String(s_keyB)}\n");
        var file = new KnownHostsFile(KnownHosts);

        Assert.Equal(KnownHostVerdict.Known, file.Check("10.1.1.1", 2201, s_keyA));
        Assert.Equal(KnownHostVerdict.Unknown, file.Check("10.1.1.2", 2201, s_keyA));
        Assert.Equal(KnownHostVerdict.Revoked, file.Check("10.1.1.1", 2201, s_keyB));
    }
}
