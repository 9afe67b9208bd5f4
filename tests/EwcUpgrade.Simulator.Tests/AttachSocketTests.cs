using System.Diagnostics;
using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>
/// The attach socket is open to every local user (lab logins are other accounts): it must believe
/// the kernel's word on who connected (SO_PEERCRED), never the login name the client writes.
/// </summary>
[Collection(SharedLabCollection.Name)]
public sealed class AttachSocketTests(SharedLab lab)
{
    [RootFact]
    public void A_process_claiming_another_users_login_is_refused()
    {
        var port = lab.Lab.Controller("REF-EWC").Port;
        // nobody runs the attach program with USER set to the lab's privileged login.
        var answer = Attach("nobody", SharedLab.User, port);
        Assert.Contains("refuses this session", answer);
        Assert.DoesNotContain("REF-EWC#", answer);
    }

    [RootFact]
    public void Root_claiming_a_lab_login_is_refused_too()
    {
        var port = lab.Lab.Controller("REF-EWC").Port;
        Assert.Contains("refuses this session", Attach(null, SharedLab.User, port));
    }

    [RootFact]
    public void A_process_that_runs_as_the_login_it_names_gets_the_device()
    {
        var port = lab.Lab.Controller("REF-EWC").Port;
        var answer = Attach(SharedLab.User, SharedLab.User, port);
        Assert.Contains("REF-EWC", answer);
        Assert.DoesNotContain("refuses this session", answer);
    }

    /// <summary>
    /// Runs the lab's own attach program as the given user (root itself when null), as sshd would but
    /// with any USER it likes, on the controller's port, sends "exit", and returns what came back.
    /// </summary>
    private string Attach(string? asUser, string claimedUser, int port)
    {
        var simulator = Path.Combine(RunningLab.RepoRoot, "src/Simulator/bin/Release/net10.0/EwcUpgrade.Simulator.dll");
        var start = new ProcessStartInfo(asUser != null ? "runuser" : "dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        // runuser sets USER to the target account: env puts the claimed name back, as an impostor would.
        if (asUser != null) foreach (var a in new[] { "-u", asUser, "--", "env", $"USER={claimedUser}", "dotnet" }) start.ArgumentList.Add(a);
        foreach (var a in new[] { simulator, "attach", AttachSocketPath() }) start.ArgumentList.Add(a);
        start.Environment["USER"] = claimedUser;
        start.Environment["SSH_CONNECTION"] = $"127.0.0.1 50000 127.0.0.1 {port}";
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write("exit\r\n");
        p.StandardInput.Close();
        if (!p.WaitForExit(20000)) p.Kill(entireProcessTree: true);
        return output.Result + errors.Result;
    }

    private string AttachSocketPath()
    {
        var config = File.ReadAllText(Path.Combine(lab.Lab.Endpoints.StateDirectory, "sshd_config"));
        var line = config.Split('\n').First(l => l.StartsWith("ForceCommand ", StringComparison.Ordinal));
        return line.Split(' ').Select(p => p.Trim('"', '\'', '\r')).Last(p => p.EndsWith(".sock", StringComparison.Ordinal));
    }
}
