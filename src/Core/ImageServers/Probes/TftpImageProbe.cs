using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.ImageServers.Probes;

/// <summary>
/// Asks a TFTP server for each image the way a controller would (a read request with tsize), reads
/// the size from the option acknowledgement and abandons the transfer with an error packet: no file
/// is downloaded. Works against any server; one that ignores options answers with the first data
/// block, which proves the file is there without telling its size.
/// </summary>
internal static class TftpImageProbe
{
    public static IEnumerable<ImageProbeResult> Probe(ImageProbeRequest request, IReadOnlyList<ImageProbeTarget> targets, CancellationToken ct)
    {
        var server = new IPEndPoint(Net.HostAddress.Resolve(request.Server), request.Port);
        ImageProbeVerdict? unreachable = null;
        string? why = null;
        foreach (var target in targets)
        {
            ct.ThrowIfCancellationRequested();
            // A server that did not answer for one image will not for the next: say so without waiting again.
            if (unreachable != null)
            {
                yield return new ImageProbeResult(request, target, unreachable.Value, null, why);
                continue;
            }
            var (verdict, size, detail) = ProbeOne(server, request, request.RemotePathOf(target), ct);
            if (verdict == ImageProbeVerdict.OK && size != null && target.ExpectedSize != null && size != target.ExpectedSize)
            {
                verdict = ImageProbeVerdict.SizeMismatch;
            }
            if (verdict is ImageProbeVerdict.TimedOut || (verdict is ImageProbeVerdict.Refused && detail?.StartsWith(ImageProbe.AccessDeniedPrefix, StringComparison.Ordinal) != true))
            {
                unreachable = verdict;
                why = detail;
            }
            yield return new ImageProbeResult(request, target, verdict, size, detail);
        }
    }

    private static (ImageProbeVerdict, long?, string?) ProbeOne(IPEndPoint server, ImageProbeRequest request, string path, CancellationToken ct)
    {
        try
        {
            return Ask(server, request, path, ct);
        }
        catch (ObjectDisposedException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct); // cancelling closes the socket, which wakes a blocked receive
        }
    }

    private static (ImageProbeVerdict, long?, string?) Ask(IPEndPoint server, ImageProbeRequest request, string path, CancellationToken ct)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        socket.ReceiveTimeout = Math.Max(1, (int)request.Timeout.TotalMilliseconds);
        using var cancel = ct.Register(socket.Dispose);
        var packet = new byte[TftpPacket.MaxPacketSize];
        var length = TftpPacket.WriteRequest(packet, TftpOpcode.ReadRequest, path, "octet", new[] { new KeyValuePair<string, string>("tsize", "0") });
        var answer = new byte[TftpPacket.MaxPacketSize];
        for (var attempt = 0; attempt <= request.Retries; attempt++)
        {
            socket.SendTo(packet, 0, length, SocketFlags.None, server);
            var deadline = DateTime.UtcNow + request.Timeout;
            while (DateTime.UtcNow < deadline)
            {
                EndPoint from = new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
                var n = Receive(socket, answer, ref from);
                if (n < 0) break;
                // Only the server's address can answer; its port is the transfer's own (RFC 1350 TIDs).
                if (!((IPEndPoint)from).Address.Equals(server.Address)) continue;
                return Read(socket, answer, n, (IPEndPoint)from, path);
            }
        }
        return NothingAnswered(server, request, ct);
    }

    private static (ImageProbeVerdict, long?, string?) Read(Socket socket, byte[] answer, int n, IPEndPoint peer, string path)
    {
        if (TftpPacket.TryParseError(answer, n, out var code, out var message))
        {
            var said = $"{message} (TFTP error {(int)code})";
            return code switch
            {
                TftpErrorCode.FileNotFound => (ImageProbeVerdict.NotFound, null, said),
                TftpErrorCode.AccessViolation => (ImageProbeVerdict.Refused, null, ImageProbe.AccessDeniedPrefix + ": " + said),
                // Some servers answer a missing file with error 0 and their own words.
                _ when message.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0 ||
                       message.IndexOf("no such file", StringComparison.OrdinalIgnoreCase) >= 0 => (ImageProbeVerdict.NotFound, null, said),
                _ => (ImageProbeVerdict.Refused, null, ImageProbe.AccessDeniedPrefix + ": " + said),
            };
        }
        var abort = new byte[512];
        if (TftpPacket.ParseOptionAck(answer, n) is { } options)
        {
            // RFC 2347: a client that does not want the transfer answers the OACK with error 8.
            Send(socket, abort, TftpPacket.WriteError(abort, TftpErrorCode.OptionNegotiation, "size probe only"), peer);
            long? size = options.TryGetValue("tsize", out var t) && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
            return (ImageProbeVerdict.OK, size, size == null ? "the server does not announce sizes (no tsize)" : null);
        }
        if (TftpPacket.TryParseData(answer, n, out _))
        {
            Send(socket, abort, TftpPacket.WriteError(abort, TftpErrorCode.NotDefined, "size probe only"), peer);
            return (ImageProbeVerdict.OK, null, "the server ignores options: the file is there, its size was not announced");
        }
        return (ImageProbeVerdict.Refused, null, $"the server answered the request for {path} with a packet that is not TFTP");
    }

    /// <summary>
    /// No answer: a closed port on a host that says so (ICMP port unreachable) is Refused, silence is TimedOut.
    /// An unconnected socket hears no ICMP on Linux, so a connected one asks once more with a packet
    /// servers ignore on their request port (an error packet starts no transfer).
    /// </summary>
    private static (ImageProbeVerdict, long?, string?) NothingAnswered(IPEndPoint server, ImageProbeRequest request, CancellationToken ct)
    {
        var seconds = (request.Timeout.TotalSeconds * (request.Retries + 1)).ToString("0.#", CultureInfo.InvariantCulture);
        using var sentinel = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var cancel = ct.Register(sentinel.Dispose);
        try
        {
            sentinel.Connect(server);
            sentinel.ReceiveTimeout = 500;
            var packet = new byte[64];
            sentinel.Send(packet, 0, TftpPacket.WriteError(packet, TftpErrorCode.NotDefined, "probe"), SocketFlags.None);
            sentinel.Receive(packet);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            return (ImageProbeVerdict.Refused, null, $"{Net.HostAddress.Format(server)} refused: nothing listens on UDP {server.Port} (port unreachable)");
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) when (ct.IsCancellationRequested) { throw new OperationCanceledException(ct); }
        return (ImageProbeVerdict.TimedOut, null, $"no answer from {Net.HostAddress.Format(server)} within {seconds} s");
    }

    private static int Receive(Socket socket, byte[] buffer, ref EndPoint from)
    {
        try
        {
            return socket.ReceiveFrom(buffer, ref from);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.ConnectionReset or SocketError.ConnectionRefused)
        {
            return -1;
        }
    }

    private static void Send(Socket socket, byte[] buffer, int length, IPEndPoint peer)
    {
        try { socket.SendTo(buffer, 0, length, SocketFlags.None, peer); }
        catch (SocketException) { } // the verdict stands; the server times the transfer out on its own
    }
}
