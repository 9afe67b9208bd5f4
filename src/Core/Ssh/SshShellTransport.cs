using System;
using System.Threading;
using EwcUpgrade.Cli;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EwcUpgrade.Ssh;

/// <summary>An SSH shell channel with a pty, as a terminal user would open it.</summary>
internal sealed class SshShellTransport : ICliTransport
{
    private readonly SshClient _client;
    private readonly ShellStream _shell;
    private readonly AutoResetEvent _arrived = new(false);
    private volatile bool _closed;

    /// <summary>Opens the shell on a connected client; the client is disposed when that fails.</summary>
    public static SshShellTransport Open(SshClient client, EwcEndpoint endpoint)
    {
        try
        {
            return new SshShellTransport(client);
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or System.IO.IOException)
        {
            client.Dispose();
            throw new EwcConnectionException($"{endpoint.HostName}:{endpoint.Port} accepted the login but refused a shell: {SshConnector.Plain(e)}", e);
        }
    }

    private SshShellTransport(SshClient client)
    {
        _client = client;
        // A wide terminal: long table rows of show ap image stay on one line.
        _shell = client.CreateShellStream("vt100", 511, 24, 0, 0, 1 << 16);
        _shell.DataReceived += (_, _) => _arrived.Set();
        _shell.Closed += (_, _) => Close();
        _shell.ErrorOccurred += (_, _) => Close();
        client.ErrorOccurred += (_, _) => Close();
    }

    public bool IsClosed => _closed || !_client.IsConnected;

    public void Write(string text)
    {
        if (IsClosed) throw new EwcConnectionException("the SSH channel is closed");
        Guard(() =>
        {
            _shell.Write(text);
            _shell.Flush();
            return "";
        });
    }

    public string ReadAvailable() => Guard(() => _shell.DataAvailable ? _shell.Read() : "");

    // The connection can drop between the IsClosed check and the call: report that as the drop it is.
    private string Guard(Func<string> io)
    {
        try
        {
            return io();
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or System.IO.IOException)
        {
            Close();
            throw new EwcConnectionException("the SSH channel closed: " + SshConnector.Plain(e), e);
        }
    }

    public void WaitForData(TimeSpan wait)
    {
        if (_shell.DataAvailable || IsClosed) return;
        _arrived.WaitOne(wait);
    }

    private void Close()
    {
        _closed = true;
        _arrived.Set();
    }

    public void Dispose()
    {
        _closed = true;
        try
        {
            _shell.Dispose();
            if (_client.IsConnected) _client.Disconnect();
        }
        catch (Exception)
        {
            // Closing a connection the device already dropped: nothing left to release.
        }
        _client.Dispose();
        _arrived.Dispose();
    }
}
