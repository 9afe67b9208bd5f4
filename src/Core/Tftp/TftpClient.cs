using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace EwcUpgrade.Tftp;

/// <summary>What a download brought back.</summary>
public sealed class TftpDownloadResult
{
    internal TftpDownloadResult(long bytes, long? announced, TimeSpan elapsed, IReadOnlyDictionary<string, string> options, int blockSize, int windowSize, int retransmissions)
    {
        Bytes = bytes;
        AnnouncedSize = announced;
        Elapsed = elapsed;
        NegotiatedOptions = options;
        BlockSize = blockSize;
        WindowSize = windowSize;
        Retransmissions = retransmissions;
    }

    public long Bytes { get; }
    /// <summary>The size the server announced with tsize, if it did.</summary>
    public long? AnnouncedSize { get; }
    public TimeSpan Elapsed { get; }
    public IReadOnlyDictionary<string, string> NegotiatedOptions { get; }
    public int BlockSize { get; }
    public int WindowSize { get; }
    public int Retransmissions { get; }
}

/// <summary>
/// A TFTP read client (RFC 1350, 2347-2349, 7440): what an AP or the EWC does when it fetches an
/// image. Used by Receive-TftpFile, the lab simulator and the tests.
/// </summary>
public sealed class TftpClient
{
    private readonly IPEndPoint _server;

    public TftpClient(IPEndPoint server) => _server = server ?? throw new ArgumentNullException(nameof(server));

