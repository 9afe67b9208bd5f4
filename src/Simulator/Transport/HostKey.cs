namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The lab's ed25519 host key in the state folder. An existing key is reused, so a restart with
/// the same folder keeps the fingerprint clients pinned; a fresh folder gets a new key.
/// </summary>
internal static class HostKey
{
    public static string PathIn(string state) => Path.Combine(state, "ssh_host_ed25519_key");

    /// <summary>Makes the key if missing; returns its fingerprint as `ssh-keygen -lf` prints it (SHA256:…).</summary>
    public static string Ensure(string state)
    {
        var key = PathIn(state);
        if (!File.Exists(key)) Processes.Require("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ewc-lab", "-f", key);
        if (!File.Exists(key + ".pub")) File.WriteAllText(key + ".pub", Processes.Require("ssh-keygen", "-y", "-f", key));
        var line = Processes.Require("ssh-keygen", "-l", "-f", key + ".pub"); // "256 SHA256:… comment (ED25519)"
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }
}
