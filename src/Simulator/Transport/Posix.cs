using System.Runtime.InteropServices;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>The few libc calls the BCL does not offer: who we are, and signals to other processes.</summary>
internal static class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static bool IsRoot => geteuid() == 0;

    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc")]
    private static extern uint geteuid();
}
