using System.Diagnostics;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>
/// The system accounts a lab creates go when it stops, unless another live lab holds them; a
/// killed lab's accounts go at the next start; an account the lab did not make is never touched.
/// Each test uses account names of its own, so labs other tests run meanwhile keep theirs.
/// </summary>
[Collection(AccountCleanupCollection.Name)]
public sealed class AccountCleanupTests : IDisposable
{
    private const string Marker = "ewc-lab";
    private const string HoldsRoot = "/run/ewc-lab/accounts";
    private readonly TempFolder _folder = new();

    private static string UniqueUser() => "ewct" + Guid.NewGuid().ToString("N")[..8];

    private string Lab(string name, string user) => _folder.Write(name + ".yml", $$"""
        lab: {{name}}
        controllers:
          - hostname: {{name.ToUpperInvariant()}}
            port: 0
            users: [ { username: {{user}}, password: "Acct-Lab-Pa55" } ]
            aps: []
        """);

    [RootFact]
    public void A_stopped_lab_leaves_none_of_the_accounts_it_created()
    {
        Assert.True(RootFactAttribute.CanRun);
        var user = UniqueUser();
        using (var lab = RunningLab.Start(Lab("stop", user)))
        {
            Assert.Equal(Marker, Gecos(user));
            Assert.Equal(0, lab.Stop());
        }
        Assert.Null(Passwd(user));
        Assert.False(Directory.Exists(Path.Combine(HoldsRoot, user)), "the holder records go with the account");
    }

    [RootFact]
    public void An_account_two_labs_share_stays_until_the_second_stops()
    {
        Assert.True(RootFactAttribute.CanRun);
        var user = UniqueUser();
        using var first = RunningLab.Start(Lab("first", user));
        using var second = RunningLab.Start(Lab("second", user));

        first.Stop();
        Assert.Equal(Marker, Gecos(user));
        Assert.True(File.Exists(Path.Combine(HoldsRoot, user, second.ProcessId.ToString())));

        second.Stop();
        Assert.Null(Passwd(user));
    }

    [RootFact]
    public void A_killed_labs_account_goes_at_the_next_start()
    {
        Assert.True(RootFactAttribute.CanRun);
        var stale = UniqueUser();
        using (var crashed = RunningLab.Start(Lab("crashed", stale)))
        {
            // kill -9: nothing of the lab's own clean-up runs; its sshd is left behind as after a crash.
            Process.GetProcessById(crashed.ProcessId).Kill();
            crashed.Stop();
            KillOrphan(crashed.Endpoints.SshdPid);
            TryDelete(crashed.Endpoints.StateDirectory);
        }
        Assert.Equal(Marker, Gecos(stale));

        var other = UniqueUser();
        using var next = RunningLab.Start(Lab("next", other));
        Assert.Null(Passwd(stale));
        Assert.Equal(Marker, Gecos(other));
        next.Stop();
        Assert.Null(Passwd(other));
    }

    [RootFact]
    public void An_account_the_lab_did_not_create_is_never_changed_or_removed()
    {
        Assert.True(RootFactAttribute.CanRun);
        var user = UniqueUser();
        Assert.Equal(0, Run("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", "-d", "/nonexistent", "-c", "not a lab account", user).ExitCode);
        try
        {
            var before = (Passwd(user), Shadow(user));
            // A stale record as a killed lab would leave it: a process that has ended.
            using (var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
            {
                ended.WaitForExit();
                Directory.CreateDirectory(Path.Combine(HoldsRoot, user));
                File.WriteAllText(Path.Combine(HoldsRoot, user, ended.Id.ToString()), "1");
            }

            using (var lab = RunningLab.Start(Lab("unmarked", user)))
            {
                lab.Stop();
                Assert.Contains($"{user} is an existing system account the lab did not create", lab.Output);
            }
            Assert.Equal(before, (Passwd(user), Shadow(user)));

            // Another lab's start sweeps stale accounts: this one is not the lab's to remove.
            using (var next = RunningLab.Start(Lab("sweeper", UniqueUser())))
            {
                Assert.Equal(before, (Passwd(user), Shadow(user)));
            }
            Assert.Equal(before, (Passwd(user), Shadow(user)));
        }
        finally
        {
            Run("userdel", user);
            TryDelete(Path.Combine(HoldsRoot, user));
        }
    }

    public void Dispose() => _folder.Dispose();

    private static string? Passwd(string user)
    {
        var (code, output) = Run("getent", "passwd", user);
        return code == 0 ? output.Trim() : null;
    }

    private static string? Gecos(string user) => Passwd(user)?.Split(':')[4];

    private static string? Shadow(string user) =>
        File.ReadLines("/etc/shadow").FirstOrDefault(l => l.StartsWith(user + ":", StringComparison.Ordinal));

    private static void KillOrphan(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
            p.WaitForExit(10_000);
        }
        catch (ArgumentException)
        {
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 30 s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>
/// Accounts are the machine's: a lab that starts in a parallel test removes the stale accounts these
/// tests leave on purpose (a killed lab's), so they run alone, after the other collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AccountCleanupCollection
{
    public const string Name = "lab accounts";
}
