using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EwcUpgrade.ImageServers;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.ImageServers.Sftp;
using EwcUpgrade.Ssh;
using EwcUpgrade.Testing;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EwcUpgrade.Tests.ImageServers;

/// <summary>
/// The SFTP image server for real: OpenSSH's sshd on a loopback port, a system account with a
/// password, the chroot, fetched by SSH.NET and by OpenSSH's own sftp client. Root only (accounts,
/// chroot); the image root lives under /srv because OpenSSH will not chroot below /tmp.
/// </summary>
public sealed class SftpServerTests : IDisposable
{
    private const string Password = "Sftp-Test-Pa55!";
    private readonly string _root = "/srv/ewcupgrade-tests/sftp-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _user = "ewcsftp" + Guid.NewGuid().ToString("N")[..6];
    private readonly List<SftpTransfer> _ended = new();
    private SftpServer? _server;

    private SftpServer StartServer()
    {
        Directory.CreateDirectory(Path.Combine(_root, "17.9.4.27"));
        Run("chmod", "755", "/srv/ewcupgrade-tests", _root, Path.Combine(_root, "17.9.4.27"));
        var image = new byte[300_001];
        new Random(5).NextBytes(image);
        File.WriteAllBytes(Path.Combine(_root, "17.9.4.27/ap1g7"), image);
        _server = new SftpServer(new SftpServerOptions { Root = _root, Address = IPAddress.Loopback, Port = FreeTcpPort(), UserName = _user, Password = Password });
        _server.Tracker.TransferEnded += (_, t) => { lock (_ended) _ended.Add(t); };
        _server.Start();
        return _server;
    }

    [RootFact]
    public void Serves_an_image_to_SSH_NET_with_the_password_inside_the_chroot_and_logs_the_transfer()
    {
        var server = StartServer();
        using var client = new SftpClient("127.0.0.1", server.LocalEndPoint.Port, _user, Password);
        client.HostKeyReceived += (_, e) => e.CanTrust = true;
        client.Connect();
        using var got = new MemoryStream();
        client.DownloadFile("/17.9.4.27/ap1g7", got);
        Assert.Equal(Hash(File.ReadAllBytes(Path.Combine(_root, "17.9.4.27/ap1g7"))), Hash(got.ToArray()));

        // The chroot: "/" is the image root, so the host's files are not there, and nothing can be written.
        Assert.Contains("17.9.4.27", client.ListDirectory("/").Select(f => f.Name));
        Assert.Throws<SftpPathNotFoundException>(() => client.DownloadFile("/etc/hostname", new MemoryStream()));
        Assert.Throws<SftpPathNotFoundException>(() => client.DownloadFile("/../../etc/hostname", new MemoryStream()));
        Assert.ThrowsAny<SshException>(() => client.UploadFile(new MemoryStream(new byte[10]), "/17.9.4.27/new"));
        client.Disconnect();

        var transfer = WaitEnded(t => t.File == "/17.9.4.27/ap1g7");
        Assert.Equal(SftpTransferState.Completed, transfer.State);
        Assert.Equal(300_001, transfer.BytesTransferred);
        Assert.Equal("127.0.0.1", transfer.Client);
        Assert.Equal(_user, transfer.User);
        Assert.Contains(WaitEnded(t => t.File.Contains("etc/hostname")).Error, new[] { "file not found: /etc/hostname", "file not found: /../../etc/hostname" });
    }

