using System.Net;
using System.Net.Sockets;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>
/// A UDP relay between client and server that drops every Nth datagram in each direction (by
/// counter, so every run loses the same packets): transfers still complete, intact.
/// </summary>
public sealed class LossyPathTests : IDisposable
{
    private readonly TftpTestServer _tftp = new(o => { o.Timeout = TimeSpan.FromMilliseconds(100); o.MaxRetries = 8; });

    [Theory]
    [InlineData(512, 1)]
    [InlineData(1428, 8)]
    [InlineData(8192, 16)]
    public void Transfers_survive_a_path_that_drops_every_seventh_datagram_both_ways(int blockSize, int windowSize)
    {
        var hash = _tftp.AddFile("ap1g8", 400_000);
        using var relay = new LossyRelay(_tftp.EndPoint, dropEvery: 7);
        using var memory = new MemoryStream();
        var client = new EwcUpgrade.Tftp.TftpClient(relay.EndPoint) { BlockSize = blockSize, WindowSize = windowSize, Timeout = TimeSpan.FromMilliseconds(100), MaxRetries = 20 };
        client.Download("ap1g8", memory);
        Assert.Equal(hash, TftpTestServer.Hash(memory.ToArray()));
        Assert.True(relay.Dropped > 0, "the relay must actually have dropped packets");
    }

    public void Dispose() => _tftp.Dispose();

    /// <summary>
    /// Client ↔ relay ↔ server. The client talks to one relay port; the relay talks to the server from
    /// one socket and follows the server's transfer port (its TID) when replies come from it.
    /// </summary>
    private sealed class LossyRelay : IDisposable
    {
        private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly IPEndPoint _server;
        private readonly int _dropEvery;
        private readonly Thread _up, _down;
        private volatile IPEndPoint? _client;
        private volatile IPEndPoint? _serverTid;
        private volatile bool _stopped;
        private int _upCount, _downCount, _dropped;

        public LossyRelay(IPEndPoint server, int dropEvery)
        {
            _server = server;
            _dropEvery = dropEvery;
            _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _front.ReceiveTimeout = _back.ReceiveTimeout = 200;
            _up = new Thread(() => Pump(_front, toServer: true)) { IsBackground = true };
            _down = new Thread(() => Pump(_back, toServer: false)) { IsBackground = true };
            _up.Start();
            _down.Start();
        }

        public IPEndPoint EndPoint => (IPEndPoint)_front.LocalEndPoint!;
        public int Dropped => Volatile.Read(ref _dropped);

        private void Pump(Socket from, bool toServer)
        {
            var buffer = new byte[70000];
            while (!_stopped)
            {
                EndPoint source = new IPEndPoint(IPAddress.Any, 0);
                int n;
                try { n = from.ReceiveFrom(buffer, ref source); }
                catch (SocketException) { continue; }
                catch (ObjectDisposedException) { return; }
                var count = toServer ? Interlocked.Increment(ref _upCount) : Interlocked.Increment(ref _downCount);
                if (toServer) _client = (IPEndPoint)source;
                else _serverTid = (IPEndPoint)source;
                // The request itself is never dropped, so the test measures transfer loss, not request retries.
                if (count > 1 && count % _dropEvery == 0)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }
                try
                {
                    if (toServer) _back.SendTo(buffer, n, SocketFlags.None, (EndPoint?)_serverTid ?? _server);
                    else if (_client != null) _front.SendTo(buffer, n, SocketFlags.None, _client);
                }
                catch (ObjectDisposedException) { return; }
            }
        }

        public void Dispose()
        {
            _stopped = true;
            _up.Join(1000);
            _down.Join(1000);
            _front.Dispose();
            _back.Dispose();
        }
    }
}
