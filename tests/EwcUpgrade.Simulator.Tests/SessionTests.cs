using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>Logins, sessions without a pty, concurrent sessions and the fault options.</summary>
[Collection(SharedLabCollection.Name)]
public sealed class SessionTests(SharedLab lab)
{
    [RootFact]
    public void A_key_from_ssh_keygen_logs_in_and_the_client_sees_the_lab_host_key()
    {
        var endpoint = lab.Lab.Controller("REF-EWC");
        using var t = DeviceTerminal.WithKey(endpoint, SharedLab.KeyUser, lab.KeyFile);
        t.Expect("REF-EWC#$");
        Assert.Equal(endpoint.HostKeyFingerprint, t.SeenFingerprint);
    }

    [RootFact]
    public void A_wrong_password_is_refused_by_sshd()
    {
        var e = Assert.ThrowsAny<SshAuthenticationException>(() => lab.Login("REF-EWC", SharedLab.User, "not-the-password"));
        Assert.Contains("denied", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [RootFact]
    public void A_lab_user_not_listed_on_a_controller_is_not_authorized_there()
    {
        using var t = DeviceTerminal.WithKey(lab.Lab.Controller("OLD-EWC"), SharedLab.KeyUser, lab.KeyFile);
        Assert.Contains("% Authorization failed.", t.Expect("Authorization failed\\.\r\n"));
        Assert.True(t.WaitClosed(), "the session should close after the authorization failure");
    }

    [RootFact]
    public void Without_a_pty_commands_are_read_from_input_with_no_echo_and_lf_line_ends()
    {
        var endpoint = lab.Lab.Controller("OLD-EWC");
        using var client = new SshClient(new ConnectionInfo(endpoint.Host, endpoint.Port, SharedLab.User, new PasswordAuthenticationMethod(SharedLab.User, SharedLab.Password)) { Timeout = DeviceTerminal.Wait });
        client.Connect();
        using var command = client.CreateCommand("ignored: the lab's sshd forces its own command");
        var run = command.ExecuteAsync();
        using (var input = command.CreateInputStream())
        {
            input.Write(Encoding.ASCII.GetBytes("show install summary\nshow foo\nexit\n"));
        }
        Assert.True(run.Wait(DeviceTerminal.Wait), "the session did not end");
        var output = command.Result;
        Assert.DoesNotContain("\r", output);
        Assert.Contains("OLD-EWC#[ Chassis 1/R0 ] Installed Package(s) Information:\n", output);
        // No echo, so the caret line follows the prompt; its column still counts the prompt.
        Assert.Contains("OLD-EWC#" + new string(' ', "OLD-EWC#show ".Length) + "^\n% Invalid input detected at '^' marker.\n", output);
        Assert.DoesNotContain("show install summary", output);
    }

    [RootFact]
    public void Concurrent_sessions_to_one_controller_each_get_whole_answers()
    {
        var sessions = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            using var t = lab.Privileged("BUSY-EWC");
            t.Run("terminal length 0");
            var answers = new List<string[]>();
            for (var i = 0; i < 3; i++) answers.Add(t.Lines("show ap image"));
            return answers;
        })).ToArray();
        Assert.True(Task.WaitAll(sessions, TimeSpan.FromSeconds(60)), "the sessions did not finish within 60 s");
        Assert.All(sessions.SelectMany(s => s.Result), lines => Assert.Equal(30, lines.Count(l => Regex.IsMatch(l, @"^AP-BUSY-\d\d "))));
    }

    [RootFact]
    public void The_dropOn_fault_prints_about_half_the_output_then_drops_the_connection()
    {
        using var t = lab.Privileged("FLAKY-EWC");
        t.Run("terminal length 0");
        Assert.Contains("AP-FLAKY-10", string.Join("\n", t.Lines("show ap summary")));
        t.Send("show ap image\r");
        Assert.True(t.WaitClosed(), "the connection should drop");
        var after = t.Transcript[t.Transcript.LastIndexOf("show ap image", StringComparison.Ordinal)..];
        Assert.Contains("Total number of APs  : 10", after);
        Assert.DoesNotContain("AP-FLAKY-10", after);
        Assert.False(Regex.IsMatch(after, @"FLAKY-EWC#\s*$"), "no prompt after the drop");
        // SSH.NET may report the channel closed a moment before it notices the connection is gone.
        var deadline = DateTime.UtcNow + DeviceTerminal.Wait;
        while (t.IsConnected && DateTime.UtcNow < deadline) Thread.Sleep(25);
        Assert.False(t.IsConnected, "the SSH connection itself should be gone, not just the channel");
    }

    [RootFact]
    public void The_delay_fault_holds_each_answer_back()
    {
        using var t = lab.Privileged("SLOW-EWC");
        var clock = Stopwatch.StartNew();
        t.Run("show clock");
        Assert.True(clock.ElapsedMilliseconds >= 550, $"answered after {clock.ElapsedMilliseconds} ms; the lab delays each answer 600 ms");
    }
}
