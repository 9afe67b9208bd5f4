using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace EwcUpgrade.Bundles;

/// <summary>
/// The bytes of generated images: ustar archives like real AP images (an `info` member naming the
/// image family and version, then a payload), filled by a seeded xorshift generator.
/// </summary>
internal static class SampleImage
{
    private const int Block = 512;
    /// <summary>Two headers, the info block, and the end-of-archive blocks.</summary>
    public const long MinimumTarSize = 5 * Block;

    public static void WriteTar(Stream output, string imageType, string apVersion, long totalSize, Action<long> progress)
    {
        if (totalSize % Block != 0 || totalSize < MinimumTarSize) throw new ArgumentOutOfRangeException(nameof(totalSize));
        var info = Encoding.ASCII.GetBytes($"image_family={imageType}\nap_version={apVersion}\n");
        var payload = totalSize - MinimumTarSize;
        WriteBlock(output, Header("info", info.Length), progress);
        var infoBlock = new byte[Block];
        Array.Copy(info, infoBlock, info.Length);
        WriteBlock(output, infoBlock, progress);
        WriteBlock(output, Header(imageType + ".img", payload), progress);
        WriteRaw(output, imageType + "/" + apVersion, payload, progress);
        WriteBlock(output, new byte[2 * Block], progress);
    }

    public static void WriteRaw(Stream output, string seed, long length, Action<long> progress)
    {
        var state = Seed(seed);
        var buffer = new byte[1 << 20];
        var words = MemoryMarshal.Cast<byte, ulong>(buffer.AsSpan());
        for (long left = length; left > 0;)
        {
            for (var i = 0; i < words.Length; i++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                words[i] = state;
            }
            var n = (int)Math.Min(buffer.Length, left);
            output.Write(buffer, 0, n);
            left -= n;
            progress(n);
        }
    }

    private static void WriteBlock(Stream output, byte[] block, Action<long> progress)
    {
        output.Write(block, 0, block.Length);
        progress(block.Length);
    }

    private static byte[] Header(string name, long size)
    {
        var h = new byte[Block];
        Put(h, 0, name, 100);
        Put(h, 100, "0000644", 8);
        Put(h, 108, "0000000", 8);
        Put(h, 116, "0000000", 8);
        Put(h, 124, Convert.ToString(size, 8).PadLeft(11, '0'), 12);
        Put(h, 136, Convert.ToString(1666256640L, 8).PadLeft(11, '0'), 12); // fixed mtime: deterministic bytes
        h[156] = (byte)'0';
        Put(h, 257, "ustar", 6);
        Put(h, 263, "00", 2);
        for (var i = 148; i < 156; i++) h[i] = (byte)' ';
        var sum = 0;
        foreach (var b in h) sum += b;
        Put(h, 148, Convert.ToString(sum, 8).PadLeft(6, '0'), 7);
        h[155] = (byte)' ';
        return h;
    }

    private static void Put(byte[] header, int offset, string text, int width)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Array.Copy(bytes, 0, header, offset, Math.Min(bytes.Length, width));
    }

    private static ulong Seed(string text)
    {
        // FNV-1a: a stable seed per image type and version (string.GetHashCode is randomised per process).
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash == 0 ? 1 : hash;
    }
}
