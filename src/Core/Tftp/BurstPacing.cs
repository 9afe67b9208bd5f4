using System;
using System.Threading;

namespace EwcUpgrade.Tftp;

/// <summary>
/// How many blocks of a window go out back to back. A window larger than the client's socket buffer
/// (windowsize 64 x blksize 8192 is 512 KiB; Linux's default is about 208 KiB) loses its tail on every
/// burst, and a client that then waits out its own timeout turns a fast link into a trickle. After a
/// loss the window is sent in smaller bursts with a pause between them, so the receiver drains its
/// buffer; clean windows grow the burst again (additive increase, multiplicative decrease).
/// Lock-step and loss-free transfers never pause, and neither do windows too small to overflow any
/// receiver's buffer: their losses are the path's (random), and pausing after each would only turn
/// a lossy link into a slow one (16 x 1428 bytes at 20% loss: a pause after nearly every block).
/// </summary>
internal sealed class BurstPacing
{
    /// <summary>Windows up to this many bytes fit any receiver's default socket buffer (Windows' is 64 KiB, Linux's about 208 KiB).</summary>
    private const int SmallWindowBytes = 64 * 1024;

    private readonly int _window;
    private readonly bool _canOverflow;

    public BurstPacing(int window, int blockSize)
    {
        _window = window;
        _canOverflow = (long)window * (blockSize + TftpPacket.DataHeaderSize) > SmallWindowBytes;
        Burst = window;
    }

    /// <summary>Blocks to send before pausing; the window size while nothing has been lost.</summary>
    public int Burst { get; private set; }

    private bool _lostSinceLastWindow;

    public void OnLoss()
    {
        if (!_canOverflow) return;
        Burst = Math.Max(1, Burst / 2);
        _lostSinceLastWindow = true;
    }

    /// <summary>A whole window arrived; it grows the burst if nothing was lost on the way.</summary>
    public void OnWindowAcknowledged()
    {
        if (!_lostSinceLastWindow && Burst < _window) Burst++;
        _lostSinceLastWindow = false;
    }

    // The shortest sleep the OS offers (about 1 ms on Linux): long enough for a client to drain
    // what one burst put into its buffer, and no CPU spent spinning.
    public void Pause() => Thread.Sleep(1);
}
