using System.Runtime.InteropServices;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// Puts the session's pty into raw mode without echo through termios directly: a real device
/// echoes and ends lines itself. (Running stty as a child process does not stick: .NET restores
/// its own terminal settings after every child it starts and around Console reads.)
/// </summary>
internal sealed class RawTerminal : IDisposable
{
    private const int StdIn = 0;
    private const int TcsaNow = 0;
    private readonly byte[] _saved = new byte[256]; // larger than struct termios on every Linux ABI
    private readonly bool _active;

    private RawTerminal(bool active) => _active = active;

    public static RawTerminal Enter()
    {
        if (isatty(StdIn) != 1) return new RawTerminal(false);
        var terminal = new RawTerminal(true);
        if (tcgetattr(StdIn, terminal._saved) != 0) return new RawTerminal(false);
        var raw = (byte[])terminal._saved.Clone();
        cfmakeraw(raw);
        tcsetattr(StdIn, TcsaNow, raw);
        return terminal;
    }

    public bool IsTerminal => _active;

    public void Dispose()
    {
        if (_active) tcsetattr(StdIn, TcsaNow, _saved);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int isatty(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcgetattr(int fd, byte[] termios);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

    [DllImport("libc")]
    private static extern void cfmakeraw(byte[] termios);
}
