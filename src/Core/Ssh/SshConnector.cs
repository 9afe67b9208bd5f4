using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using EwcUpgrade.Cli;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EwcUpgrade.Ssh;

/// <summary>Opens an authenticated SSH.NET client, checking the host key by the endpoint's policy.</summary>
internal static class SshConnector
{
    public static SshClient Connect(EwcEndpoint endpoint, out HostKeyDecision decision) => Connect(endpoint, CancellationToken.None, out decision);

    /// <summary>
    /// As above; a stop (<paramref name="cancel"/>) during the handshake or login closes the socket,
    /// so it ends at once with an OperationCanceledException instead of after the connect timeout.
    /// </summary>
    public static SshClient Connect(EwcEndpoint endpoint, CancellationToken cancel, out HostKeyDecision decision)
    {
        cancel.ThrowIfCancellationRequested();
        var info = new ConnectionInfo(endpoint.HostName, endpoint.Port, RequireUser(endpoint), AuthenticationMethods(endpoint))
        {
            Timeout = endpoint.ConnectTimeout,
            ChannelCloseTimeout = TimeSpan.FromSeconds(2),
        };
        var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(30) };
        HostKeyDecision? seen = null;
        client.HostKeyReceived += (_, e) =>
        {
            seen = endpoint.HostKeyPolicy.Decide(endpoint.HostName, endpoint.Port, e.HostKeyName, e.HostKey);
            e.CanTrust = seen.Accepted;
        };
        try
        {
            if (cancel.CanBeCanceled)
            {
                // SSH.NET's Connect takes no token and ends only some time after its socket is closed:
                // it runs on its own thread, and a stop leaves it there (the client is closed behind it).
                var connecting = System.Threading.Tasks.Task.Factory.StartNew(client.Connect, CancellationToken.None,
                    System.Threading.Tasks.TaskCreationOptions.LongRunning, System.Threading.Tasks.TaskScheduler.Default);
                try
                {
                    connecting.Wait(cancel);
                }
                catch (OperationCanceledException)
                {
                    connecting.ContinueWith(t => { _ = t.Exception; Abandon(client); }, System.Threading.Tasks.TaskScheduler.Default);
                    ThreadPool.QueueUserWorkItem(_ => Abandon(client));
                    throw new OperationCanceledException($"Connecting to {endpoint.HostName}:{endpoint.Port} was stopped.", cancel);
                }
                catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
                }
            }
            else
            {
                client.Connect();
            }
            cancel.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            // Not here: disposing a client mid-handshake waits about a second for SSH.NET's reader to end.
            ThreadPool.QueueUserWorkItem(_ => Abandon(client));
            throw new OperationCanceledException($"Connecting to {endpoint.HostName}:{endpoint.Port} was stopped.", cancel);
        }
        catch (Exception) when (seen is { Accepted: false })
        {
            client.Dispose();
            throw new EwcHostKeyException($"Refused to connect: {seen.Reason}", seen.Fingerprint, seen.Changed);
        }
        catch (Exception e)
        {
            client.Dispose();
            throw Translate(e, endpoint);
        }
        decision = seen ?? throw new EwcConnectionException($"{endpoint.HostName}:{endpoint.Port} presented no host key.");
        return client;
    }

    private static void Abandon(SshClient client)
    {
        try
        {
            client.Dispose();
        }
        catch (Exception)
        {
            // Closing a half-open connection: the connect that is waiting on it fails, which is the point.
        }
    }

    private static string RequireUser(EwcEndpoint endpoint) =>
        string.IsNullOrEmpty(endpoint.UserName)
            ? throw new EwcCredentialMissingException($"No user name for {endpoint.HostName}:{endpoint.Port}: give a credential.")
            : endpoint.UserName;

    private static AuthenticationMethod[] AuthenticationMethods(EwcEndpoint endpoint)
    {
        var methods = new List<AuthenticationMethod>();
        if (endpoint.KeyFile is { Length: > 0 } keyFile)
        {
            PrivateKeyFile key;
            try
            {
                key = new PrivateKeyFile(keyFile);
            }
            catch (Exception e) when (e is SshException or System.IO.IOException or UnauthorizedAccessException)
            {
                throw new EwcKeyFileException($"Cannot read the private key file '{endpoint.KeyFile}': {Plain(e)}", e);
            }
            methods.Add(new PrivateKeyAuthenticationMethod(endpoint.UserName, key));
        }
        var password = endpoint.Credential?.Password;
        if (!string.IsNullOrEmpty(password))
        {
            methods.Add(new PasswordAuthenticationMethod(endpoint.UserName, password));
            // Some IOS XE AAA setups offer keyboard-interactive only; answer its prompts with the password.
            var interactive = new KeyboardInteractiveAuthenticationMethod(endpoint.UserName);
            interactive.AuthenticationPrompt += (_, e) =>
            {
                foreach (var prompt in e.Prompts) prompt.Response = password;
            };
            methods.Add(interactive);
        }
        if (methods.Count == 0)
        {
            throw new EwcCredentialMissingException($"No way to log in to {endpoint.HostName}:{endpoint.Port}: give a password credential or a key file.");
        }
        return methods.ToArray();
    }

    /// <summary>
    /// An exception's reason in plain words: .NET's own texts for these ("Could not find file …",
    /// "Cannot access a disposed object. Object name: …") tell a user nothing they can act on.
    /// </summary>
    internal static string Plain(Exception e) => e switch
    {
        ObjectDisposedException => "the connection was already closed",
        System.IO.FileNotFoundException => "the file does not exist",
        System.IO.DirectoryNotFoundException => "its folder does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    // Messages name the endpoint and the user, never the password.
    private static Exception Translate(Exception e, EwcEndpoint endpoint) => e switch
    {
        SshAuthenticationException => new EwcAuthenticationException($"Authentication failed for user '{endpoint.UserName}' on {endpoint.HostName}:{endpoint.Port}: the device refused the password or key.", e),
        SocketException s => new EwcConnectionException($"Cannot reach {endpoint.HostName}:{endpoint.Port}: {s.Message}", e),
        SshOperationTimeoutException => new EwcConnectionException($"{endpoint.HostName}:{endpoint.Port} did not complete the SSH handshake within {endpoint.ConnectTimeout.TotalSeconds:0} s.", e),
        SshConnectionException => new EwcConnectionException($"The SSH connection to {endpoint.HostName}:{endpoint.Port} failed: {e.Message}", e),
        ArgumentException => e,
        _ => new EwcConnectionException($"Cannot connect to {endpoint.HostName}:{endpoint.Port}: {e.Message}", e),
    };
}
