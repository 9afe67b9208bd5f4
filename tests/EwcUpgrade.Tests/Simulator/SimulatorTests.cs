using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EwcUpgrade.Testing;
using Renci.SshNet;

namespace EwcUpgrade.Tests.Simulator;

/// <summary>
/// The lab simulator as a terminal user meets it: real sshd, raw SSH.NET shell channels, the
/// device's own echo, prompts, errors and pager. Independent of the module's CLI client.
/// </summary>
public sealed class SimulatorTests : IDisposable
{
    private const string Password = "Sim-Test-Pa55";
    private readonly string _dir = Directory.CreateTempSubdirectory("ewc-sim-test-").FullName;
    private readonly RunningLab _lab;

    public SimulatorTests()
    {
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101); // the lab's users reach the state folder inside
        File.WriteAllText(LabFile, $$"""
            lab: sim-test
            controllers:
              - hostname: SIM-EWC-WITH-A-LONG-NAME
                port: 0
                release: 17.9.4
                banner: "Simulated lab"
                users: [ { username: ewcadmin, password: "{{Password}}" } ]
                aps:
            {{string.Join("\n", Enumerable.Range(1, 30).Select(i => $"      - {{ name: AP-{i:00}, model: C9120AXI-E, mac: 0c75.bd00.00{i:00}, ip: 10.0.0.{i}, primary: 17.9.4.27, backup: 17.9.3.50 }}"))}}
              - hostname: SIM-USER
                port: 0
                enableSecret: "Enable-Pa55"
                users: [ { username: ewcadmin, password: "{{Password}}", privilege: 1 } ]
                aps: []
            """);
        _lab = RunningLab.Start(LabFile, Path.Combine(_dir, "state"));
    }

    private string LabFile => Path.Combine(_dir, "lab.yml");

    public void Dispose()
    {
        _lab.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Terminal : IDisposable
    {
        private readonly SshClient _client;
        private readonly ShellStream _shell;
        private readonly StringBuilder _seen = new();
        private volatile bool _closed;

        public Terminal(int port, string password = Password)
        {
            _client = new SshClient(new ConnectionInfo("127.0.0.1", port, "ewcadmin", new PasswordAuthenticationMethod("ewcadmin", password)) { Timeout = TimeSpan.FromSeconds(15) });
            _client.Connect();
            _shell = _client.CreateShellStream("vt100", 200, 24, 0, 0, 65536);
            _shell.Closed += (_, _) => _closed = true;
        }

        /// <summary>Reads until the text matches, or fails after 10 s with what was seen.</summary>
        public string Expect(string pattern)
        {
            var regex = new Regex(pattern);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                _seen.Append(_shell.Read());
                var text = _seen.ToString();
                var m = regex.Match(text);
                if (m.Success)
                {
                    _seen.Remove(0, m.Index + m.Length);
                    return text[..(m.Index + m.Length)];
                }
                Thread.Sleep(20);
            }
            throw new TimeoutException($"no /{pattern}/ in: {_seen}");
        }

        public void Send(string text) => _shell.Write(text);

        public bool Closed
        {
            get
            {
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (DateTime.UtcNow < deadline && !_closed) Thread.Sleep(50);
                return _closed;
            }
        }

        public void Dispose()
        {
            _shell.Dispose();
            _client.Dispose();
        }
    }

    private int Port(string name) => _lab.Controller(name).Port;

    [Fact]
    public void Banner_prompt_echo_and_crlf_like_a_device()
    {
        using var t = new Terminal(Port("SIM-EWC-WITH-A-LONG-NAME"));
        Assert.Contains("Simulated lab", t.Expect(@"SIM-EWC-WITH-A-LONG-NAME#$"));
        t.Send("show install summary\r");
        var output = t.Expect(@"SIM-EWC-WITH-A-LONG-NAME#$");
        Assert.StartsWith("show install summary\r\n", output);
        Assert.Contains("IMG   C    17.09.03.0.3760\r\n", output);
    }

    [Fact]
    public void Errors_are_answered_the_IOS_way()
    {
        using var t = new Terminal(Port("SIM-EWC-WITH-A-LONG-NAME"));
        t.Expect("#$");
        t.Send("show ap foo\r");
        var invalid = t.Expect("#$").Split("\r\n");
        Assert.Equal(new string(' ', "SIM-EWC-WITH-A-LONG-NAME#show ap ".Length) + "^", invalid[1]);
        Assert.Equal("% Invalid input detected at '^' marker.", invalid[2]);

        t.Send("show ap\r");
        Assert.Contains("% Incomplete command.", t.Expect("#$"));
        t.Send("sh inst su\r"); // unique abbreviations
        Assert.Contains("Installed Package(s)", t.Expect("#$"));
        t.Send("sh ap su | i AP-07\r");
        var filtered = t.Expect("#$");
        Assert.Matches(@"\r\nAP-07 +2 +C9120AXI-E", filtered);
        Assert.DoesNotContain("AP-08", filtered);
        t.Send("terminal\r");
        Assert.Contains("% Incomplete command.", t.Expect("#$"));
        t.Send("e\r"); // enable or exit
        Assert.Contains("% Ambiguous command:  \"e\"", t.Expect("#$"));
    }

    [Fact]
    public void Long_output_pauses_at_More_until_paging_is_off()
    {
        using var t = new Terminal(Port("SIM-EWC-WITH-A-LONG-NAME"));
        t.Expect("#$");
        t.Send("show ap summary\r");
        var page = t.Expect(" --More-- $");
        Assert.Equal(1 + 23, page.Split("\r\n").Length - 1); // the echo, 23 lines, then the pause on the 24th
        t.Send(" ");
        t.Expect("#$");
        t.Send("terminal length 0\r");
        t.Expect("#$");
        t.Send("show ap summary\r");
        var all = t.Expect("#$");
        Assert.DoesNotContain("--More--", all);
        Assert.Contains("AP-30", all);
    }

    [Fact]
    public void The_profile_set_in_one_session_is_read_in_the_next_with_the_password_encrypted()
    {
        var port = Port("SIM-EWC-WITH-A-LONG-NAME");
        using (var t = new Terminal(port))
        {
            t.Expect("#$");
            t.Send("configure terminal\r");
            Assert.Contains("Enter configuration commands, one per line.  End with CNTL/Z.", t.Expect(@"SIM-EWC-WITH-A-LONG-\(config\)#$"));
            t.Send("wireless profile image-download default\r");
            t.Expect(@"SIM-EWC-WITH-A-LONG-\(config-wireless-image-download-profile\)#$");
            t.Send("image-download-mode sftp\r");
            t.Expect(@"\(config-wireless-image-download-profile-sftp\)#$");
            foreach (var line in new[] { "sftp-image-server 10.1.1.62", "sftp-image-path Documents/x", "sftp-username calo", "sftp-password 0 Clear-Text-1", "sftp-port 2222" })
            {
                t.Send(line + "\r");
                Assert.Equal(line + "\r\n", Regex.Replace(t.Expect(@"-sftp\)#$"), @"SIM-EWC.*$", ""));
            }
            t.Send("end\r");
            t.Expect("SIM-EWC-WITH-A-LONG-NAME#$");
            t.Send("write memory\r");
            Assert.Contains("Building configuration...\r\n[OK]", t.Expect("#$"));
        }
        using var next = new Terminal(port);
        next.Expect("#$");
        next.Send("show running-config | section image-download\r");
        var config = next.Expect("#$");
        Assert.Contains("wireless profile image-download default\r\n image-download-mode sftp\r\n", config);
        Assert.Contains(" sftp-image-server 10.1.1.62\r\n", config);
        Assert.Contains(" sftp-port 2222\r\n", config);
        Assert.Matches(@" sftp-password 8 \S+\r\n", config);
        Assert.DoesNotContain("Clear-Text-1", config);
        next.Send("show logging | include CONFIG_I\r");
        Assert.Contains("%SYS-5-CONFIG_I: Configured from console by ewcadmin on vty0 (127.0.0.1)", next.Expect("#$"));
    }

    [Fact]
    public void Concurrent_sessions_to_one_controller_each_get_whole_answers()
    {
        var port = Port("SIM-EWC-WITH-A-LONG-NAME");
        var tasks = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
        {
            using var t = new Terminal(port);
            t.Expect("#$");
            t.Send("terminal length 0\r");
            t.Expect("#$");
            t.Send("show ap image\r");
            return t.Expect("#$");
        })).ToArray();
        Assert.True(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)));
        Assert.All(tasks, task => Assert.Equal(30, Regex.Matches(task.Result, @"\r\nAP-\d\d ").Count));
    }

    [Fact]
    public void A_user_exec_account_needs_the_enable_secret()
    {
        using var t = new Terminal(Port("SIM-USER"));
        t.Expect("SIM-USER>$");
        t.Send("show running-config\r");
        Assert.Contains("% Invalid input detected", t.Expect(">$"));
        t.Send("enable\r");
        t.Expect("Password: $");
        t.Send("Enable-Pa55\r");
        var after = t.Expect("SIM-USER#$");
        Assert.DoesNotContain("Enable-Pa55", after); // not echoed
        t.Send("exit\r");
        Assert.True(t.Closed);
    }

    [Fact]
    public void A_wrong_password_is_refused_by_sshd()
    {
        Assert.ThrowsAny<Renci.SshNet.Common.SshAuthenticationException>(() => new Terminal(Port("SIM-USER"), "not-the-password"));
    }

    [Fact]
    public void The_endpoints_name_the_host_key_restarts_keep_it_and_sigterm_cleans_up()
    {
        var state = Path.Combine(_dir, "state");
        var printed = Process.Start(new ProcessStartInfo("ssh-keygen", $"-l -E sha256 -f {state}/ssh_host_ed25519_key.pub") { RedirectStandardOutput = true })!;
        var line = printed.StandardOutput.ReadToEnd();
        Assert.Contains(_lab.Endpoints.Controllers[0].HostKeyFingerprint + " ", line);
        Assert.All(_lab.Endpoints.Controllers, c => Assert.Equal("127.0.0.1", c.Host));

        var sshd = _lab.Endpoints.SshdPid;
        Assert.True(File.Exists($"/proc/{sshd}/status"));
        Assert.Equal(0, _lab.Stop());
        Assert.False(File.Exists($"/proc/{sshd}/status"), "sshd still runs after the lab stopped");
        Assert.False(File.Exists(Path.Combine(state, "attach.sock")));

        using var again = RunningLab.Start(LabFile, state);
        Assert.Equal(_lab.Endpoints.Controllers[0].HostKeyFingerprint, again.Endpoints.Controllers[0].HostKeyFingerprint);
        using var fresh = RunningLab.Start(LabFile);
        Assert.NotEqual(_lab.Endpoints.Controllers[0].HostKeyFingerprint, fresh.Endpoints.Controllers[0].HostKeyFingerprint);
    }
}
