using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EwcUpgrade.Tests.ImageServers;

/// <summary>
/// tftpd-hpa, a server nobody here wrote, run as a process of its own on a loopback port over a
/// temporary root. scripts/install-deps.sh extracts it from its Debian package into artifacts/tools.
/// </summary>
internal sealed class ThirdPartyTftpd : IDisposable
{
    private readonly Process _process;

    public ThirdPartyTftpd(string root)
    {
        var program = Path.Combine(TestRepo.Root, "artifacts/tools/usr/sbin/in.tftpd");
        if (!File.Exists(program)) throw new InvalidOperationException($"tftpd-hpa is missing at {program}: run scripts/install-deps.sh");
        Port = FreeUdpPort();
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-L", "-s", "-a", $"127.0.0.1:{Port}", "-u", Environment.UserName, root }) start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        WaitListening();
    }

    public int Port { get; }

    public static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private void WaitListening()
    {
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException("tftpd-hpa exited: " + _process.StandardError.ReadToEnd());
            if (File.ReadAllText("/proc/net/udp").Contains($":{Port:X4} ")) return;
            Thread.Sleep(50);
        }
        throw new TimeoutException("tftpd-hpa did not start listening");
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
