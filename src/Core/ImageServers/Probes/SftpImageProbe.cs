using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using EwcUpgrade.Cli;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EwcUpgrade.ImageServers.Probes;

/// <summary>
/// Logs in to an SFTP server as the controllers will (user name and password) and stats each image
/// at the profile's path. Nothing is downloaded. The server's host key is checked by the request's
/// policy: a password is never sent to a server nobody vouched for.
/// </summary>
internal static class SftpImageProbe
{
    public static IEnumerable<ImageProbeResult> Probe(ImageProbeRequest request, IReadOnlyList<ImageProbeTarget> targets, CancellationToken ct)
    {
        var credential = request.Credential;
        if (credential == null || string.IsNullOrEmpty(credential.UserName))
            throw new ArgumentException("Probing an SFTP server needs the controllers' login: give -Credential (sftp-username and sftp-password).");
        var info = new ConnectionInfo(request.Server, request.Port, credential.UserName, new PasswordAuthenticationMethod(credential.UserName, credential.Password ?? ""))
        {
            Timeout = TimeSpan.FromTicks(request.Timeout.Ticks * (request.Retries + 1)),
        };
        using var client = new SftpClient(info) { OperationTimeout = request.Timeout };
        Ssh.HostKeyDecision? refused = null;
        client.HostKeyReceived += (_, e) =>
        {
            var decision = request.HostKeyPolicy.Decide(request.Server, request.Port, e.HostKeyName, e.HostKey);
            if (!decision.Accepted) refused = decision;
            e.CanTrust = decision.Accepted;
        };
        using var cancel = ct.Register(() => { try { client.Disconnect(); } catch (Exception) { } });
        var (failure, detail) = Connect(client, request, () => refused);
        foreach (var target in targets)
        {
            ct.ThrowIfCancellationRequested();
            if (failure != null)
            {
                yield return new ImageProbeResult(request, target, failure.Value, null, detail);
                continue;
            }
            var (verdict, size, said) = Stat(client, request.RemotePathOf(target));
            if (verdict == ImageProbeVerdict.OK && target.ExpectedSize != null && size != target.ExpectedSize) verdict = ImageProbeVerdict.SizeMismatch;
            yield return new ImageProbeResult(request, target, verdict, size, said);
        }
    }

    private static (ImageProbeVerdict?, string?) Connect(SftpClient client, ImageProbeRequest request, Func<Ssh.HostKeyDecision?> refused)
    {
        var where = $"{Net.HostAddress.FormatHost(request.Server)}:{request.Port}";
        try
        {
            client.Connect();
            return (null, null);
        }
        catch (Exception) when (refused() is { } key)
        {
            throw new EwcHostKeyException($"Refused to log in to the SFTP server: {key.Reason}", key.Fingerprint, key.Changed);
        }
        catch (SshAuthenticationException)
        {
            return (ImageProbeVerdict.AuthFailed, $"{where} refused the password of user '{request.Credential!.UserName}'");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused)
        {
            return (ImageProbeVerdict.Refused, $"{where} refused the connection: nothing listens on TCP {request.Port}");
        }
        catch (SocketException e)
        {
            return (ImageProbeVerdict.TimedOut, $"cannot reach {where}: {e.Message}");
        }
        catch (SshOperationTimeoutException)
        {
            return (ImageProbeVerdict.TimedOut, $"no SSH answer from {where} within {client.ConnectionInfo.Timeout.TotalSeconds:0} s");
        }
        catch (SshConnectionException e)
        {
            return (ImageProbeVerdict.Refused, $"{where} closed the SSH connection: {e.Message}");
        }
    }

    private static (ImageProbeVerdict, long?, string?) Stat(SftpClient client, string path)
    {
        try
        {
            var attributes = client.GetAttributes(path);
            if (attributes.IsDirectory) return (ImageProbeVerdict.NotFound, null, $"{path} is a folder, not an image");
            return (ImageProbeVerdict.OK, attributes.Size, null);
        }
        catch (SftpPathNotFoundException e)
        {
            return (ImageProbeVerdict.NotFound, null, e.Message);
        }
        catch (SftpPermissionDeniedException e)
        {
            return (ImageProbeVerdict.Refused, null, ImageProbe.AccessDeniedPrefix + ": " + e.Message);
        }
        catch (SshOperationTimeoutException)
        {
            return (ImageProbeVerdict.TimedOut, null, $"the server did not answer the stat of {path}");
        }
    }
}