    [RootFact]
    public void OpenSSH_sftp_fetches_the_image_intact_with_the_password()
    {
        var server = StartServer();
        var work = Path.Combine(Path.GetTempPath(), "ewc-sftp-client-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            // sftp reads a password only from a terminal or SSH_ASKPASS; the askpass program prints it.
            var askpass = Path.Combine(work, "askpass");
            File.WriteAllText(askpass, "#!/bin/sh\necho '" + Password + "'\n");
            Run("chmod", "700", askpass);
            var start = new ProcessStartInfo("sftp") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            // Not -b: batch mode turns password logins off. Commands come on standard input all the same.
            foreach (var a in new[] { "-P", server.LocalEndPoint.Port.ToString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                         "-o", "PubkeyAuthentication=no", "-o", "BatchMode=no", $"{_user}@127.0.0.1" }) start.ArgumentList.Add(a);
            start.Environment["SSH_ASKPASS"] = askpass;
            start.Environment["SSH_ASKPASS_REQUIRE"] = "force";
            start.Environment["DISPLAY"] = "none";
            using var sftp = Process.Start(start)!;
            sftp.StandardInput.Write($"get /17.9.4.27/ap1g7 {work}/ap1g7\n");
            sftp.StandardInput.Close();
            var errors = sftp.StandardError.ReadToEndAsync();
            Assert.True(sftp.WaitForExit(30_000), "sftp did not finish");
            Assert.True(sftp.ExitCode == 0, "sftp failed: " + errors.Result);
            Assert.Equal(Hash(File.ReadAllBytes(Path.Combine(_root, "17.9.4.27/ap1g7"))), Hash(File.ReadAllBytes(Path.Combine(work, "ap1g7"))));
            Assert.Equal(SftpTransferState.Completed, WaitEnded(t => t.File == "/17.9.4.27/ap1g7").State);
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    [RootFact]
    public void A_wrong_password_is_refused_and_the_login_account_goes_with_the_server()
    {
        var server = StartServer();
        using var client = new SftpClient("127.0.0.1", server.LocalEndPoint.Port, _user, "wrong");
        client.HostKeyReceived += (_, e) => e.CanTrust = true;
        Assert.Throws<SshAuthenticationException>(() => client.Connect());
        Assert.Equal(0, Run("getent", "passwd", _user));
        server.Stop();
        Assert.NotEqual(0, Run("getent", "passwd", _user));
        Assert.False(File.Exists(Path.Combine(_root, "dev/log")), "the log socket is removed");
        Assert.False(Directory.Exists(Path.Combine(_root, "dev")), "the folder made for it too");
        Assert.False(Directory.Exists(server.StateFolder), "the generated state folder too");
    }

    [RootFact]
    public void A_stale_account_of_ours_is_removed_at_the_next_start_and_a_foreign_one_is_never_touched()
    {
        var stale = "ewcstale" + Guid.NewGuid().ToString("N")[..6];
        var foreign = "ewcforeign" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            // A server that died: our marker, a holder process that no longer exists.
            Assert.Equal(0, Run("useradd", "-r", "-M", "-c", $"{SftpLoginAccount.Marker} pid=999999 start=1", stale));
            Assert.Equal(0, Run("useradd", "-r", "-M", "-c", "someone else's", foreign));
            StartServer();
            Assert.NotEqual(0, Run("getent", "passwd", stale));
            Assert.Equal(0, Run("getent", "passwd", foreign));
            var e = Assert.Throws<InvalidOperationException>(() => SftpLoginAccount.Create(foreign, "x-Pa55-word"));
            Assert.Contains("did not create", e.Message);
        }
        finally
        {
            Run("userdel", stale);
            Run("userdel", foreign);
        }
    }

    [RootFact]
    public void A_root_that_OpenSSH_cannot_chroot_to_is_refused_naming_the_folder()
    {
        var under = Path.Combine(Path.GetTempPath(), "ewc-sftp-bad-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(under);
        try
        {
            var server = new SftpServer(new SftpServerOptions { Root = under, Address = IPAddress.Loopback, Port = FreeTcpPort(), UserName = _user, Password = Password });
            var e = Assert.Throws<InvalidOperationException>(server.Start);
            Assert.Contains("cannot chroot", e.Message);
            Assert.Contains(Path.GetTempPath().TrimEnd('/'), e.Message);
            Assert.NotEqual(0, Run("getent", "passwd", _user));
        }
        finally
        {
            Directory.Delete(under, true);
        }
    }

    [RootFact]
    public void Test_ImageServer_probe_gives_OK_NotFound_SizeMismatch_AuthFailed_and_Refused_against_it()
    {
        var server = StartServer();
        File.WriteAllBytes(Path.Combine(_root, "17.9.4.27/ap1g8"), new byte[10]);
        var targets = new[] { new ImageProbeTarget("ap1g7", "ap1g7", 300_001), new ImageProbeTarget("ap1g8", "ap1g8", 11), new ImageProbeTarget("ap3g3", "ap3g3", 5) };
        var known = Path.Combine(_root + "-known_hosts");
        try
        {
            ImageProbeRequest Request(string password, int? port = null, bool tofu = true) =>
                new(ImageServerProtocol.Sftp, "127.0.0.1", port ?? server.LocalEndPoint.Port, "17.9.4.27")
                {
                    Credential = new NetworkCredential(_user, password),
                    HostKeyPolicy = new HostKeyPolicy { KnownHostsPath = known, TrustOnFirstUse = tofu },
                    Timeout = TimeSpan.FromSeconds(2),
                };
            var results = ImageProbe.Probe(Request(Password), targets).ToList();
            Assert.Equal(new[] { ImageProbeVerdict.OK, ImageProbeVerdict.SizeMismatch, ImageProbeVerdict.NotFound }, results.Select(r => r.Verdict));
            Assert.Equal(300_001, results[0].FoundSize);
            Assert.Equal(10, results[1].FoundSize);
            Assert.Equal("sftp://127.0.0.1:" + server.LocalEndPoint.Port + "/17.9.4.27/ap3g3", results[2].Url);

            var wrong = ImageProbe.Probe(Request("not-the-password"), targets).ToList();
            Assert.All(wrong, r => Assert.Equal(ImageProbeVerdict.AuthFailed, r.Verdict));
            Assert.DoesNotContain("not-the-password", wrong[0].Detail + wrong[0].Fix);

            var closed = ImageProbe.Probe(Request(Password, FreeTcpPort()), targets).ToList();
            Assert.All(closed, r => Assert.Equal(ImageProbeVerdict.Refused, r.Verdict));
            Assert.Contains("TCP", closed[0].Fix);

            // The key was recorded on first use above; a policy that does not trust on first use and has no record refuses.
            File.Delete(known);
            var e = Assert.Throws<EwcUpgrade.Cli.EwcHostKeyException>(() => ImageProbe.Probe(Request(Password, tofu: false), targets).ToList());
            Assert.False(e.Changed);
        }
        finally
        {
            File.Delete(known);
        }
    }

    private SftpTransfer WaitEnded(Func<SftpTransfer, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            lock (_ended) if (_ended.FirstOrDefault(match) is { } found) return found;
            Thread.Sleep(50);
        }
        throw new TimeoutException("no such transfer in the SFTP log");
    }

    private static int FreeTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static int Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.WaitForExit(30_000);
        return p.ExitCode;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose()
    {
        _server?.Stop();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
