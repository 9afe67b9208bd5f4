using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>Labs the size of a fleet (bench/fleet): more controllers than one sshd listens for.</summary>
public sealed class ScaleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    /// <summary>Controllers SCALE-01...: the last one drops the connection on `show ap summary`.</summary>
    private string ManyControllers(int count) => _folder.Write("lab.yml", "lab: scale\ncontrollers:\n" + string.Concat(
        Enumerable.Range(1, count).Select(i => $$"""
              - hostname: SCALE-{{i:00}}
                port: 0
                users: [ { username: {{SharedLab.User}}, password: "{{SharedLab.Password}}" } ]
                faults: { dropOn: [ {{(i == count ? "show ap summary" : "")}} ] }
                aps:
                  - { name: AP-SCALE-{{i:00}}, model: C9120AXI-E, mac: 0c75.bd0a.00{{i:00}}, ip: 10.10.0.{{i}}, primary: 17.9.3.50, backup: 17.6.5.22 }

            """)));

    [RootFact]
    public void A_lab_of_more_controllers_than_one_sshd_listens_for_serves_each_and_drops_on_the_last()
    {
        Assert.True(RootFactAttribute.CanRun);
        // OpenSSH listens on at most 16 addresses (MAX_LISTEN_SOCKS): 33 controllers need three sshds.
        using var lab = RunningLab.Start(ManyControllers(33));
        Assert.Equal(33, lab.Endpoints.Controllers.Select(c => c.Port).Distinct().Count());
        Assert.Equal(3, lab.Endpoints.SshdPids.Count);
        Assert.Equal(lab.Endpoints.SshdPid, lab.Endpoints.SshdPids[0]);
        Assert.All(lab.Endpoints.SshdPids, pid => Assert.True(Directory.Exists($"/proc/{pid}"), $"sshd {pid} should run"));
        foreach (var name in new[] { "SCALE-01", "SCALE-16", "SCALE-17", "SCALE-33" })
        {
            using var t = DeviceTerminal.WithPassword(lab.Controller(name), SharedLab.User, SharedLab.Password);
            t.Expect(name + "#$");
            Assert.Contains(t.Lines("show ap image"), l => l.StartsWith("AP-" + name + " ", StringComparison.Ordinal));
        }

        // A drop on a controller of the third sshd cuts the SSH connection itself, as on the first:
        // the session's sshd processes are found under whichever listener accepted it.
        using var last = DeviceTerminal.WithPassword(lab.Controller("SCALE-33"), SharedLab.User, SharedLab.Password);
        last.Expect("SCALE-33#$");
        last.Send("show ap summary\r");
        Assert.True(last.WaitClosed(), "the connection should drop");
        var deadline = DateTime.UtcNow + DeviceTerminal.Wait;
        while (last.IsConnected && DateTime.UtcNow < deadline) Thread.Sleep(25);
        Assert.False(last.IsConnected, "the SSH connection itself should be gone, not just the channel");
    }

    [RootFact]
    public void A_kept_state_folder_loses_every_sshd_pid_file_when_the_lab_stops()
    {
        Assert.True(RootFactAttribute.CanRun);
        var state = _folder.Combine("state");
        using (var lab = RunningLab.Start(ManyControllers(17), stateDirectory: state))
        {
            Assert.True(File.Exists(Path.Combine(state, "sshd.pid.2")), "the second sshd writes its own pid file");
            Assert.Contains($"ListenAddress 127.0.0.1:{lab.Controller("SCALE-17").Port}\n", File.ReadAllText(Path.Combine(state, "sshd_config.2")));
            Assert.Equal(0, lab.Stop());
        }
        var left = Directory.GetFiles(state).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(left, f => f!.StartsWith("sshd.pid", StringComparison.Ordinal) || f.StartsWith("sshd_config.", StringComparison.Ordinal));
        Assert.Contains("sshd_config", left);
    }

    public void Dispose() => _folder.Dispose();
}
