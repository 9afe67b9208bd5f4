using System.Diagnostics;

namespace EwcUpgrade.Testing;

/// <summary>Key pairs made by ssh-keygen, as a user would make them.</summary>
public static class Keys
{
    public static string Generate(string path)
    {
        using var p = Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ewc-test", "-f", path])!;
        if (!p.WaitForExit(15000) || p.ExitCode != 0) throw new InvalidOperationException("ssh-keygen failed");
        return path;
    }

    /// <summary>`ssh-keygen -lf file`: "256 SHA256:… comment (ED25519)".</summary>
    public static string Fingerprint(string publicKeyFile)
    {
        var info = new ProcessStartInfo("ssh-keygen", ["-l", "-f", publicKeyFile]) { RedirectStandardOutput = true };
        using var p = Process.Start(info)!;
        var line = p.StandardOutput.ReadToEnd();
        p.WaitForExit(15000);
        return line.Split(' ')[1];
    }
}
