using System;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace EwcUpgrade.Tftp;

/// <summary>The bytes a transfer sends, read by offset so a window can be sent again.</summary>
internal interface IBlockSource : IDisposable
{
    long Length { get; }
    int Read(long offset, byte[] destination, int destinationOffset, int count);
}

/// <summary>
/// One read-only mapping per file, shared by every transfer of that file and closed with the last
/// one: 200 APs fetching the same 80 MB image cost one mapping, not 200 copies. A file changed on
/// disk (size or time) gets a new mapping for new transfers; running ones keep the one they have.
/// </summary>
internal sealed class SharedFileCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, MappedFile> _files = new(StringComparer.Ordinal);

    public int OpenCount
    {
        get { lock (_gate) return _files.Count; }
    }

    public IBlockSource Open(string path)
    {
        var info = new FileInfo(path);
        lock (_gate)
        {
            if (_files.TryGetValue(path, out var file) && file.Length == info.Length && file.LastWrite == info.LastWriteTimeUtc)
            {
                file.References++;
                return new Lease(this, file);
            }
            file = MappedFile.Open(path, info.LastWriteTimeUtc);
            file.References = 1;
            _files[path] = file;
            return new Lease(this, file);
        }
    }

    private void Release(MappedFile file)
    {
        lock (_gate)
        {
            if (--file.References > 0) return;
            if (_files.TryGetValue(file.Path, out var current) && ReferenceEquals(current, file)) _files.Remove(file.Path);
        }
        file.Dispose();
    }

    private sealed class Lease : IBlockSource
    {
        private SharedFileCache? _owner;
        private readonly MappedFile _file;

        public Lease(SharedFileCache owner, MappedFile file)
        {
            _owner = owner;
            _file = file;
        }

        public long Length => _file.Length;

        public int Read(long offset, byte[] destination, int destinationOffset, int count) => _file.Read(offset, destination, destinationOffset, count);

        public void Dispose()
        {
            var owner = System.Threading.Interlocked.Exchange(ref _owner, null);
            owner?.Release(_file);
        }
    }
}

/// <summary>
/// A served file: one read-only mapping and one handle, shared by every transfer of it. Small blocks
/// are copied from the mapping; blocks of 8 KiB and more are read with pread(2) on Linux, because the
/// kernel copies from the page cache through its own large-page mapping, where walking ours 4 KiB page
/// at a time cost 40 % of the server's CPU at blksize 65464 (measured on this project's 2-core VM:
/// lock-step 65464 went from about 425 to 530 MB/s). For small blocks the syscall costs more than it saves.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private const int PreadFromBytes = 8192;
    private static readonly bool s_pread = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Environment.Is64BitProcess; // off_t is 64-bit
    private readonly FileStream _stream;
    private readonly int _fd; // read once: FileStream.SafeFileHandle seeks on every get
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;

    private MappedFile(string path, long length, DateTime lastWrite, FileStream stream, MemoryMappedFile? map, MemoryMappedViewAccessor? view)
    {
        Path = path;
        Length = length;
        LastWrite = lastWrite;
        _stream = stream;
        _fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        _map = map;
        _view = view;
        if (view != null)
        {
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _pointer = p + view.PointerOffset;
        }
    }

    public string Path { get; }
    public long Length { get; }
    public DateTime LastWrite { get; }
    public int References { get; set; }

    public static MappedFile Open(string path, DateTime lastWrite)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
        try
        {
            var length = stream.Length;
            if (length == 0) return new MappedFile(path, 0, lastWrite, stream, null, null); // an empty file cannot be mapped
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            return new MappedFile(path, length, lastWrite, stream, map, map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public int Read(long offset, byte[] destination, int destinationOffset, int count)
    {
        if (offset >= Length) return 0;
        var n = (int)Math.Min(count, Length - offset);
        if (s_pread && n >= PreadFromBytes) return ReadWithPread(offset, destination, destinationOffset, n);
        Marshal.Copy((IntPtr)(_pointer + offset), destination, destinationOffset, n);
        return n;
    }

    private int ReadWithPread(long offset, byte[] destination, int destinationOffset, int count)
    {
        var total = 0;
        fixed (byte* buffer = destination)
        {
            while (total < count)
            {
                var n = (long)pread(_fd, buffer + destinationOffset + total, (UIntPtr)(count - total), offset + total);
                if (n < 0) throw new IOException($"reading {Path} failed (errno {Marshal.GetLastWin32Error()})");
                if (n == 0) break; // the file shrank on disk: what there is goes out, like read(2) in tftpd-hpa
                total += (int)n;
            }
        }
        return total;
    }

    public void Dispose()
    {
        if (_view != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
        _stream.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr pread(int fd, byte* buffer, UIntPtr count, long offset);
}

/// <summary>
/// netascii (RFC 764 line ends): LF becomes CR LF and a bare CR becomes CR NUL. Converted once per
/// transfer into memory; netascii is for text files (configurations, readme), never for images.
/// </summary>
internal sealed class NetasciiSource : IBlockSource
{
    public const long MaxSourceBytes = 64L << 20;
    private readonly byte[] _bytes;

    public NetasciiSource(IBlockSource raw)
    {
        using (raw)
        {
            if (raw.Length > MaxSourceBytes) throw new TftpPathException(TftpErrorCode.NotDefined, "File too large for netascii mode; use octet");
            var input = new byte[raw.Length];
            raw.Read(0, input, 0, input.Length);
            var output = new List<byte>(input.Length + input.Length / 32);
            foreach (var b in input)
            {
                if (b == (byte)'\n') { output.Add((byte)'\r'); output.Add((byte)'\n'); }
                else if (b == (byte)'\r') { output.Add((byte)'\r'); output.Add(0); }
                else output.Add(b);
            }
            _bytes = output.ToArray();
        }
    }

    public long Length => _bytes.Length;

    public int Read(long offset, byte[] destination, int destinationOffset, int count)
    {
        if (offset >= _bytes.Length) return 0;
        var n = (int)Math.Min(count, _bytes.Length - offset);
        Buffer.BlockCopy(_bytes, (int)offset, destination, destinationOffset, n);
        return n;
    }

    public void Dispose() { }
}
