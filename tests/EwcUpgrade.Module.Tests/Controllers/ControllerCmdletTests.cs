using System.Management.Automation;
using System.Text.RegularExpressions;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests.Controllers;

/// <summary>The controller cmdlets against the simulated lab, over real SSH.</summary>
[Collection(LabCollection.Name)]
public sealed class ControllerCmdletTests : IDisposable
{
    private readonly LabFixture _lab;
    private readonly PsSession _ps = new();
    private readonly TempDir _dir = new();

    public ControllerCmdletTests(LabFixture lab)
    {
        _lab = lab;
        _ps.Run("Disconnect-Ewc -All").AssertNoErrors();
    }

    public void Dispose()
    {
        _ps.Run("Disconnect-Ewc -All");
        _ps.Dispose();
        _dir.Dispose();
    }

    private Dictionary<string, object?> Vars(string controller, Dictionary<string, object?>? more = null)
    {
        var e = _lab.Lab.Controller(controller);
        var vars = new Dictionary<string, object?>
        {
            ["port"] = e.Port,
            ["fingerprint"] = e.HostKeyFingerprint,
            ["cred"] = Credential(LabFixture.User, LabFixture.Password),
            ["knownHosts"] = _dir.Combine("known_hosts"),
        };
        foreach (var pair in more ?? new()) vars[pair.Key] = pair.Value;
        return vars;
    }

