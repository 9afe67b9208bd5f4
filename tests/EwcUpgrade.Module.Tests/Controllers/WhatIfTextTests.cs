using EwcUpgrade.Module.Tests.Host;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests.Controllers;

/// <summary>What -WhatIf prints reaches the host, so it is checked through the ewcupgrade host process.</summary>
[Collection(LabCollection.Name)]
public sealed class WhatIfTextTests
{
    private readonly LabFixture _lab;

    public WhatIfTextTests(LabFixture lab) => _lab = lab;

    [Fact]
    public void WhatIf_prints_the_exact_lines_with_the_sftp_password_masked()
    {
        var e = _lab.Lab.Controller("TEN-04");
        var script =
            $"$cred = [pscredential]::new('{LabFixture.User}', [Net.NetworkCredential]::new('', '{LabFixture.Password}').SecurePassword); " +
            "$sftp = [pscredential]::new('calo', [Net.NetworkCredential]::new('', 'Sftp-Pa55-Secret').SecurePassword); " +
            $"Connect-Ewc -HostName 127.0.0.1 -Port {e.Port} -Credential $cred -HostKeyFingerprint '{e.HostKeyFingerprint}' | " +
            "Set-EwcDownloadProfile -Mode Sftp -ImageServer 10.1.1.62 -ImagePath images/17_9_4a -Credential $sftp -Port 2222 -WhatIf";

        var run = HostProcess.Run("-Command", script);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("What if: Performing the operation \"Set the image-download profile with these lines:", run.Stdout);
        foreach (var line in new[]
        {
            "wireless profile image-download default", "image-download-mode sftp", "sftp-image-server 10.1.1.62",
            "sftp-image-path images/17_9_4a", "sftp-username calo", "sftp-port 2222", "sftp-password 0 ********",
        })
        {
            Assert.Contains("  " + line, run.Stdout);
        }
        Assert.DoesNotContain("Sftp-Pa55-Secret", run.Stdout + run.Stderr);
    }

    [Fact]
    public void Invoke_ApUpgrade_WhatIf_lists_each_phase_s_lines_per_controller_and_connects_to_nothing()
    {
        using var temp = new TempDir();
        // Port 9 (discard): nothing listens on it here, so any connection attempt would be an error and exit 1.
        var script =
            $"$z = New-ApSampleBundle -Path '{temp.Path}/b.zip' -ImageType ap1g7; $b = Import-ApBundle -Path $z.Path -Destination '{temp.Path}/images'; " +
            "$cred = [pscredential]::new('ewcadmin', [Net.NetworkCredential]::new('', 'x').SecurePassword); " +
            "'127.0.0.1', 'localhost' | Invoke-ApUpgrade -Port 9 -Credential $cred -Bundle $b -WhatIf";

        var run = HostProcess.Run("-Command", script);

        Assert.Equal(0, run.ExitCode);
        foreach (var target in new[] { "127.0.0.1", "localhost" })
        {
            Assert.Contains($"on target \"{target}\"", run.Stdout);
        }
        foreach (var line in new[] { "Download: install add profile default", "Activate: install activate", "proceed -> y", "Commit: install commit", "Upgrade to 17.09.04a.0.6 (APs 17.9.4.27), phases All:" })
        {
            Assert.Contains(line, run.Stdout);
        }
        Assert.DoesNotContain("ConnectionFailed", run.Stderr);
    }
}
