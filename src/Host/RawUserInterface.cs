using System;
using System.Management.Automation.Host;

namespace EwcUpgrade.Host;

/// <summary>
/// The window as the formatter sees it: the terminal's width on a terminal; when output goes to a
/// file or pipe, a wide fixed width so tables in logs are not cut.
/// </summary>
internal sealed class RawUserInterface : PSHostRawUserInterface
{
    public const int RedirectedWidth = 200;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; }
    public override bool KeyAvailable => false;
    public override string WindowTitle { get; set; } = "ewcupgrade";
    public override Coordinates WindowPosition { get; set; }

    public override Size BufferSize
    {
        get => new(Width, 9999);
        set { }
    }

    public override Size WindowSize
    {
        get => new(Width, 50);
        set { }
    }

    public override Size MaxWindowSize => WindowSize;
    public override Size MaxPhysicalWindowSize => WindowSize;

    public static int Width
    {
        get
        {
            if (Console.IsOutputRedirected) return RedirectedWidth;
            try { return Math.Max(40, Console.WindowWidth); }
            catch (System.IO.IOException) { return RedirectedWidth; }
        }
    }

    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("ewcupgrade does not read single keys.");
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
