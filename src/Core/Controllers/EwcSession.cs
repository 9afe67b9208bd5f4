using System;
using System.Collections.Generic;
using System.Threading;
using EwcUpgrade.Cli;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Controllers;

public enum EwcSessionState
{
    Open,
    /// <summary>The connection dropped; the next command reconnects.</summary>
    Broken,
    Closed,
}

/// <summary>
/// One SSH session to a controller. Safe to share between threads and runspaces of one process:
/// commands run one at a time, and a dropped connection is re-opened by the next command.
/// </summary>
public sealed class EwcSession : IDisposable
{
    private static int s_nextId;
    private readonly object _gate = new();
    private CliSession? _cli;

    internal EwcSession(EwcEndpoint endpoint)
    {
        Endpoint = endpoint;
        Id = Interlocked.Increment(ref s_nextId);
    }

    public int Id { get; }
    public string HostName => Endpoint.HostName;
    public int Port => Endpoint.Port;
    public string UserName => Endpoint.UserName;
    /// <summary>The inventory name, else the name the device's prompt shows.</summary>
    public string Controller => Endpoint.ControllerName ?? (DeviceName.Length > 0 ? DeviceName : HostName);
    public string DeviceName { get; private set; } = "";
    public string HostKeyFingerprint { get; private set; } = "";
    public string Banner { get; private set; } = "";
    public EwcSessionState State { get; private set; } = EwcSessionState.Broken;
    public DateTime ConnectedAt { get; private set; }
    public DateTime LastUsed { get; private set; }
    public int CommandCount { get; private set; }
    internal EwcEndpoint Endpoint { get; }

    /// <summary>Connects (or reconnects) now; throws EwcConnectionException, EwcHostKeyException.</summary>
    public void Connect()
    {
        lock (_gate)
        {
            if (State == EwcSessionState.Closed) throw new ObjectDisposedException(nameof(EwcSession), $"Session {Id} to {Endpoint} was disconnected.");
            _cli?.Dispose();
            _cli = null;
            var client = SshConnector.Connect(Endpoint, out var decision);
            var cli = new CliSession(new SshShellTransport(client), $"{Endpoint.HostName}:{Endpoint.Port}");
            try
            {
                cli.Open(Endpoint.ConnectTimeout, Endpoint.EnablePassword);
            }
            catch
            {
                cli.Dispose();
                throw;
            }
            _cli = cli;
            HostKeyFingerprint = decision.Fingerprint;
            DeviceName = cli.DeviceName;
            Banner = cli.Banner;
            ConnectedAt = LastUsed = DateTime.Now;
            State = EwcSessionState.Open;
        }
    }

    /// <summary>Runs one EXEC command and returns the device's output.</summary>
    public string Execute(string command, TimeSpan? timeout = null) =>
        Use(cli => cli.Execute(command, timeout ?? Endpoint.CommandTimeout));

    /// <summary>
    /// Enters configuration mode, sends the lines in order and returns to EXEC mode. A line the
    /// device rejects stops the rest; `end` is still sent so the session is left in EXEC mode.
    /// <paramref name="secrets"/> are masked in anything returned or thrown.
    /// </summary>
    public void Configure(IReadOnlyList<string> lines, IEnumerable<string>? secrets = null, TimeSpan? timeout = null)
    {
        var wait = timeout ?? Endpoint.CommandTimeout;
        Use(cli =>
        {
            foreach (var secret in secrets ?? Array.Empty<string>()) cli.AddSecret(secret);
            cli.Execute(CliCommands.ConfigureTerminal, wait);
            try
            {
                foreach (var line in lines) cli.Execute(line, wait);
            }
            finally
            {
                if (!cli.IsClosed && cli.Mode.Length > 0) cli.Execute(CliCommands.End, wait);
            }
            return "";
        });
    }

    private string Use(Func<CliSession, string> action)
    {
        lock (_gate)
        {
            if (State == EwcSessionState.Closed) throw new ObjectDisposedException(nameof(EwcSession), $"Session {Id} to {Endpoint} was disconnected.");
            if (_cli == null || _cli.IsClosed) Connect();
            try
            {
                var result = action(_cli!);
                CommandCount++;
                LastUsed = DateTime.Now;
                return result;
            }
            catch (Exception e) when (e is EwcConnectionException or EwcTimeoutException)
            {
                // After a timeout the device may still be printing: a fresh connection is the only clean state.
                State = EwcSessionState.Broken;
                _cli?.Dispose();
                _cli = null;
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            State = EwcSessionState.Closed;
            _cli?.Dispose();
            _cli = null;
        }
    }

    public override string ToString() => $"[{Id}] {Controller} ({Endpoint})";
}
