using System;
using System.Collections.Generic;
using System.IO;

namespace EwcUpgrade.Bundles;

/// <summary>
/// The CRC-32 and size the zip's central directory records for each entry, in directory order
/// (the order ZipArchive.Entries keeps). ZipArchiveEntry.Crc32 exists only on newer frameworks and
/// the module targets netstandard2.0, so the directory is read here: end record (zip64 when
/// marked), then one fixed header per entry. Only what the integrity check needs is read.
/// </summary>
internal static class ZipCentralDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint HeaderSignature = 0x02014b50;
    private const int EndSize = 22;

    internal readonly struct Record
    {
        public Record(uint crc32, long uncompressedSize)
        {
            Crc32 = crc32;
            UncompressedSize = uncompressedSize;
        }

        public uint Crc32 { get; }
        public long UncompressedSize { get; }
    }

    public static IReadOnlyList<Record> Read(string zipPath)
    {
        using var file = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var (count, size, offset) = FindDirectory(file);
        if (offset < 0 || size < 0 || offset + size > file.Length || size > int.MaxValue) throw Damaged(zipPath);
        var directory = ReadAt(file, offset, (int)size, zipPath);
        var records = new List<Record>((int)Math.Min(count, 65536));
        var at = 0;
        for (long i = 0; i < count; i++)
        {
            if (at + 46 > directory.Length || U32(directory, at) != HeaderSignature) throw Damaged(zipPath);
            var crc = U32(directory, at + 16);
            long uncompressed = U32(directory, at + 24);
            int nameLength = U16(directory, at + 28), extraLength = U16(directory, at + 30), commentLength = U16(directory, at + 32);
            var extra = at + 46 + nameLength;
            if (extra + extraLength + commentLength > directory.Length) throw Damaged(zipPath);
            if (uncompressed == 0xFFFFFFFF) uncompressed = Zip64UncompressedSize(directory, extra, extraLength) ?? throw Damaged(zipPath);
            records.Add(new Record(crc, uncompressed));
            at = extra + extraLength + commentLength;
        }
        return records;
    }

    /// <summary>Entry count, directory size and offset, from the end record or its zip64 form.</summary>
    private static (long Count, long Size, long Offset) FindDirectory(FileStream file)
    {
        var tailLength = (int)Math.Min(file.Length, EndSize + 0xFFFF);
        var tailStart = file.Length - tailLength;
        var tail = ReadAt(file, tailStart, tailLength, file.Name);
        for (var i = tailLength - EndSize; i >= 0; i--)
        {
            if (U32(tail, i) != EndSignature || i + EndSize + U16(tail, i + 20) > tailLength) continue;
            long count = U16(tail, i + 10), size = U32(tail, i + 12), offset = U32(tail, i + 16);
            if (count != 0xFFFF && size != 0xFFFFFFFF && offset != 0xFFFFFFFF) return (count, size, offset);
            // zip64: a locator sits just before the end record and points at the zip64 end record.
            if (i < 20 || U32(tail, i - 20) != Zip64LocatorSignature) throw Damaged(file.Name);
            var zip64End = ReadAt(file, (long)U64(tail, i - 20 + 8), 56, file.Name);
            if (U32(zip64End, 0) != Zip64EndSignature) throw Damaged(file.Name);
            return ((long)U64(zip64End, 32), (long)U64(zip64End, 40), (long)U64(zip64End, 48));
        }
        throw Damaged(file.Name);
    }

    /// <summary>The zip64 extra field (id 1) holds the 8-byte sizes whose 4-byte fields read 0xFFFFFFFF, uncompressed first.</summary>
    private static long? Zip64UncompressedSize(byte[] data, int at, int length)
    {
        var end = at + length;
        while (at + 4 <= end)
        {
            int id = U16(data, at), size = U16(data, at + 2);
            if (id == 1 && size >= 8 && at + 4 + 8 <= end) return (long)U64(data, at + 4);
            at += 4 + size;
        }
        return null;
    }

    private static byte[] ReadAt(FileStream file, long offset, int count, string path)
    {
        if (offset < 0 || offset + count > file.Length) throw Damaged(path);
        var buffer = new byte[count];
        file.Position = offset;
        var done = 0;
        while (done < count)
        {
            var read = file.Read(buffer, done, count - done);
            if (read == 0) throw Damaged(path);
            done += read;
        }
        return buffer;
    }

    private static ApBundleException Damaged(string path) =>
        new($"'{path}' is not a readable zip: its central directory is damaged or missing. Download the bundle again.");

    private static int U16(byte[] b, int i) => b[i] | b[i + 1] << 8;
    private static uint U32(byte[] b, int i) => (uint)(b[i] | b[i + 1] << 8 | b[i + 2] << 16 | b[i + 3] << 24);
    private static ulong U64(byte[] b, int i) => U32(b, i) | (ulong)U32(b, i + 4) << 32;
}
