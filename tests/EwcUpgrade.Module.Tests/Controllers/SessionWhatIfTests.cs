using EwcUpgrade.Module.Tests.Host;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests.Controllers;

/// <summary>-WhatIf of Connect-Ewc -TrustOnFirstUse and Disconnect-Ewc, as the host prints it (issue 7, item 12).</summary>
[Collection(LabCollection.Name)]
public sealed class SessionWhatIfTests
{
    private readonly LabFixture _lab;

    public SessionWhatIfTests(LabFixture lab) => _lab = lab;

    private static string Credential =>
        $"$cred = [pscredential]::new('{LabFixture.User}', [Net.NetworkCredential]::new('', '{LabFixture.Password}').SecurePassword); ";

    [Fact]
    public void Trust_on_first_use_with_WhatIf_names_the_file_and_the_key_and_writes_nothing()
    {
        var e = _lab.Lab.Controller("TEN-04");
        using var dir = new TempDir();
        var knownHosts = dir.Combine("known_hosts");
        var script = Credential +
            $"Connect-Ewc -HostName 127.0.0.1 -Port {e.Port} -Credential $cred -KnownHostsFile '{knownHosts}' -TrustOnFirstUse -WhatIf; " +
            "'sessions: ' + @(Get-EwcSession).Count";

        var run = HostProcess.Run("-Command", script);

        Assert.Equal(0, run.ExitCode);
        var said = run.Stdout.Replace("\r", "").Replace("\n", "");
        Assert.Contains($"What if: Performing the operation \"Record the host key ", said);
        Assert.Contains($"{e.HostKeyFingerprint} of [127.0.0.1]:{e.Port} (trust on first use), then log in\" on target \"{knownHosts}\".", said);
        Assert.Contains("sessions: 0", run.Stdout);
        Assert.False(File.Exists(knownHosts));
    }

    [Fact]
    public void Disconnect_with_WhatIf_names_the_session_and_keeps_it()
    {
        var e = _lab.Lab.Controller("TEN-04");
        var script = Credential +
            $"$s = Connect-Ewc -HostName 127.0.0.1 -Port {e.Port} -Credential $cred -HostKeyFingerprint '{e.HostKeyFingerprint}'; " +
            "$s | Disconnect-Ewc -WhatIf; 'state: ' + $s.State";

        var run = HostProcess.Run("-Command", script);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"What if: Performing the operation \"Close\" on target \"session ", run.Stdout);
        Assert.Contains($"to TEN-04 (ewcadmin@127.0.0.1:{e.Port})", run.Stdout);
        Assert.Contains("state: Open", run.Stdout);
    }
}
