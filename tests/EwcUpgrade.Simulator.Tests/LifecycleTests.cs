using System.Text.RegularExpressions;
using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>Starting, restarting and stopping labs: endpoints, host keys, sshd's life, clean-up.</summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string SmallLab(string release = "17.9.3", int portOfA = 0) => _folder.Write("lab.yml", $$"""
        lab: lifecycle
        controllers:
          - hostname: LIFE-A
            port: {{portOfA}}
            release: {{release}}
            users: [ { username: {{SharedLab.User}}, password: "{{SharedLab.Password}}" } ]
            aps:
              - { name: AP-L-1, model: C9120AXI-E, mac: 0c75.bd09.0001, ip: 10.9.0.1, primary: {{release}}.5, backup: 17.6.5.22 }
          - hostname: LIFE-B
            port: 0
            users: [ { username: {{SharedLab.User}}, password: "{{SharedLab.Password}}" } ]
            aps: []
        """);

    [RootFact]
    public void The_endpoints_file_names_each_controller_with_the_host_key_ssh_keygen_prints()
    {
        Assert.True(RootFactAttribute.CanRun);
        using var lab = RunningLab.Start(SmallLab());
        var e = lab.Endpoints;
        Assert.Equal("lifecycle", e.Lab);
        Assert.Equal(lab.ProcessId, e.Pid);
        Assert.True(Directory.Exists($"/proc/{e.SshdPid}"), "sshd should run");
        Assert.Equal(["LIFE-A", "LIFE-B"], e.Controllers.Select(c => c.Name));
        Assert.All(e.Controllers, c =>
        {
            Assert.Equal("127.0.0.1", c.Host);
            Assert.InRange(c.Port, 1, 65535);
            Assert.Equal([SharedLab.User], c.Users);
        });
        Assert.NotEqual(e.Controllers[0].Port, e.Controllers[1].Port);
        var fingerprint = Keys.Fingerprint(Path.Combine(e.StateDirectory, "ssh_host_ed25519_key.pub"));
        Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", fingerprint);
        Assert.All(e.Controllers, c => Assert.Equal(fingerprint, c.HostKeyFingerprint));
        var config = File.ReadAllText(Path.Combine(e.StateDirectory, "sshd_config"));
        Assert.Contains($"ListenAddress 127.0.0.1:{e.Controllers[1].Port}\n", config);
        Assert.Contains("UsePAM no\n", config);
    }

    [RootFact]
    public void A_restart_with_the_same_state_folder_keeps_the_host_key_and_a_fresh_one_changes_it()
    {
        Assert.True(RootFactAttribute.CanRun);
        var state = _folder.Combine("state");
        var labFile = SmallLab("17.10");
        string first;
        using (var lab = RunningLab.Start(labFile, stateDirectory: state))
        {
            first = lab.Endpoints.Controllers[0].HostKeyFingerprint;
            Assert.Equal(0, lab.Stop());
        }
        Assert.True(File.Exists(Path.Combine(state, "ssh_host_ed25519_key")), "a named state folder is kept");
        Assert.False(File.Exists(Path.Combine(state, "attach.sock")));
        using (var again = RunningLab.Start(labFile, stateDirectory: state))
        {
            Assert.Equal(first, again.Endpoints.Controllers[0].HostKeyFingerprint);
            // Still reachable, and "17.10" was read as text, not as the number 17.1.
            using var t = DeviceTerminal.WithPassword(again.Controller("LIFE-A"), SharedLab.User, SharedLab.Password);
            t.Expect("#$");
            t.Run("terminal length 0");
            Assert.Contains(t.Lines("show version"), l => l.Contains("), Version 17.10, RELEASE"));
            Assert.Matches(@"^AP-L-1 +17\.10\.5 ", t.Lines("show ap image").Single(l => l.StartsWith("AP-L-1")));
        }
        using var fresh = RunningLab.Start(labFile);
        Assert.NotEqual(first, fresh.Endpoints.Controllers[0].HostKeyFingerprint);
    }

    [RootFact]
    public void Sigterm_stops_sshd_and_removes_the_temporary_state_folder()
    {
        Assert.True(RootFactAttribute.CanRun);
        var lab = RunningLab.Start(SmallLab());
        var sshd = lab.Endpoints.SshdPid;
        var state = lab.Endpoints.StateDirectory;
        using (var t = DeviceTerminal.WithPassword(lab.Controller("LIFE-B"), SharedLab.User, SharedLab.Password))
        {
            t.Expect("LIFE-B#$");
            Assert.Equal(0, lab.Stop());
            Assert.True(t.WaitClosed(), "open sessions end with the lab");
        }
        lab.Dispose();
        Assert.False(Directory.Exists($"/proc/{sshd}"), "sshd still runs after the lab stopped");
        Assert.False(Directory.Exists(state), "the temporary state folder is left behind");
        Assert.Contains("stopping the lab", lab.Output);
    }

    [RootFact]
    public void A_state_folder_too_deep_for_a_socket_path_still_serves_sessions_and_stops_cleanly()
    {
        Assert.True(RootFactAttribute.CanRun);
        var state = _folder.Combine(string.Join('/', Enumerable.Repeat("a-rather-long-folder-name", 5)));
        Assert.True(state.Length > 100, state);
        using var lab = RunningLab.Start(SmallLab(), stateDirectory: state);
        // The socket then lives in a short temporary folder, which the forced command names.
        var config = File.ReadAllText(Path.Combine(state, "sshd_config"));
        var socket = Regex.Match(config, "attach \"([^\"]+)\"").Groups[1].Value;
        Assert.True(File.Exists(socket), config);
        Assert.False(socket.StartsWith(state, StringComparison.Ordinal), socket);
        using (var t = DeviceTerminal.WithPassword(lab.Controller("LIFE-A"), SharedLab.User, SharedLab.Password))
        {
            t.Expect("LIFE-A#$");
            Assert.StartsWith("show clock\r\n", t.Run("show clock"));
        }
        Assert.Equal(0, lab.Stop());
        Assert.DoesNotContain("error:", lab.Output);
        Assert.False(Directory.Exists(Path.GetDirectoryName(socket)), "the socket's temporary folder is left behind");
        Assert.True(File.Exists(Path.Combine(state, "ssh_host_ed25519_key")), "a named state folder is kept");
    }

    [Fact]
    public void The_example_labs_start_with_their_controllers()
    {
        var lab = Path.Combine(RunningLab.RepoRoot, "examples", "lab.yml");
        var ten = Path.Combine(RunningLab.RepoRoot, "examples", "lab-ten.yml");
        // A copy on free ports: the example's fixed ones may be taken by a lab someone runs by hand.
        var onFreePorts = _folder.Write("lab.yml", RunningLab.OnFreePorts(File.ReadAllText(lab)));
        // No --create-users: the examples' ewcadmin password is left to whoever uses them.
        using (var running = RunningLab.Start(onFreePorts, createUsers: false))
        {
            Assert.True(running.Endpoints.Controllers.Count >= 3);
            Assert.All(running.Endpoints.Controllers, c => Assert.Equal(["ewcadmin"], c.Users));
        }
        using var tenRunning = RunningLab.Start(ten, createUsers: false);
        Assert.Equal(10, tenRunning.Endpoints.Controllers.Count);
        Assert.Equal(10, tenRunning.Endpoints.Controllers.Select(c => c.Port).Distinct().Count());
    }

    [Fact]
    public void When_sshd_cannot_listen_the_lab_prints_its_log_and_exits_non_zero()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var run = SimulatorProcess.Run("run", "--lab", SmallLab(portOfA: port));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1 port {port}", run.Stderr);
        Assert.Contains($"Bind to port {port} on 127.0.0.1 failed", run.Stderr);
        Assert.DoesNotContain("ready ", run.Stdout);
    }

    public void Dispose() => _folder.Dispose();
}