    public int BlockSize { get; set; } = 512;
    public int WindowSize { get; set; } = 1;
    public bool RequestTransferSize { get; set; } = true;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);
    public int MaxRetries { get; set; } = 5;
    public string Mode { get; set; } = "octet";

    public TftpDownloadResult Download(string remoteName, Stream destination, Action<long, long?>? progress = null, CancellationToken ct = default)
    {
        using var session = new Session(this, remoteName, ct);
        return session.Download(destination, progress);
    }

    /// <summary>The file's size from a tsize probe, without fetching it; null when the server does not announce sizes.</summary>
    public long? GetSize(string remoteName, CancellationToken ct = default)
    {
        using var session = new Session(this, remoteName, ct);
        return session.ProbeSize();
    }

    /// <summary>One request's socket and state.</summary>
    private sealed class Session : IDisposable
    {
        private readonly TftpClient _client;
        private readonly string _name;
        private readonly CancellationToken _ct;
        private readonly Socket _socket;
        private readonly byte[] _receive = new byte[TftpPacket.MaxPacketSize];
        private readonly byte[] _control = new byte[TftpPacket.MaxPacketSize];
        private readonly CancellationTokenRegistration _cancel;
        private int _retransmissions;

        public Session(TftpClient client, string name, CancellationToken ct)
        {
            _client = client;
            _name = name;
            _ct = ct;
            _socket = new Socket(client._server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            _socket.Bind(new IPEndPoint(client._server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            _socket.ReceiveBufferSize = 4 << 20;
            _socket.ReceiveTimeout = Math.Max(1, (int)client.Timeout.TotalMilliseconds);
            // Closing the socket is what wakes a blocking receive when the caller cancels.
            _cancel = ct.Register(() => _socket.Dispose());
        }

        public TftpDownloadResult Download(Stream destination, Action<long, long?>? progress)
        {
            var clock = Stopwatch.StartNew();
            var options = new List<KeyValuePair<string, string>>();
            if (_client.BlockSize != 512) options.Add(new("blksize", _client.BlockSize.ToString(CultureInfo.InvariantCulture)));
            if (_client.RequestTransferSize) options.Add(new("tsize", "0"));
            if (_client.WindowSize != 1) options.Add(new("windowsize", _client.WindowSize.ToString(CultureInfo.InvariantCulture)));

            var first = Request(options);
            int blockSize = 512, windowSize = 1;
            long? announced = null;
            var accepted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (TftpPacket.Opcode(_receive, first) == TftpOpcode.OptionAck)
            {
                accepted = ParseOptionAck(first);
                if (accepted.TryGetValue("blksize", out var b)) blockSize = int.Parse(b, CultureInfo.InvariantCulture);
                if (accepted.TryGetValue("windowsize", out var w)) windowSize = int.Parse(w, CultureInfo.InvariantCulture);
                if (accepted.TryGetValue("tsize", out var t)) announced = long.Parse(t, CultureInfo.InvariantCulture);
                first = ExchangeAck(0);
            }

            long received = 0, expected = 1;
            var inWindow = 0;
            var acked = false;
            var lastReport = Stopwatch.StartNew();
            for (var length = first; ; length = ReceiveOrResendAck((ushort)(expected - 1)))
            {
                if (!TftpPacket.TryParseData(_receive, length, out var block16))
                {
                    ThrowIfError(length);
                    continue;
                }
                if (block16 != (ushort)expected)
                {
                    // A duplicate or a gap: tell the server once where we are (RFC 7440), then wait.
                    if (!acked) SendAck((ushort)(expected - 1));
                    acked = true;
                    continue;
                }
                var data = length - TftpPacket.DataHeaderSize;
                destination.Write(_receive, TftpPacket.DataHeaderSize, data);
                received += data;
                expected++;
                acked = false;
                if (progress != null && lastReport.ElapsedMilliseconds >= 100)
                {
                    progress(received, announced);
                    lastReport.Restart();
                }
                if (data < blockSize)
                {
                    SendAck((ushort)(expected - 1));
                    progress?.Invoke(received, announced);
                    return new TftpDownloadResult(received, announced, clock.Elapsed, accepted, blockSize, windowSize, _retransmissions);
                }
                if (++inWindow >= windowSize)
                {
                    SendAck((ushort)(expected - 1));
                    inWindow = 0;
                }
            }
        }

        public long? ProbeSize()
        {
            var first = Request(new[] { new KeyValuePair<string, string>("tsize", "0") });
            if (TftpPacket.Opcode(_receive, first) == TftpOpcode.OptionAck)
            {
                var options = ParseOptionAck(first);
                Abort(TftpErrorCode.OptionNegotiation, "size probe only");
                return options.TryGetValue("tsize", out var t) ? long.Parse(t, CultureInfo.InvariantCulture) : null;
            }
            Abort(TftpErrorCode.NotDefined, "size probe only");
            return null;
        }

        /// <summary>Sends the request until the server answers; the answer's source becomes the transfer's peer.</summary>
        private int Request(IEnumerable<KeyValuePair<string, string>> options)
        {
            var packet = new byte[TftpPacket.MaxPacketSize];
            var length = TftpPacket.WriteRequest(packet, TftpOpcode.ReadRequest, _name, _client.Mode, options);
            for (var attempt = 0; ; attempt++)
            {
                _socket.SendTo(packet, 0, length, SocketFlags.None, _client._server);
                EndPoint from = new IPEndPoint(_client._server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
                var n = ReceiveFrom(ref from);
                // A datagram from another host is not the answer: keep waiting, without asking again.
                for (var strays = 0; n >= 0 && !((IPEndPoint)from).Address.Equals(_client._server.Address) && strays < 100; strays++)
                {
                    n = ReceiveFrom(ref from);
                }
                if (n >= 0 && ((IPEndPoint)from).Address.Equals(_client._server.Address))
                {
                    _socket.Connect(from);
                    ThrowIfError(n);
                    return n;
                }
                if (attempt >= _client.MaxRetries) throw new TftpException(null, $"no answer from {_client._server} to the request for '{_name}' (timed out)");
                _retransmissions++;
            }
        }

        private int ExchangeAck(ushort block)
        {
            SendAck(block);
            return ReceiveOrResendAck(block);
        }

        private int ReceiveOrResendAck(ushort block)
        {
            for (var attempt = 0; ; attempt++)
            {
                var n = Receive();
                if (n >= 0) return n;
                if (attempt >= _client.MaxRetries) throw new TftpException(null, $"timed out receiving '{_name}' after block {block}");
                _retransmissions++;
                SendAck(block);
            }
        }

        private void SendAck(ushort block) => _socket.Send(_control, 0, TftpPacket.WriteAck(_control, block), SocketFlags.None);

        private void Abort(TftpErrorCode code, string message)
        {
            try { _socket.Send(_control, 0, TftpPacket.WriteError(_control, code, message), SocketFlags.None); }
            catch (SocketException) { }
        }

        private Dictionary<string, string> ParseOptionAck(int length)
        {
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var parts = new List<string>();
            var start = 2;
            for (var i = 2; i < length; i++)
            {
                if (_receive[i] != 0) continue;
                parts.Add(System.Text.Encoding.ASCII.GetString(_receive, start, i - start));
                start = i + 1;
            }
            for (var i = 0; i + 1 < parts.Count; i += 2) options[parts[i].ToLowerInvariant()] = parts[i + 1];
            return options;
        }

        private void ThrowIfError(int length)
        {
            if (TftpPacket.TryParseError(_receive, length, out var code, out var message)) throw new TftpException(code, $"{message} (TFTP error {(int)code})");
        }

        private int Receive()
        {
            try
            {
                return _socket.Receive(_receive);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock) { return -1; }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                throw new TftpException(null, $"{_client._server} refused the connection (port unreachable)");
            }
            catch (ObjectDisposedException) when (_ct.IsCancellationRequested) { throw new OperationCanceledException(_ct); }
        }

        private int ReceiveFrom(ref EndPoint from)
        {
            try
            {
                return _socket.ReceiveFrom(_receive, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock) { return -1; }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                throw new TftpException(null, $"{_client._server} refused the request (port unreachable)");
            }
            catch (ObjectDisposedException) when (_ct.IsCancellationRequested) { throw new OperationCanceledException(_ct); }
        }

        public void Dispose()
        {
            _cancel.Dispose();
            _socket.Dispose();
        }
    }
}
