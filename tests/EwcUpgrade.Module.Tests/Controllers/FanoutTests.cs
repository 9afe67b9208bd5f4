using System.Diagnostics;
using System.Management.Automation;
using System.Text.RegularExpressions;
using EwcUpgrade.Module.Tests.Support;
using EwcUpgrade.Testing;
using Xunit.Abstractions;

namespace EwcUpgrade.Module.Tests.Controllers;

/// <summary>
/// examples/lab-ten.yml on free ports with the simulator's delay fault on every controller (each
/// command answers late, as a busy controller does), plus SLOW-EWC whose commands take 3 s, to stop
/// a cmdlet during a command.
/// </summary>
public sealed class DelayedLabFixture : IDisposable
{
    public const int DelayMs = 700;
    public const int SlowDelayMs = 3000;

    public DelayedLabFixture()
    {
        var yaml = RunningLab.OnFreePorts(File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "lab-ten.yml")));
        // Each controller of the example gets the delay fault, right under its hostname.
        yaml = Regex.Replace(yaml, @"(?m)^(  - hostname: .+)$", $"$1\n    faults: {{ delayMs: {DelayMs} }}");
        yaml += $$"""

              - hostname: SLOW-EWC
                port: 0
                users: [ { username: {{LabFixture.User}}, password: "{{LabFixture.Password}}" } ]
                faults: { delayMs: {{SlowDelayMs}} }
                aps:
                  - { name: AP-S-1, model: C9120AXI-E, mac: 0c75.bd55.0001, ip: 10.9.8.1, primary: 17.9.3.50, backup: 17.6.5.22 }

            """;
        File.WriteAllText(LabFile, yaml);
        Lab = RunningLab.Start(LabFile);
    }

    public TempDir Dir { get; } = new();
    public string LabFile => Dir.Combine("lab-ten-delayed.yml");
    public RunningLab Lab { get; }
    public IEnumerable<LabControllerEndpoint> Ten => Lab.Endpoints.Controllers.Where(c => c.Name.StartsWith("TEN-", StringComparison.Ordinal));

    public void Dispose()
    {
        Lab.Dispose();
        Dir.Dispose();
    }
}

/// <summary>The runner under the controller cmdlets: many controllers at once within -ThrottleLimit, and stops that end within a second.</summary>
[Collection(LabCollection.Name)]
public sealed class FanoutTests : IDisposable, IClassFixture<DelayedLabFixture>
{
    private readonly DelayedLabFixture _lab;
    private readonly ITestOutputHelper _out;
    private readonly PsSession _ps = new();

    public FanoutTests(DelayedLabFixture lab, ITestOutputHelper output)
    {
        _lab = lab;
        _out = output;
        _ps.Run("Disconnect-Ewc -All").AssertNoErrors();
    }

    public void Dispose()
    {
        _ps.Run("Disconnect-Ewc -All");
        _ps.Dispose();
    }

    private static PSCredential Credential()
    {
        var secure = new System.Security.SecureString();
        foreach (var c in LabFixture.Password) secure.AppendChar(c);
        return new PSCredential(LabFixture.User, secure);
    }

    /// <summary>The ten controllers as objects that bind HostName, Port and the pinned host key by property name.</summary>
    private Dictionary<string, object?> TenVars() => new()
    {
        ["cred"] = Credential(),
        ["targets"] = _lab.Ten.Select(c => PSObject.AsPSObject(new { HostName = "127.0.0.1", c.Port, Fingerprint = c.HostKeyFingerprint })).ToArray(),
    };

