namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The first line an attach process sends over the Unix socket: which controller (the SSH port the
/// client connected to), which user, and whether the session has a pty.
/// </summary>
internal sealed record AttachHeader(int Port, string User, bool Pty)
{
    public string Format() => $"ATTACH {Port} {User} {(Pty ? 1 : 0)}\n";

    public static AttachHeader? Parse(string line)
    {
        var p = line.Trim().Split(' ');
        if (p.Length != 4 || p[0] != "ATTACH" || !int.TryParse(p[1], out var port)) return null;
        return new AttachHeader(port, p[2], p[3] == "1");
    }
}
