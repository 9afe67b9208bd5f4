using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace EwcUpgrade.Tftp;

/// <summary>
/// The embedded, read-only TFTP server: listens for requests and gives each read its own socket
/// (bound to the address the request arrived on, so replies leave from it on multi-homed hosts)
/// and its own thread running a TftpSender.
/// </summary>
public sealed class TftpServer : IDisposable
{
    private const int StackSize = 256 * 1024;
    private static readonly TimeSpan s_stopWait = TimeSpan.FromSeconds(2);

    private readonly SharedFileCache _files = new();
    private readonly ConcurrentDictionary<long, (TftpTransfer Transfer, TftpSender Sender, Socket Socket, Thread Thread)> _active = new();
    private readonly byte[] _buffer = new byte[TftpPacket.MaxPacketSize];
    private readonly RefusalThrottle _refusals = new();
    private DateTime _lastSweep = DateTime.UtcNow;
    private Socket? _listener;
    private Thread? _listenerThread;
    private volatile bool _stopping;
    private long _nextId;
    private int _nextDataPort;

    public TftpServer(TftpServerOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        Options.Root = System.IO.Path.GetFullPath(options.Root);
        _nextDataPort = options.DataPortMin;
    }

    public TftpServerOptions Options { get; }
    public bool IsRunning => _listener != null && !_stopping;
    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);
    /// <summary>Files mapped right now (one per file, whatever the number of its transfers).</summary>
    internal int MappedFileCount => _files.OpenCount;

    public IReadOnlyList<TftpTransfer> ActiveTransfers => _active.Values.Select(a => a.Transfer).OrderBy(t => t.Id).ToList();

    /// <summary>Raised on the server's threads; handlers must be quick. An exception in a handler is ignored.</summary>
    public event EventHandler<TftpTransfer>? TransferStarted;
    public event EventHandler<TftpTransfer>? TransferEnded;
    public event EventHandler<TftpLogEntry>? Log;

    /// <summary>Binds and starts listening. A port in use throws the SocketException.</summary>
    public void Start()
    {
        if (_listener != null) throw new InvalidOperationException("The server is already started.");
        var socket = NewSocket(Options.Address, packetInformation: true);
        try
        {
            socket.Bind(new IPEndPoint(Options.Address, Options.Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        // Wakes the listener once a second when idle, to write the summaries of rate-limited refusals.
        socket.ReceiveTimeout = 1000;
        _listener = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _listenerThread = new Thread(Listen, StackSize) { IsBackground = true, Name = "tftp-listener" };
        _listenerThread.Start();
    }

    /// <summary>What a client mid-transfer is told when the server stops (TFTP error 0).</summary>
    public const string ShutdownMessage = "server shutting down";

    /// <summary>
    /// Ends every transfer (they fail with "server shutting down") and closes every socket. Each
    /// client mid-transfer gets an ERROR packet first, so it gives up at once instead of waiting
    /// out its own retries. Idempotent.
    /// </summary>
    public void Stop()
    {
        if (_stopping || _listener == null) return;
        _stopping = true;
        _listener.Dispose();
        foreach (var active in _active.Values)
        {
            TrySendError(active.Socket, TftpErrorCode.NotDefined, ShutdownMessage);
            active.Socket.Dispose();
        }
        var deadline = DateTime.UtcNow + s_stopWait;
        if (_listenerThread?.Join(s_stopWait) != false) _refusals.Sweep(DateTime.UtcNow, m => Write(TftpLogLevel.Warning, m, null), all: true);
        foreach (var active in _active.Values.ToList())
        {
            var left = deadline - DateTime.UtcNow;
            active.Thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    public void Dispose() => Stop();

    private void Listen()
    {
        EndPoint any = new IPEndPoint(Options.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping)
        {
            var now = DateTime.UtcNow;
            if (now - _lastSweep >= TimeSpan.FromSeconds(1))
            {
                _lastSweep = now;
                _refusals.Sweep(now, m => Write(TftpLogLevel.Warning, m, null));
            }
            int length;
            EndPoint remote = any;
            IPPacketInformation info;
            try
            {
                var flags = SocketFlags.None;
                length = _listener!.ReceiveMessageFrom(_buffer, 0, _buffer.Length, ref flags, ref remote, out info);
            }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) when (_stopping) { return; }
            catch (SocketException) { continue; } // e.g. ICMP errors reported on the listener: not fatal
            try
            {
                Handle((IPEndPoint)remote, info.Address, length);
            }
            catch (Exception e) when (e is SocketException or System.IO.IOException or UnauthorizedAccessException)
            {
                Write(TftpLogLevel.Error, $"request from {Display(((IPEndPoint)remote).Address)} failed: {e.Message}", null);
            }
        }
    }

    private void Handle(IPEndPoint remote, IPAddress localAddress, int length)
    {
        var client = Display(remote.Address);
        var request = TftpPacket.ParseRequest(_buffer, length);
        if (request == null)
        {
            // Never answer an ERROR (two servers could bounce errors forever); anything else gets error 4.
            if (TftpPacket.Opcode(_buffer, length) != TftpOpcode.Error)
            {
                Refused(remote.Address, "malformed requests", $"malformed request from {client} ({length} bytes) refused");
                Reply(remote, localAddress, TftpErrorCode.IllegalOperation, "Illegal TFTP operation");
            }
            return;
        }
        if (Options.AllowedClients.Count > 0 && !Options.AllowedClients.Any(n => n.Contains(remote.Address)))
        {
            Refused(remote.Address, "requests of a client not allowed", $"{Name(request)} from {client} filename {request.FileName} refused: client not allowed");
            Reply(remote, localAddress, TftpErrorCode.AccessViolation, "Access violation");
            return;
        }
        if (request.Opcode == TftpOpcode.WriteRequest)
        {
            Refused(remote.Address, "write requests", $"WRQ from {client} filename {request.FileName} refused: server is read-only");
            Reply(remote, localAddress, TftpErrorCode.AccessViolation, "Access violation: this server is read-only");
            return;
        }

        if (Running(remote, request.FileName) is { } running)
        {
            // The client repeated its request (RFC 1350 clients do on their timer): a second transfer
            // would only double the load. While our OACK awaits its ACK 0 the repeat says the OACK was
            // lost, and the transfer sends it again; otherwise the client will take the answer under way.
            var answer = running.OnRepeatedRequest() ? "option acknowledgement sent again" : "ignored";
            Write(TftpLogLevel.Info, $"RRQ from {client} filename {request.FileName} repeated while its transfer runs: {answer}", null);
            return;
        }
        var transfer = new TftpTransfer(Interlocked.Increment(ref _nextId), new IPEndPoint(Normal(remote.Address), remote.Port),
            new IPEndPoint(Normal(localAddress), LocalEndPoint.Port), request.FileName, request.Mode);
        Write(TftpLogLevel.Info, $"RRQ from {client} filename {request.FileName}", transfer);
        Raise(TransferStarted, transfer);

        if (request.Mode is not ("octet" or "netascii"))
        {
            Refuse(transfer, remote, localAddress, TftpErrorCode.IllegalOperation, $"Illegal TFTP operation: mode '{request.Mode}' is not supported");
            return;
        }
        if (_active.Count >= Options.MaxSessions)
        {
            Refuse(transfer, remote, localAddress, TftpErrorCode.NotDefined, "Server busy, try again later");
            return;
        }
        IBlockSource source;
        try
        {
            transfer.FullPath = TftpPaths.Resolve(Options.Root, request.FileName);
            source = _files.Open(transfer.FullPath);
            if (request.Mode == "netascii") source = new NetasciiSource(source);
        }
        catch (TftpPathException e)
        {
            Refuse(transfer, remote, localAddress, e.Code, e.Message);
            return;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            Refuse(transfer, remote, localAddress, TftpErrorCode.AccessViolation, "Access violation");
            return;
        }

        var negotiated = TftpNegotiation.Negotiate(request.Options, Options, source.Length);
        transfer.TotalBytes = source.Length;
        transfer.BlockSize = negotiated.BlockSize;
        transfer.WindowSize = negotiated.WindowSize;
        transfer.NegotiatedOptions = negotiated.Acknowledged.ToDictionary(o => o.Key, o => o.Value);

        Socket socket;
        try
        {
            socket = TransferSocket(remote, localAddress);
        }
        catch (SocketException e)
        {
            source.Dispose();
            Refuse(transfer, remote, localAddress, TftpErrorCode.NotDefined, "No free data port: " + e.Message);
            return;
        }
        transfer.LocalEndPoint = new IPEndPoint(Normal(((IPEndPoint)socket.LocalEndPoint!).Address), ((IPEndPoint)socket.LocalEndPoint!).Port);
        var sender = new TftpSender(transfer, socket, source, negotiated, Options);
        var thread = new Thread(() => Run(transfer, sender, socket, source), StackSize) { IsBackground = true, Name = "tftp-" + transfer.Id };
        _active[transfer.Id] = (transfer, sender, socket, thread);
        thread.Start();
    }

    /// <summary>Logs a refused request, rate-limited per client (see RefusalThrottle).</summary>
    private void Refused(IPAddress client, string kind, string message)
    {
        if (_refusals.ShouldLog(Normal(client), kind, DateTime.UtcNow, m => Write(TftpLogLevel.Warning, m, null))) Write(TftpLogLevel.Warning, message, null);
    }

    /// <summary>The sender of the running transfer this client (address and port) asked for, if any.</summary>
    private TftpSender? Running(IPEndPoint remote, string fileName)
    {
        var from = new IPEndPoint(Normal(remote.Address), remote.Port);
        foreach (var active in _active.Values)
        {
            if (active.Transfer.RemoteEndPoint.Equals(from) && active.Transfer.RequestedName == fileName && active.Transfer.EndTime == null) return active.Sender;
        }
        return null;
    }

    private void Run(TftpTransfer transfer, TftpSender sender, Socket socket, IBlockSource source)
    {
        try
        {
            sender.Run();
            transfer.End(TftpTransferState.Completed, null);
            var seconds = (transfer.EndTime!.Value - transfer.StartTime).TotalSeconds;
            Write(TftpLogLevel.Info, string.Format(CultureInfo.InvariantCulture,
                "sent {0} to {1}: {2} bytes in {3:0.00} s ({4:0.0} MB/s), blksize {5}, windowsize {6}",
                transfer.RequestedName, Display(transfer.RemoteEndPoint), transfer.TotalBytes,
                seconds, seconds > 0 ? transfer.TotalBytes / seconds / 1e6 : 0, transfer.BlockSize, transfer.WindowSize)
                + (sender.FinalAcknowledgementMissing ? "; its final ACK was lost (the client closed its port after the last block)" : ""), transfer);
        }
        catch (TftpException e) when (e.ErrorCode == TftpErrorCode.OptionNegotiation && transfer.State == TftpTransferState.Negotiating && !_stopping)
        {
            transfer.End(TftpTransferState.Declined, e.Message);
            Write(TftpLogLevel.Info, $"declined {transfer.RequestedName} to {Display(transfer.RemoteEndPoint)}: {e.Message} (the client wanted the options' answer only, e.g. the size)", transfer);
        }
        catch (Exception e) when (e is TftpException or SocketException or ObjectDisposedException or System.IO.IOException)
        {
            var reason = _stopping ? ShutdownMessage : e.Message;
            if (e is not TftpException { ErrorCode: not null } && !_stopping) TrySendError(socket, TftpErrorCode.NotDefined, reason);
            transfer.End(TftpTransferState.Failed, reason);
            Write(TftpLogLevel.Warning, $"failed {transfer.RequestedName} to {Display(transfer.RemoteEndPoint)}: {reason}", transfer);
        }
        finally
        {
            socket.Dispose();
            source.Dispose();
            _active.TryRemove(transfer.Id, out _);
            Raise(TransferEnded, transfer);
        }
    }

    private void Refuse(TftpTransfer transfer, IPEndPoint remote, IPAddress localAddress, TftpErrorCode code, string message)
    {
        Reply(remote, localAddress, code, message);
        transfer.End(TftpTransferState.Failed, message);
        Write(TftpLogLevel.Warning, $"failed {transfer.RequestedName} to {Display(remote)}: {message}", transfer);
        Raise(TransferEnded, transfer);
    }

    /// <summary>An error reply from the address the request arrived on, on a fresh port (a new TID).</summary>
    private void Reply(IPEndPoint remote, IPAddress localAddress, TftpErrorCode code, string message)
    {
        try
        {
            using var socket = TransferSocket(remote, localAddress, anyPort: true);
            TrySendError(socket, code, message);
        }
        catch (SocketException) { }
    }

    private static void TrySendError(Socket socket, TftpErrorCode code, string message)
    {
        var packet = new byte[512];
        var length = TftpPacket.WriteError(packet, code, message);
        try { socket.Send(packet, 0, length, SocketFlags.None); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private Socket TransferSocket(IPEndPoint remote, IPAddress localAddress, bool anyPort = false)
    {
        var family = _listener!.AddressFamily;
        var local = family == AddressFamily.InterNetworkV6 && localAddress.AddressFamily == AddressFamily.InterNetwork ? localAddress.MapToIPv6() : localAddress;
        var socket = NewSocket(local, packetInformation: false);
        try
        {
            socket.SendBufferSize = 4 << 20;
            BindDataPort(socket, local, anyPort);
            socket.Connect(remote);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void BindDataPort(Socket socket, IPAddress local, bool anyPort)
    {
        if (anyPort || Options.DataPortMin == 0)
        {
            socket.Bind(new IPEndPoint(local, 0));
            return;
        }
        var count = Options.DataPortMax - Options.DataPortMin + 1;
        for (var i = 0; i < count; i++)
        {
            var port = Options.DataPortMin + (int)((uint)Interlocked.Increment(ref _nextDataPort) % (uint)count);
            try
            {
                socket.Bind(new IPEndPoint(local, port));
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse) { }
        }
        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    /// <summary>
    /// IPv6 sockets are dual-mode so "::" serves IPv4 too. The listener asks for packet information:
    /// the local address each request arrived on, which its transfer then replies from.
    /// </summary>
    private static Socket NewSocket(IPAddress address, bool packetInformation)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        if (v6) socket.DualMode = true;
        if (packetInformation)
        {
            if (v6) socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
            if (!v6 || socket.DualMode) socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
        }
        return socket;
    }

    private static string Name(TftpRequest request) => request.Opcode == TftpOpcode.ReadRequest ? "RRQ" : "WRQ";

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string Display(IPAddress address) => Normal(address).ToString();

    /// <summary>address:port, an IPv6 address in brackets so the port cannot be read as part of it.</summary>
    private static string Display(IPEndPoint endPoint) => EwcUpgrade.Net.HostAddress.Format(new IPEndPoint(Normal(endPoint.Address), endPoint.Port));

    private void Write(TftpLogLevel level, string message, TftpTransfer? transfer) => Raise(Log, new TftpLogEntry(level, message, transfer));

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        try { handler?.Invoke(this, args); }
        catch (Exception) { /* a subscriber's bug must not end a transfer */ }
    }
}
