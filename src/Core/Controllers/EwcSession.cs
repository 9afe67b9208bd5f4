using System;
using System.Collections.Generic;
using System.Linq;
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
    private volatile CliSession? _cli;
    private volatile bool _closed;

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
    public EwcSessionState State => _closed ? EwcSessionState.Closed : _cli is { IsClosed: false } ? EwcSessionState.Open : EwcSessionState.Broken;
    public DateTime ConnectedAt { get; private set; }
    public DateTime LastUsed { get; private set; }
    public int CommandCount { get; private set; }
    internal EwcEndpoint Endpoint { get; }

    /// <summary>Connects (or reconnects) now; throws EwcConnectionException, EwcHostKeyException.</summary>
    public void Connect() => Connect(CancellationToken.None);

    /// <summary>Connects (or reconnects) now; a stop ends the login's reads (the SSH handshake itself is bounded by the connect timeout).</summary>
    public void Connect(CancellationToken cancel)
    {
        using (Enter(cancel))
        {
            ThrowIfClosed();
            _cli?.Dispose();
            _cli = null;
            var client = SshConnector.Connect(Endpoint, cancel, out var decision);
            var cli = new CliSession(SshShellTransport.Open(client, Endpoint), $"{Endpoint.HostName}:{Endpoint.Port}");
            try
            {
                cli.Open(Endpoint.ConnectTimeout, Endpoint.EnablePassword, cancel);
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
        }
    }

    /// <summary>Connects unless connected (the registry matched login and host-key policy already).</summary>
    internal void EnsureConnected(CancellationToken cancel = default)
    {
        using (Enter(cancel))
        {
            ThrowIfClosed();
            if (_cli == null || _cli.IsClosed) Connect(cancel);
        }
    }

    /// <summary>Runs one EXEC command and returns the device's output; the session is back in privileged EXEC after it.</summary>
    public string Execute(string command, TimeSpan? timeout = null) => Execute(command, timeout, CancellationToken.None);

    /// <summary>As <see cref="Execute(string, TimeSpan?)"/>; a stop (<paramref name="cancel"/>) ends the wait within ~100 ms and drops the connection.</summary>
    public string Execute(string command, TimeSpan? timeout, CancellationToken cancel)
    {
        var wait = timeout ?? Endpoint.CommandTimeout;
        return Use(cli => cli.Execute(command, wait, cancel), wait, cancel);
    }

    /// <summary>
    /// Runs a command that asks questions and may reload the device (`install activate`). When the
    /// connection closed with it the session reconnects on its next command.
    /// </summary>
    public InteractiveOutput ExecuteInteractive(string command, Func<string, string?> answerFor, Func<string, bool> isReloading, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var wait = timeout ?? Endpoint.CommandTimeout;
        InteractiveOutput? result = null;
        Use(cli =>
        {
            result = cli.ExecuteInteractive(command, answerFor, isReloading, wait, cancel);
            return "";
        }, wait, cancel);
        return result!;
    }

    /// <summary>
    /// Runs commands in order as one unit, so configuration lines can follow `configure terminal`;
    /// each output goes to <paramref name="onOutput"/> as it arrives. A command the device rejects
    /// stops the rest. Afterwards the session is back in privileged EXEC, whatever the commands did.
    /// </summary>
    public void ExecuteSequence(IReadOnlyList<string> commands, Action<string, string> onOutput, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var wait = timeout ?? Endpoint.CommandTimeout;
        Use(cli =>
        {
            foreach (var command in commands) onOutput(command, cli.Execute(command, wait, cancel));
            return "";
        }, wait, cancel);
    }

    /// <summary>
    /// Enters configuration mode, sends the lines in order and returns to EXEC mode. A line the
    /// device rejects stops the rest; `end` is still sent so the session is left in EXEC mode.
    /// <paramref name="secrets"/> are masked in anything returned or thrown.
    /// </summary>
    public void Configure(IReadOnlyList<string> lines, IEnumerable<string>? secrets = null, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var wait = timeout ?? Endpoint.CommandTimeout;
        Use(cli =>
        {
            foreach (var secret in secrets ?? Array.Empty<string>()) cli.AddSecret(secret);
            cli.Execute(CliCommands.ConfigureTerminal, wait, cancel);
            foreach (var line in lines) cli.Execute(line, wait, cancel);
            return "";
        }, wait, cancel);
    }

    /// <summary>
    /// Takes the session's lock (commands run one at a time), giving up when <paramref name="cancel"/>
    /// is cancelled: a stopped cmdlet must not wait for another runspace's long command to end.
    /// </summary>
    private Releaser Enter(CancellationToken cancel)
    {
        if (!cancel.CanBeCanceled)
        {
            Monitor.Enter(_gate);
            return new Releaser(_gate);
        }
        while (!Monitor.TryEnter(_gate, 100)) cancel.ThrowIfCancellationRequested();
        return new Releaser(_gate);
    }

    private readonly struct Releaser : IDisposable
    {
        private readonly object _gate;
        public Releaser(object gate) => _gate = gate;
        public void Dispose() => Monitor.Exit(_gate);
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new EwcSessionClosedException(Id, Controller, Endpoint.ToString());
    }

    /// <summary>
    /// Runs an action on the connected CLI. Before it, a session found outside privileged EXEC (a
    /// `configure terminal` of an earlier caller) is brought back; after it, the same, even when the
    /// device rejected a line. After a timeout, a drop or a stop the connection is discarded
    /// instead: a stopped command may have left the device mid-answer or in configuration mode, and
    /// closing the connection ends the vty's configuration mode on the device; the next command
    /// reconnects and finds the controller at its EXEC prompt. The session object stays usable.
    /// </summary>
    private string Use(Func<CliSession, string> action, TimeSpan wait, CancellationToken cancel)
    {
        using (Enter(cancel))
        {
            ThrowIfClosed();
            if (_cli == null || _cli.IsClosed) Connect(cancel);
            try
            {
                _cli!.ReturnToPrivilegedExec(wait, Endpoint.EnablePassword, cancel);
                var result = action(_cli!);
                CommandCount++;
                LastUsed = DateTime.Now;
                return result;
            }
            catch (Exception e) when (e is EwcConnectionException or EwcTimeoutException || cancel.IsCancellationRequested)
            {
                Discard();
                throw;
            }
            finally
            {
                LeaveInPrivilegedExec(wait);
            }
        }
    }

    private void LeaveInPrivilegedExec(TimeSpan wait)
    {
        if (_cli == null || _cli.IsClosed || _cli.InPrivilegedExec) return;
        try
        {
            _cli.ReturnToPrivilegedExec(wait, Endpoint.EnablePassword);
        }
        catch (Exception e) when (e is EwcConnectionException or EwcTimeoutException or EwcCommandException)
        {
            // The device would not go back: a fresh connection is the only clean state. The
            // command's own result or error stands; the next command reconnects.
            Discard();
        }
    }

    // After a timeout the device may still be printing: a fresh connection is the only clean state.
    private void Discard()
    {
        _cli?.Dispose();
        _cli = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _cli?.Dispose();
            _cli = null;
        }
    }

    public override string ToString() => $"[{Id}] {Controller} ({Endpoint})";
}