    private static PSCredential Credential(string user, string password)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in password) secure.AppendChar(c);
        return new PSCredential(user, secure);
    }

    private const string Connect = "Connect-Ewc -HostName 127.0.0.1 -Port $port -Credential $cred -HostKeyFingerprint $fingerprint";

    [Fact]
    public void A_password_login_opens_a_privileged_session_that_is_listed_and_closed()
    {
        var result = _ps.Run(Connect + "; Get-EwcSession", Vars("SITE-A-EWC")).AssertNoErrors();

        Assert.Equal(2, result.Output.Count);
        var session = result.Output[0];
        Assert.Equal("SITE-A-EWC", session.Properties["DeviceName"].Value);
        Assert.Equal("Open", session.Properties["State"].Value.ToString());
        Assert.Contains("Authorized access only", (string)session.Properties["Banner"].Value);
        Assert.Equal(session.Properties["Id"].Value, result.Output[1].Properties["Id"].Value);

        _ps.Run("Get-EwcSession | Disconnect-Ewc").AssertNoErrors();
        Assert.Empty(_ps.Run("Get-EwcSession").Output);
    }

    [Fact]
    public void A_key_login_works_without_a_password()
    {
        var vars = Vars("KEY-EWC", new() { ["cred"] = Credential(LabFixture.KeyUser, ""), ["key"] = _lab.KeyFile });
        var result = _ps.Run(Connect + " -KeyFile $key | Get-ApSummary", vars).AssertNoErrors();
        Assert.Empty(result.Output); // the controller has no APs; the point is that the login and the command worked
        Assert.Equal("KEY-EWC", _ps.Run("(Get-EwcSession).DeviceName").Single().BaseObject);
    }

    [Fact]
    public void A_wrong_password_is_an_authentication_error_that_never_shows_the_password()
    {
        var vars = Vars("SITE-A-EWC", new() { ["cred"] = Credential(LabFixture.User, "Wrong-Secret-123") });
        var result = _ps.Run(Connect, vars);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AuthenticationFailed", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("Authentication failed for user 'ewcadmin'", error.Exception.Message);
        Assert.DoesNotContain("Wrong-Secret-123", error.ToString() + error.Exception);
        Assert.Empty(_ps.Run("Get-EwcSession").Output);
    }

    [Fact]
    public void Host_keys_are_checked_unknown_refused_first_use_recorded_change_refused()
    {
        var vars = Vars("SITE-B-EWC");
        var plain = "Connect-Ewc -HostName 127.0.0.1 -Port $port -Credential $cred -KnownHostsFile $knownHosts";

        var unknown = Assert.Single(_ps.Run(plain, vars).Errors);
        Assert.StartsWith("HostKeyUnknown", unknown.FullyQualifiedErrorId);
        Assert.Contains(_lab.Lab.Controller("SITE-B-EWC").HostKeyFingerprint, unknown.Exception.Message);

        _ps.Run(plain + " -TrustOnFirstUse", vars).AssertNoErrors();
        Assert.Contains($"[127.0.0.1]:{vars["port"]} ssh-ed25519 ", File.ReadAllText(_dir.Combine("known_hosts")));
        _ps.Run("Disconnect-Ewc -All; " + plain, vars).AssertNoErrors(); // now known

        // Another key recorded for the host: the presented key has "changed".
        File.WriteAllText(_dir.Combine("known_hosts"), $"[127.0.0.1]:{vars["port"]} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIiFn2x9C8d7yJ7WcQZ4rV0mE1B3n2oYb5xQ8w1g6m0s\n");
        var changed = Assert.Single(_ps.Run("Disconnect-Ewc -All; " + plain + " -TrustOnFirstUse", vars).Errors);
        Assert.StartsWith("HostKeyChanged", changed.FullyQualifiedErrorId);
        Assert.Contains("CHANGED", changed.Exception.Message);

        var pinnedWrong = Assert.Single(_ps.Run("Connect-Ewc -HostName 127.0.0.1 -Port $port -Credential $cred -HostKeyFingerprint 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'", vars).Errors);
        Assert.StartsWith("HostKeyChanged", pinnedWrong.FullyQualifiedErrorId);
    }

    [Fact]
    public void An_open_session_is_not_reused_for_a_request_that_pins_another_key()
    {
        var vars = Vars("SITE-A-EWC");
        _ps.Run(Connect, vars).AssertNoErrors();
        var wrongPin = _ps.Run("Get-ApSummary -HostName 127.0.0.1 -Port $port -Credential $cred -HostKeyFingerprint 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'", vars);
        Assert.StartsWith("HostKeyChanged", Assert.Single(wrongPin.Errors).FullyQualifiedErrorId);
        Assert.Empty(wrongPin.Output);
        Assert.Equal(1, _ps.Run("(Get-EwcSession).Count").Single().BaseObject);
    }

    [Fact]
    public void An_operator_account_enters_privileged_mode_with_the_enable_secret_and_a_wrong_one_is_said_at_once()
    {
        var e = _lab.Lab.Controller("OPS-EWC");
        var vars = new Dictionary<string, object?>
        {
            ["port"] = e.Port, ["fingerprint"] = e.HostKeyFingerprint,
            ["cred"] = Credential(LabFixture.OperatorUser, LabFixture.Password),
            ["enable"] = Credential("enable", LabFixture.EnableSecret), ["wrong"] = Credential("enable", "Not-The-Secret"),
        };
        const string connect = "Connect-Ewc -HostName 127.0.0.1 -Port $port -Credential $cred -HostKeyFingerprint $fingerprint";

        var refused = Assert.Single(_ps.Run(connect + " -EnableCredential $wrong", vars).Errors);
        Assert.StartsWith("DeviceCommandFailed", refused.FullyQualifiedErrorId);
        Assert.Contains("refused the enable secret", refused.Exception.Message);
        Assert.DoesNotContain("Not-The-Secret", refused.Exception.ToString());

        var session = _ps.Run(connect + " -EnableCredential $enable", vars).AssertNoErrors().Single();
        Assert.Equal("Open", session.Properties["State"].Value.ToString());
    }

    [Fact]
    public void Get_EwcHostKey_reads_the_fingerprint_without_logging_in()
    {
        var key = _ps.Run("Get-EwcHostKey -HostName 127.0.0.1 -Port $port", Vars("SITE-C-EWC")).AssertNoErrors().Single();
        Assert.Equal(_lab.Lab.Controller("SITE-C-EWC").HostKeyFingerprint, key.Properties["Fingerprint"].Value);
        Assert.Equal("ssh-ed25519", key.Properties["Algorithm"].Value);
        Assert.Empty(_ps.Run("Get-EwcSession").Output);
    }

    [Fact]
    public void Tftp_profile_is_set_read_back_and_a_second_set_sends_nothing()
    {
        var vars = Vars("TEN-01");
        var set = "$s | Set-EwcDownloadProfile -Mode Tftp -ImageServer 127.0.0.1 -ImagePath /17.9.4a -PassThru";
        var first = _ps.Run($"$s = {Connect}; {set}", vars).AssertNoErrors().Single();
        Assert.Equal("Tftp", first.Properties["Mode"].Value.ToString());
        Assert.Equal("127.0.0.1", first.Properties["Server"].Value);
        Assert.Equal("/17.9.4a", first.Properties["ImagePath"].Value);

        var read = _ps.Run("Get-EwcDownloadProfile -HostName 127.0.0.1 -Port $port -Credential $cred -HostKeyFingerprint $fingerprint", vars).AssertNoErrors().Single();
        Assert.Equal("/17.9.4a", read.Properties["ImagePath"].Value);

        // Idempotent: the second run reads the profile (one command) and sends no configuration.
        var before = (int)_ps.Run("$s.CommandCount").Single().BaseObject;
        var again = _ps.Run($"{set} -Verbose").AssertNoErrors();
        var after = (int)_ps.Run("$s.CommandCount").Single().BaseObject;
        Assert.Equal(before + 2, after); // the read, and the read-back of -PassThru
        Assert.Contains(again.Verbose, v => v.Contains("nothing sent"));
    }

    [Fact]
    public void Sftp_profile_is_set_with_the_password_masked_everywhere()
    {
        var vars = Vars("TEN-02", new() { ["sftp"] = Credential("calo", "Sftp-Pa55-Secret") });
        var result = _ps.Run($"$s = {Connect}; $s | Set-EwcDownloadProfile -Mode Sftp -ImageServer 10.1.1.62 -ImagePath Documents/sftp_files/17_9_4a -Credential $sftp -Port 2222 -WriteMemory -PassThru -Verbose", vars).AssertNoErrors();

        var profile = result.Single();
        Assert.Equal("Sftp", profile.Properties["Mode"].Value.ToString());
        Assert.Equal("calo", profile.Properties["Username"].Value);
        Assert.Equal(2222, profile.Properties["Port"].Value);
        Assert.True((bool)profile.Properties["HasPassword"].Value);
        Assert.Contains(result.Verbose, v => v.Contains("sftp-password 0 ********"));
        Assert.DoesNotContain(result.Verbose, v => v.Contains("Sftp-Pa55-Secret"));

        // The device stores it encrypted: neither the running config nor its log shows the clear text.
        var config = _ps.Run("Invoke-EwcCommand -Session $s -Command 'show running-config | section image-download', 'show logging'").AssertNoErrors();
        var text = string.Join("\n", config.Output.Select(o => o.Properties["Output"].Value));
        Assert.Matches(@"sftp-password 8 \S+", text);
        Assert.Contains("%SYS-5-CONFIG_I: Configured from console by ewcadmin", text);
        Assert.DoesNotContain("Sftp-Pa55-Secret", text);
    }

    [Fact]
    public void WhatIf_sends_nothing()
    {
        var vars = Vars("TEN-03", new() { ["sftp"] = Credential("calo", "Sftp-Pa55-Secret") });
        _ps.Run($"$s = {Connect}", vars).AssertNoErrors();
        var before = _ps.Run("$s | Get-EwcDownloadProfile").AssertNoErrors().Single();
        var count = (int)_ps.Run("$s.CommandCount").Single().BaseObject;

        _ps.Run("$s | Set-EwcDownloadProfile -Mode Sftp -ImageServer 10.1.1.62 -ImagePath x -Credential $sftp -WriteMemory -WhatIf", vars).AssertNoErrors();

        Assert.Equal(count + 1, (int)_ps.Run("$s.CommandCount").Single().BaseObject); // only the read
        var after = _ps.Run("$s | Get-EwcDownloadProfile").AssertNoErrors().Single();
        Assert.Equal(before.Properties["Mode"].Value, after.Properties["Mode"].Value);
        Assert.Equal(before.Properties["Server"].Value, after.Properties["Server"].Value);
    }

    [Fact]
    public void The_status_of_every_AP_of_the_example_lab_is_read()
    {
        var inventory = _lab.WriteInventory("example", "SITE-A-EWC", "SITE-B-EWC", "SITE-C-EWC");
        var result = _ps.Run("Import-EwcInventory $inv -Credential @{ lab = $cred } | Get-ApImageStatus", Vars("SITE-A-EWC", new() { ["inv"] = inventory })).AssertNoErrors();

        var expected = Regex.Matches(File.ReadAllText(LabFixture.ExampleLab), @"\{ name: (?<name>\S+), model: \S+, mac: \S+, ip: \S+, primary: (?<primary>[^,]+), backup: (?<backup>[^,}\s]+)")
            .Select(m => (m.Groups["name"].Value, m.Groups["primary"].Value, m.Groups["backup"].Value)).ToList();
        Assert.Equal(13, expected.Count);
        var actual = result.Output.Select(o => ((string)o.Properties["ApName"].Value, (string)o.Properties["PrimaryImage"].Value, (string)o.Properties["BackupImage"].Value)).ToList();
        // Controllers are read at once and come out as each finishes: compare regardless of their order.
        Assert.Equal(expected.OrderBy(a => a.Item1, StringComparer.Ordinal), actual.OrderBy(a => a.Item1, StringComparer.Ordinal));
        var failed = result.Output.Single(o => (string)o.Properties["ApName"].Value == "AP-C-STORE");
        Assert.Equal("Failed", failed.Properties["PredownloadStatus"].Value);
        Assert.Equal(2, failed.Properties["RetryCount"].Value);
        Assert.Equal("SITE-C-EWC", failed.Properties["Controller"].Value);

        var summary = _ps.Run("Import-EwcInventory $inv -Credential @{ lab = $cred } | Get-ApSummary", Vars("SITE-A-EWC", new() { ["inv"] = inventory })).AssertNoErrors();
        Assert.Equal(13, summary.Output.Count);
        Assert.Equal(new[] { "ap1g4", "ap1g6a", "ap1g7", "ap1g8", "ap3g3" }, summary.Output.Select(o => (string)o.Properties["ImageType"].Value).Distinct().Order());
    }

    [Fact]
    public void Invoke_EwcCommand_runs_one_line_per_command_and_asks_before_a_show_that_writes_a_file()
    {
        var vars = Vars("SITE-B-EWC");
        _ps.Run($"$s = {Connect}", vars).AssertNoErrors();
        var before = (int)_ps.Run("$s.CommandCount").Single().BaseObject;

        var twoLines = _ps.Run("$s | Invoke-EwcCommand -Command \"show clock`nconfigure terminal\"");
        Assert.StartsWith("InvalidCommand", Assert.Single(twoLines.Errors).FullyQualifiedErrorId);
        Assert.Contains("holds a line break", twoLines.Errors[0].Exception.Message);

        var redirect = _ps.Run("$s | Invoke-EwcCommand -Command 'show running-config | redirect flash:run.txt' -WhatIf").AssertNoErrors();
        Assert.Empty(redirect.Output);
        Assert.Equal(before, (int)_ps.Run("$s.CommandCount").Single().BaseObject); // nothing reached the device
    }

    [Fact]
    public void An_invalid_command_is_an_error_record_with_the_device_text()
    {
        var result = _ps.Run(Connect + " | Invoke-EwcCommand -Command 'show foo'", Vars("SITE-A-EWC"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("DeviceCommandFailed", error.FullyQualifiedErrorId);
        var deviceText = (string)error.Exception.GetType().GetProperty("DeviceText")!.GetValue(error.Exception)!;
        Assert.Contains(deviceText, error.Exception.Message);
        var lines = deviceText.Split('\n');
        Assert.Equal("% Invalid input detected at '^' marker.", lines[^1]);
        var echo = lines.Single(l => l == "SITE-A-EWC#show foo");
        var caret = lines[Array.IndexOf(lines, echo) + 1];
        Assert.Equal(echo.IndexOf("foo", StringComparison.Ordinal), caret.IndexOf('^')); // the caret is under the bad word
    }

    [Fact]
    public void A_connection_dropped_mid_command_is_reported_and_the_next_command_reconnects()
    {
        var vars = Vars("FLAKY-EWC");
        var result = _ps.Run($"$s = {Connect}; $s | Get-ApImageStatus", vars);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ConnectionFailed", error.FullyQualifiedErrorId);
        Assert.Contains("closed while running 'show ap image'", error.Exception.Message);
        Assert.Equal("Broken", _ps.Run("$s.State").Single().ToString());

        var aps = _ps.Run("$s | Get-ApSummary").AssertNoErrors();
        Assert.Equal("AP-F-1", Assert.Single(aps.Output).Properties["ApName"].Value);
        Assert.Equal("Open", _ps.Run("$s.State").Single().ToString());
    }

    [Fact]
    public void Ten_controllers_are_handled_in_one_pipeline()
    {
        var names = Enumerable.Range(1, 10).Select(i => $"TEN-{i:00}").ToArray();
        var inventory = _lab.WriteInventory("ten", names);
        var result = _ps.Run("Import-EwcInventory $inv -Credential @{ lab = $cred } | Get-ApImageStatus", Vars("TEN-01", new() { ["inv"] = inventory })).AssertNoErrors();

        Assert.Equal(20, result.Output.Count);
        // In the order the controllers finished (they run at once), each controller's APs together.
        Assert.Equal(names, result.Output.Select(o => (string)o.Properties["Controller"].Value).Distinct().Order());
        Assert.Equal(10, _ps.Run("(Get-EwcSession).Count").Single().BaseObject);
    }

    [Fact]
    public void A_session_passed_to_parallel_runspaces_still_works()
    {
        var vars = Vars("SITE-B-EWC", new() { ["manifest"] = RepoPaths.Manifest });
        var result = _ps.Run($"$s = {Connect}; 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {{ Import-Module $using:manifest; ($using:s | Get-ApSummary).Count }}", vars).AssertNoErrors();

        Assert.Equal(new object[] { 4, 4, 4 }, result.Output.Select(o => o.BaseObject));
        Assert.Equal(1, _ps.Run("(Get-EwcSession).Count").Single().BaseObject); // the same session, shared
    }

    [Fact]
    public void Controllers_without_their_credential_are_errors_naming_the_fix()
    {
        // A credential name nobody sets: the README has users export EWC_CREDENTIAL_LAB_* for the lab.
        var inventory = _lab.WriteInventoryWithCredential("nocred", "nobody", "SITE-A-EWC");
        var result = _ps.Run("Import-EwcInventory $inv -WarningVariable w 3>$null | Get-ApSummary; $w", new() { ["inv"] = inventory });

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("CredentialMissing", error.FullyQualifiedErrorId);
        Assert.Contains("EWC_CREDENTIAL_NOBODY_USERNAME", error.Exception.Message);
        Assert.Contains("Credential 'nobody' is not available", Assert.Single(result.Output).ToString());
    }
}
