using System.Text.RegularExpressions;
using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>The image-download profile: set in one session, read back in a later one, secrets never in clear.</summary>
[Collection(SharedLabCollection.Name)]
public sealed class ProfileTests(SharedLab lab)
{
    [RootFact]
    public void A_tftp_profile_set_in_one_session_is_read_back_in_the_next()
    {
        using (var t = lab.Privileged("TFTP-EWC"))
        {
            Assert.Equal(["Enter configuration commands, one per line.  End with CNTL/Z."], t.Lines("configure terminal", "TFTP-EWC(config)#"));
            Assert.Empty(t.Lines("wireless profile image-download default", "TFTP-EWC(config-wireless-image-download-profile)#"));
            Assert.Empty(t.Lines("image-download-mode tftp", "TFTP-EWC(config-wireless-image-download-profile-tftp)#"));
            Assert.Empty(t.Lines("tftp-image-server 172.16.5.27", "-tftp)#"));
            Assert.Empty(t.Lines("tftp-image-path /EWC/17_9_4a", "-tftp)#"));
            Assert.EndsWith("TFTP-EWC#", t.Run("end"));
            Assert.Equal(["Building configuration...", "[OK]"], t.Lines("write memory"));
        }
        using var next = lab.Privileged("TFTP-EWC");
        Assert.Equal(
            ["wireless profile image-download default", " image-download-mode tftp", " tftp-image-server 172.16.5.27", " tftp-image-path /EWC/17_9_4a"],
            next.Lines("show running-config | section image-download"));
        next.Run("terminal length 0");
        var configured = next.Lines("show logging | include CONFIG_I");
        Assert.NotEmpty(configured);
        Assert.All(configured, l => Assert.Matches(@"^\*[A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d\.\d{3}: %SYS-5-CONFIG_I: Configured from console by ewcsim on vty0 \(127\.0\.0\.1\)$", l));
    }

    [RootFact]
    public void An_sftp_profile_keeps_its_password_only_encrypted()
    {
        const string secret = "Clear-Text-Pa55";
        using (var t = lab.Privileged("SFTP-EWC"))
        {
            t.Run("conf t", "(config)#");
            t.Run("wireless profile image-download default", "-profile)#");
            t.Run("image-download-mode sftp", "-profile-sftp)#");
            foreach (var line in new[] { "sftp-image-server 172.16.5.62", "sftp-image-path Documents/sftp_files/EWC_17_9_4a", "sftp-username calo", $"sftp-password 0 {secret}", "sftp-port 2222" })
            {
                Assert.Empty(t.Lines(line, "-sftp)#")); // a config line that is accepted prints nothing
            }
            Assert.Equal(new string(' ', "SFTP-EWC(config-wireless-image-download-profile-sftp)#sftp-port ".Length) + "^", t.Lines("sftp-port 99999", "-sftp)#")[0]);
            Assert.Equal(new string(' ', "SFTP-EWC(config-wireless-image-download-profile-sftp)#".Length) + "^", t.Lines("tftp-image-server 1.2.3.4", "-sftp)#")[0]);
            t.Send("\u001a"); // Ctrl+Z: back to exec, like end
            t.Expect("SFTP-EWC#$");
        }
        using var next = lab.Privileged("SFTP-EWC");
        next.Run("terminal length 0");
        var block = next.Lines("show running-config | section image-download");
        Assert.Equal(["wireless profile image-download default", " image-download-mode sftp", " sftp-image-server 172.16.5.62", " sftp-image-path Documents/sftp_files/EWC_17_9_4a", " sftp-username calo"], block[..5]);
        Assert.Matches(@"^ sftp-password 8 \$8\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}$", block[5]);
        Assert.Equal(" sftp-port 2222", block[6]);
        next.Lines("show running-config");
        next.Lines("show logging");
        Assert.DoesNotContain(secret, next.Transcript);
    }

    [RootFact]
    public void A_change_in_one_open_session_is_seen_by_another_open_session()
    {
        using var reader = lab.Privileged("BUSY-EWC");
        using var writer = lab.Privileged("BUSY-EWC");
        writer.Run("configure terminal", "(config)#");
        writer.Run("wireless profile image-download default", "-profile)#");
        writer.Run("image-download-mode tftp", "-tftp)#");
        writer.Run("tftp-image-server 10.9.9.9", "-tftp)#");
        Assert.Contains(" tftp-image-server 10.9.9.9", reader.Lines("show running-config | section image-download"));
        writer.Run("tftp-image-server 10.9.9.10", "-tftp)#");
        Assert.Contains(" tftp-image-server 10.9.9.10", reader.Lines("show running-config | section image-download"));
        Assert.Matches(new Regex(@"^ *\^$"), writer.Lines("end extra", "#")[0]);
    }
}
