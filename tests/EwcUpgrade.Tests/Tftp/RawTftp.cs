using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>A hand-driven TFTP peer for protocol edge cases: exact packets in, exact packets out.</summary>
internal sealed class RawTftp : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _server;

    public RawTftp(IPEndPoint server)
    {
        _server = server;
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
    }

    /// <summary>The transfer's endpoint (the server's new TID), known after the first reply.</summary>
    public IPEndPoint? Peer { get; private set; }

    public void SendRequest(ushort opcode, string name, string mode = "octet", params string[] options)
    {
        var parts = new List<string> { name, mode };
        parts.AddRange(options);
        var bytes = new List<byte> { 0, (byte)opcode };
        foreach (var part in parts)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(part));
            bytes.Add(0);
        }
        SendTo(bytes.ToArray(), _server);
    }

    public void SendTo(byte[] packet, IPEndPoint to) => _socket.SendTo(packet, to);

    public void Ack(ushort block) => SendTo(new byte[] { 0, 4, (byte)(block >> 8), (byte)block }, Peer!);

    public void Error(ushort code, string message) =>
        SendTo(new byte[] { 0, 5, (byte)(code >> 8), (byte)code }.Concat(Encoding.ASCII.GetBytes(message)).Append((byte)0).ToArray(), Peer!);

    /// <summary>The next datagram, or null after the timeout.</summary>
    public byte[]? Receive(int timeoutMs = 2000)
    {
        _socket.ReceiveTimeout = timeoutMs;
        var buffer = new byte[70000];
        EndPoint from = new IPEndPoint(_server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            var n = _socket.ReceiveFrom(buffer, ref from);
            Peer ??= (IPEndPoint)from;
            LastFrom = (IPEndPoint)from;
            return buffer[..n];
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return null;
        }
    }

    public IPEndPoint? LastFrom { get; private set; }

    /// <summary>Every datagram until a quiet period.</summary>
    public List<byte[]> Drain(int quietMs)
    {
        var packets = new List<byte[]>();
        for (var p = Receive(quietMs); p != null && packets.Count < 100000; p = Receive(quietMs)) packets.Add(p);
        return packets;
    }

    public static ushort Opcode(byte[] p) => (ushort)(p[0] << 8 | p[1]);
    public static ushort Block(byte[] p) => (ushort)(p[2] << 8 | p[3]);
    public static string ErrorText(byte[] p) => Encoding.ASCII.GetString(p, 4, p.Length - 5);

    public static Dictionary<string, string> OackOptions(byte[] p)
    {
        var parts = Encoding.ASCII.GetString(p, 2, p.Length - 3).Split('\0');
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < parts.Length; i += 2) options[parts[i]] = parts[i + 1];
        return options;
    }

    public void Dispose() => _socket.Dispose();
}
