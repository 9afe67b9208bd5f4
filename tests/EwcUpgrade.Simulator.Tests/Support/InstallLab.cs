using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EwcUpgrade.Bundles;
using EwcUpgrade.ImageServers.Sftp;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests.Support;

/// <summary>
/// A lab for the install engine, with real image servers on loopback: tftpd-hpa (a third-party
/// server, from scripts/install-deps.sh) and the module's SFTP server (OpenSSH sshd), both over
/// one image root under /srv (OpenSSH will not chroot below /tmp). The root holds a full sample
/// bundle and one without ap1g8. Each controller is one scenario; the lab clock runs 20 times fast.
/// </summary>
public sealed class InstallLab : IDisposable
{
    public const int ClockFactor = 20;
    public const string SftpPassword = "Sim-Sftp-Pa55!";
    public const string NewApVersion = "17.9.4.27";
    public const string NewControllerVersion = "17.09.04a.0.6";

    private readonly string _root = "/srv/ewcupgrade-tests/sim-install-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TempFolder _folder = new();
    private Process? _tftpd;
    /// <summary>A TCP port that accepts connections and never says a word: a server behind a filter that swallows them.</summary>
    private TcpListener? _silent;
    private SftpServer? _sftp;

    public InstallLab()
    {
        if (!RootFactAttribute.CanRun) return;
        try
        {
            Directory.CreateDirectory(_root);
            SampleBundleBuilder.Create(Path.Combine(_root, "EWC/17_9_4a"), apVersion: NewApVersion, controllerVersion: NewControllerVersion);
            SampleBundleBuilder.Create(Path.Combine(_root, "EWC/no-ap1g8"), apVersion: NewApVersion, controllerVersion: NewControllerVersion,
                imageTypes: ApImageTypeTable.All.Select(t => t.Name).Where(t => t != "ap1g8"));
            // A damaged copy: ap1g7 cut short, ap3g3 holding the ap1g8 image (the wrong family); its ap1g8 is fine.
            var damaged = Path.Combine(_root, "EWC/damaged");
            SampleBundleBuilder.Create(damaged, apVersion: NewApVersion, controllerVersion: NewControllerVersion);
            using (var cut = File.OpenWrite(Path.Combine(damaged, "ap1g7"))) cut.SetLength(cut.Length - 3 * 512);
            File.Copy(Path.Combine(damaged, "ap1g8"), Path.Combine(damaged, "ap3g3"), overwrite: true);
            // Not damage: ap1g8 padded with zeros to tar's record size, as GNU tar writes archives.
            using (var pad = File.OpenWrite(Path.Combine(damaged, "ap1g8"))) pad.SetLength((pad.Length / 10240 + 1) * 10240);
            foreach (var dir in Directory.GetDirectories(_root, "*", SearchOption.AllDirectories).Append(_root).Append("/srv/ewcupgrade-tests"))
            {
                File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101); // the chroot rule: root's, not writable by others
            }
            TftpPort = StartTftpd();
            ClosedPort = FreeUdpPort();
            SftpUser = "ewcsftp" + Guid.NewGuid().ToString("N")[..6]; // not ewcsim*: those are the labs' own accounts
            _sftp = new SftpServer(new SftpServerOptions { Root = _root, Address = IPAddress.Loopback, Port = FreeTcpPort(), UserName = SftpUser, Password = SftpPassword });
            _sftp.Start();
            SftpPort = _sftp.LocalEndPoint.Port;
            _silent = new TcpListener(IPAddress.Loopback, 0);
            _silent.Start();
            Lab = RunningLab.Start(_folder.Write("lab.yml", Yaml()));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public RunningLab Lab { get; } = null!;
    public string ImageRoot => _root;
    public int TftpPort { get; }
    public int ClosedPort { get; }
    public int SftpPort { get; }
    public string SftpUser { get; } = "";

    public DeviceTerminal Privileged(string controller)
    {
        var t = DeviceTerminal.WithPassword(Lab.Controller(controller), SharedLab.User, SharedLab.Password);
        t.Expect("#$");
        t.Run("terminal length 0");
        return t;
    }

    /// <summary>An AP's console log, as the simulated AP printed it.</summary>
    public string ApLog(string ap)
    {
        var file = Path.Combine(Lab.Endpoints.StateDirectory, "ap-logs", ap + ".log");
        return File.Exists(file) ? File.ReadAllText(file) : "";
    }

    // Three image types (ap1g7, ap1g8, ap3g3) as in the reference's network; two ap1g8 APs so a
    // missing ap1g8 fails exactly two.
    private static string Aps(string prefix, string primary = "17.9.3.50") => $$"""
                aps:
                  - { name: {{prefix}}-MASTER, model: C9120AXI-E, mac: 0c75.bd30.0001, ip: 10.30.0.1, primary: {{primary}}, backup: 17.6.5.22, role: Master }
                  - { name: {{prefix}}-9105-A, model: C9105AXI-E, mac: 0c75.bd30.0002, ip: 10.30.0.2, primary: {{primary}}, backup: 17.6.5.22 }
                  - { name: {{prefix}}-9105-B, model: C9105AXI-E, mac: 0c75.bd30.0003, ip: 10.30.0.3, primary: {{primary}}, backup: 17.6.5.22 }
                  - { name: {{prefix}}-2802, model: AIR-AP2802I-E-K9, mac: 00a7.42aa.3004, ip: 10.30.0.4, primary: {{primary}}, backup: 8.10.130.0 }
            """;

    private string Controller(string name, string profile, string install, string prefix) => $$"""
              - hostname: {{name}}
                port: 0
                release: 17.9.3
                controllerVersion: 17.09.03.0.3760
                users: [ { username: {{SharedLab.User}}, password: "{{SharedLab.Password}}", privilege: 15 } ]
                profile: {{profile}}
                install: {{install}}
            {{Aps(prefix)}}
            """;

    private string Tftp(string path) => $"{{ mode: tftp, server: 127.0.0.1, path: {path} }}";

    private string Yaml()
    {
        var tftp = $"tftpPort: {TftpPort}, tftpBlockSize: 1428";
        var sftp = $"{{ mode: sftp, server: 127.0.0.1, path: /EWC/17_9_4a, username: {SftpUser}, password: \"{SftpPassword}\", port: {SftpPort} }}";
        var silentSftp = $"{{ mode: sftp, server: 127.0.0.1, path: /EWC/17_9_4a, username: {SftpUser}, password: \"{SftpPassword}\", port: {((IPEndPoint)_silent!.LocalEndpoint).Port} }}";
        var wrongSftp = $"{{ mode: sftp, server: 127.0.0.1, path: Documents/Wrong-Path, username: {SftpUser}, password: \"{SftpPassword}\", port: {SftpPort} }}";
        var badSftp = $"{{ mode: sftp, server: 127.0.0.1, path: /EWC/17_9_4a, username: {SftpUser}, password: \"Not-The-Password\", port: {SftpPort} }}";
        return string.Join("\n",
            "lab: install-tests",
            $"clockFactor: {ClockFactor}",
            "controllers:",
            // 20 000 bytes per lab second: a ~770 KB sample image takes about 2 s of real time.
            Controller("TFTP-OK", Tftp("/EWC/17_9_4a"), $"{{ {tftp}, capwapRate: 20000 }}", "OK"),
            Controller("WRONG-PATH", Tftp("/Wrong-Path"), $"{{ {tftp} }}", "WP"),
            Controller("NO-SERVER", Tftp("/EWC/17_9_4a"), $"{{ tftpPort: {ClosedPort}, timeoutSeconds: 40 }}", "NS"),
            Controller("NO-AP1G8", Tftp("/EWC/no-ap1g8"), $"{{ {tftp} }}", "MT"),
            Controller("DAMAGED", Tftp("/EWC/damaged"), $"{{ {tftp} }}", "DM"),
            Controller("DIRECT", Tftp("/EWC/17_9_4a"), $"{{ {tftp}, directFetch: true }}", "DF"),
            Controller("SFTP-OK", sftp, "{ }", "SO"),
            Controller("SFTP-BADPW", badSftp, "{ }", "SB"),
            Controller("SFTP-SILENT", silentSftp, "{ timeoutSeconds: 40 }", "SS"),
            Controller("SFTP-WRONGPATH", wrongSftp, "{ }", "SW"),
            Controller("ACTIVATE", Tftp("/EWC/17_9_4a"), $"{{ {tftp}, reloadSeconds: 60, autoAbortSeconds: 7200 }}", "AC"),
            Controller("ABORT", Tftp("/EWC/17_9_4a"), $"{{ {tftp}, reloadSeconds: 60, autoAbortSeconds: 200 }}", "AB"),
            "");
    }

    private int StartTftpd()
    {
        var program = Path.Combine(RunningLab.RepoRoot, "artifacts/tools/usr/sbin/in.tftpd");
        if (!File.Exists(program)) throw new InvalidOperationException($"tftpd-hpa is missing at {program}: run scripts/install-deps.sh");
        var port = FreeUdpPort();
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-L", "-s", "-a", $"127.0.0.1:{port}", "-u", "root", _root }) start.ArgumentList.Add(a);
        _tftpd = Process.Start(start)!;
        for (var i = 0; i < 100; i++)
        {
            if (_tftpd.HasExited) throw new InvalidOperationException("tftpd-hpa exited: " + _tftpd.StandardError.ReadToEnd());
            if (File.ReadAllText("/proc/net/udp").Contains($":{port:X4} ")) return port;
            Thread.Sleep(50);
        }
        throw new TimeoutException("tftpd-hpa did not start listening");
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        Lab?.Dispose();
        _sftp?.Dispose();
        _silent?.Stop();
        if (_tftpd is { HasExited: false }) _tftpd.Kill();
        _tftpd?.WaitForExit(5000);
        _tftpd?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class InstallLabCollection : ICollectionFixture<InstallLab>
{
    public const string Name = "install lab";
}
