using System.Text;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// What the simulated EWC checks in an AP image it received. AP images are ustar archives whose
/// first member, `info`, names image_family and ap_version (reference §2, [P]); the bundles the
/// module and the tests generate are built that way. The check: the archive is whole (its members'
/// declared sizes add up to the file's size, give or take tar's zero padding), and its family is the type asked for. A file that is
/// no tar at all is taken on trust with an unknown version, as nothing in it can be checked.
/// </summary>
public static class ImageCheck
{
    private const int Block = 512;
    private const int Record = 20 * Block;

    /// <summary>Null when the image is fine (version: its ap_version, or null); else why not.</summary>
    public static string? Problem(string file, string imageType, out string? version)
    {
        version = null;
        using var s = File.OpenRead(file);
        var length = s.Length;
        if (length == 0) return "empty file";
        var header = new byte[Block];
        if (!ReadBlock(s, 0, header) || Encoding.ASCII.GetString(header, 257, 5) != "ustar") return null;
        long offset = 0;
        string? family = null;
        while (true)
        {
            if (!ReadBlock(s, offset, header)) return "truncated archive";
            if (header.All(b => b == 0)) break; // the end-of-archive blocks
            var name = Text(header, 0, 100);
            var size = Octal(header, 124, 12);
            if (size < 0) return "bad archive header";
            if (name == "info")
            {
                var body = new byte[Math.Min(size, 4096)];
                s.Position = offset + Block;
                s.ReadExactly(body);
                foreach (var line in Encoding.ASCII.GetString(body).Split('\n'))
                {
                    if (line.StartsWith("image_family=", StringComparison.Ordinal)) family = line["image_family=".Length..].Trim();
                    if (line.StartsWith("ap_version=", StringComparison.Ordinal)) version = line["ap_version=".Length..].Trim();
                }
            }
            offset += Block + (size + Block - 1) / Block * Block;
            if (offset > length) return $"truncated archive ({length} bytes; its members need more)";
        }
        // The end: two zero blocks, and tar's padding to its record size (GNU tar: 20 blocks), all zeros.
        var trailing = length - offset;
        if (trailing < 2 * Block || trailing > 2 * Block + Record) return $"size {length} does not match the archive's {offset + 2 * Block}";
        var rest = new byte[trailing];
        s.Position = offset;
        s.ReadExactly(rest);
        if (rest.Any(b => b != 0)) return "data after the end of the archive";
        if (family != null && !family.Equals(imageType, StringComparison.OrdinalIgnoreCase)) return $"image family {family}, not {imageType}";
        return null;
    }

    private static bool ReadBlock(Stream s, long offset, byte[] block)
    {
        if (offset + Block > s.Length) return false;
        s.Position = offset;
        s.ReadExactly(block);
        return true;
    }

    private static string Text(byte[] h, int at, int width) => Encoding.ASCII.GetString(h, at, width).TrimEnd('\0', ' ');

    private static long Octal(byte[] h, int at, int width)
    {
        long n = 0;
        foreach (var c in Text(h, at, width).Trim())
        {
            if (c is < '0' or > '7') return -1;
            n = n * 8 + (c - '0');
        }
        return n;
    }
}
