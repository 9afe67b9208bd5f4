using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>A real server on loopback over a temporary root, torn down with the test.</summary>
internal sealed class TftpTestServer : IDisposable
{
    public TftpTestServer(Action<TftpServerOptions>? configure = null, IPAddress? address = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "ewc-tftp-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        var options = new TftpServerOptions { Root = Root, Address = address ?? IPAddress.Loopback, Port = 0, Timeout = TimeSpan.FromMilliseconds(300), MaxRetries = 3 };
        configure?.Invoke(options);
        Server = new TftpServer(options);
        Server.Log += (_, e) => Log.Enqueue(e.Message);
        Server.TransferEnded += (_, t) => Ended.Enqueue(t);
        Server.Start();
    }

    public string Root { get; }
    public TftpServer Server { get; }
    public ConcurrentQueue<string> Log { get; } = new();
    public ConcurrentQueue<TftpTransfer> Ended { get; } = new();
    public IPEndPoint EndPoint => new(Server.Options.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : Server.Options.Address, Server.LocalEndPoint.Port);

    /// <summary>A file of seeded random bytes under the root; returns its SHA-256.</summary>
    public string AddFile(string relative, long length, int seed = 1)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        using (var file = File.Create(path))
        {
            for (var left = length; left > 0; left -= buffer.Length)
            {
                random.NextBytes(buffer);
                file.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
            }
        }
        return Hash(File.ReadAllBytes(path));
    }

    public TftpClient Client(int blockSize = 512, int windowSize = 1) =>
        new(EndPoint) { BlockSize = blockSize, WindowSize = windowSize, Timeout = TimeSpan.FromMilliseconds(300), MaxRetries = 5 };

    public (byte[] Bytes, TftpDownloadResult Result) Fetch(string name, int blockSize = 512, int windowSize = 1)
    {
        using var memory = new MemoryStream();
        var result = Client(blockSize, windowSize).Download(name, memory);
        return (memory.ToArray(), result);
    }

    /// <summary>Waits (bounded) for a transfer to end and returns it.</summary>
    public TftpTransfer WaitEnded(Func<TftpTransfer, bool>? match = null, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            var found = Ended.FirstOrDefault(t => match == null || match(t));
            if (found != null) return found;
            Thread.Sleep(10);
        }
        throw new TimeoutException("no transfer ended in time");
    }

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose()
    {
        Server.Stop();
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