    /// <summary>
    /// How many controllers were being worked on at once, from the order the pipeline thread wrote
    /// things in: a controller starts with its "Connecting to" verbose line and ends with its APs.
    /// </summary>
    private static (int Peak, int Finished) Concurrency(IEnumerable<PSObject> stream)
    {
        var running = new HashSet<string>();
        var finished = new HashSet<string>();
        var peak = 0;
        foreach (var item in stream.Select(o => o.BaseObject))
        {
            if (item is VerboseRecord v && Regex.Match(v.Message, @"^Connecting to \S+ \(\w*@?127\.0\.0\.1:(\d+)") is { Success: true } m)
            {
                running.Add(m.Groups[1].Value);
                peak = Math.Max(peak, running.Count);
            }
            else if (item is not VerboseRecord && PSObject.AsPSObject(item).Properties["Controller"]?.Value is string controller && finished.Add(controller))
            {
                running.Remove(running.First()); // one controller's APs came out: one fewer is running (which one does not matter for the count)
            }
        }
        return (peak, finished.Count);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void Ten_controllers_are_read_at_once_within_the_throttle_limit(int throttle)
    {
        var clock = Stopwatch.StartNew();
        var result = _ps.Run($"$targets | Get-ApImageStatus -Credential $cred -ThrottleLimit {throttle} -Verbose 4>&1", TenVars()).AssertNoErrors();
        _out.WriteLine($"Ten controllers (each command delayed {DelayedLabFixture.DelayMs} ms) read with -ThrottleLimit {throttle} in {clock.Elapsed.TotalSeconds:0.0} s.");

        var (peak, finished) = Concurrency(result.Output);
        Assert.Equal(10, finished);
        // Every controller takes at least three delayed commands (login's two, show ap image): the
        // first `throttle` start before any of them ends, and never more than that.
        Assert.Equal(throttle, peak);
        Assert.Equal(27, result.Output.Count(o => o.BaseObject is not VerboseRecord)); // every AP of the ten
    }

    [Fact]
    public void A_stop_during_a_configuration_command_returns_at_once_and_the_next_command_finds_the_exec_prompt()
    {
        var slow = _lab.Lab.Controller("SLOW-EWC");
        var vars = new Dictionary<string, object?> { ["cred"] = Credential(), ["port"] = slow.Port, ["fingerprint"] = slow.HostKeyFingerprint };
        _ps.Run("$s = Connect-Ewc -HostName 127.0.0.1 -Port $port -Credential $cred -HostKeyFingerprint $fingerprint", vars).AssertNoErrors();

        using var ps = _ps.Create("$s | Set-EwcDownloadProfile -Mode Tftp -ImageServer 10.9.9.9 -ImagePath /stopped -Confirm:$false");
        using var setting = new ManualResetEventSlim();
        ps.Streams.Progress.DataAdded += (_, e) =>
        {
            if (ps.Streams.Progress[e.Index].StatusDescription.StartsWith("Setting", StringComparison.Ordinal)) setting.Set();
        };
        var run = ps.BeginInvoke();
        Assert.True(setting.Wait(TimeSpan.FromSeconds(60)), "the profile was never being set");
        // `configure terminal` takes one delay; stop during the next line, with the vty in configuration mode.
        Thread.Sleep(DelayedLabFixture.SlowDelayMs + 1000);

        var clock = Stopwatch.StartNew();
        var stopping = ps.BeginStop(null, null);
        // Without the token in the read loop the stop waits for the rest of the lines: 4 × 3 s and more.
        Assert.True(stopping.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the stop did not end the cmdlet");
        ps.EndStop(stopping);
        Assert.True(run.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the stopped cmdlet did not return");
        _out.WriteLine($"Set-EwcDownloadProfile stopped mid-configuration returned {clock.ElapsedMilliseconds} ms after Stop() (the device's answer was {DelayedLabFixture.SlowDelayMs} ms away at most).");

        // The connection that was mid-configuration is gone: the device dropped its configuration mode with it.
        Assert.Equal("Broken", _ps.Run("$s.State").Single().ToString());
        var next = _ps.Run("$s | Invoke-EwcCommand -Command 'show ap summary' -Verbose", vars).AssertNoErrors();
        Assert.Contains("AP-S-1", next.Single().ToString());
        Assert.Equal("Open", _ps.Run("$s.State").Single().ToString());
    }

    [Fact]
    public void A_stop_during_a_read_ends_every_controller_and_leaves_no_worker_behind()
    {
        using var ps = _ps.Create("$targets | Get-ApImageStatus -Credential $cred -ThrottleLimit 8", TenVars());
        var run = ps.BeginInvoke();
        Thread.Sleep(DelayedLabFixture.DelayMs + 300); // in the login's first delayed command

        var clock = Stopwatch.StartNew();
        var stopping = ps.BeginStop(null, null);
        Assert.True(stopping.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the stop did not end the cmdlet");
        ps.EndStop(stopping);
        Assert.True(run.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the stopped cmdlet did not return");
        _out.WriteLine($"Get-ApImageStatus over ten controllers stopped {clock.ElapsedMilliseconds} ms after Stop().");
        // Nothing was half-connected into the registry: stopped logins are not sessions.
        Assert.All(_ps.Run("Get-EwcSession").Output, s => Assert.Equal("Open", s.Properties["State"].Value.ToString()));
    }
}
