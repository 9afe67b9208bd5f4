namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The one line an attach process sends first over the Unix socket: the SSH port the client used
/// (which controller), the login, whether the session has a pty, and — when sshd exposes it — the
/// public key the client authenticated with (type and base64), which tells lab users apart when
/// sshd is not root and everyone logs in as the same account.
/// </summary>
internal sealed record AttachHeader(int Port, string User, bool Pty, string? Key)
{
    public string Format() => $"ATTACH {Port} {User} {(Pty ? 1 : 0)}{(Key != null ? " " + Key : "")}\n";

    public static AttachHeader? Parse(string line)
    {
        var p = line.Trim().Split(' ');
        if (p.Length is not (4 or 6) || p[0] != "ATTACH" || !int.TryParse(p[1], out var port)) return null;
        return new AttachHeader(port, p[2], p[3] == "1", p.Length == 6 ? p[4] + " " + p[5] : null);
    }
}
