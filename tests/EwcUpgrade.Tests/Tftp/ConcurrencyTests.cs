using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>Many APs at once: every copy intact, one shared mapping of the file, a cap on sessions.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void Two_hundred_concurrent_clients_all_get_the_same_bytes_from_one_shared_mapping()
    {
        using var tftp = new TftpTestServer(o => o.Timeout = TimeSpan.FromSeconds(1));
        var hash = tftp.AddFile("17.9.4.27/ap1g7", 2_000_000);
        var peakActive = 0;
        var peakMapped = 0;
        var started = 0;
        tftp.Server.TransferStarted += (_, _) =>
        {
            Interlocked.Increment(ref started);
            peakActive = Math.Max(peakActive, tftp.Server.ActiveTransfers.Count);
        };
        var hashes = new string[200];
        var threads = Enumerable.Range(0, hashes.Length).Select(i => new Thread(() =>
        {
            using var memory = new MemoryStream();
            var client = new TftpClient(tftp.EndPoint) { BlockSize = 1428, WindowSize = i % 2 == 0 ? 1 : 8, Timeout = TimeSpan.FromSeconds(1), MaxRetries = 10 };
            client.Download("/17.9.4.27/ap1g7", memory);
            hashes[i] = TftpTestServer.Hash(memory.ToArray());
        }, 256 * 1024)).ToList();
        var sampler = new Thread(() =>
        {
            for (var i = 0; i < 2000 && hashes.Any(h => h == null); i++)
            {
                peakMapped = Math.Max(peakMapped, MappedCount(tftp.Server));
                Thread.Sleep(5);
            }
        });
        threads.ForEach(t => t.Start());
        sampler.Start();
        foreach (var t in threads) Assert.True(t.Join(TimeSpan.FromSeconds(90)), "a client did not finish");
        sampler.Join(TimeSpan.FromSeconds(15));

        Assert.All(hashes, h => Assert.Equal(hash, h));
        Assert.True(peakActive > 1, $"transfers should overlap (peak {peakActive})");
        Assert.Equal(1, peakMapped);
        // A client is done when it has sent its last ACK; the server ends that transfer a moment later.
        // On a busy machine a client repeats its RRQ before the answer comes, and the listener may
        // start such a duplicate after every client is done (it ends on the ICMP error from the closed
        // port). So: wait for a whole quiet second; a mapping that leaks stays open past the deadline.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline && DateTime.UtcNow - quietSince < TimeSpan.FromSeconds(1))
        {
            if (tftp.Server.ActiveTransfers.Count > 0 || MappedCount(tftp.Server) > 0) quietSince = DateTime.UtcNow;
            Thread.Sleep(10);
        }
        Assert.Empty(tftp.Server.ActiveTransfers);
        Assert.True(MappedCount(tftp.Server) == 0, $"the mapping outlived the last of {started} transfers (200 clients)");
    }

    [Fact]
    public void Requests_over_the_session_cap_are_refused_with_server_busy()
    {
        using var tftp = new TftpTestServer(o => { o.MaxSessions = 2; o.Timeout = TimeSpan.FromSeconds(2); });
        tftp.AddFile("f", 100000);
        var holders = Enumerable.Range(0, 2).Select(_ => new RawTftp(tftp.EndPoint)).ToList();
        foreach (var holder in holders)
        {
            holder.SendRequest(1, "f");
            Assert.Equal(3, RawTftp.Opcode(holder.Receive()!)); // holds its session by not acknowledging
        }
        var refused = Assert.Throws<TftpException>(() => tftp.Fetch("f"));
        Assert.Contains("busy", refused.Message, StringComparison.OrdinalIgnoreCase);
        holders.ForEach(h => h.Dispose());
    }

    private static int MappedCount(TftpServer server) => server.MappedFileCount;
}
