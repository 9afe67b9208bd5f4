using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// SFTP with SSH.NET, logging in with the profile's user name, password and port, as the seed says
/// the EWC (not the AP) does. The size the server states is checked against what arrived.
/// </summary>
public sealed class SftpFetch(string server, string path, string user, string password, int port, InstallDefinition install, LabClock clock)
    : ImageSource(server, path, install, clock)
{
    public override string Scheme => "sftp";

    // [seed] the device masks the login: sftp://*****@172.16.5.62/Documents/... (a relative path);
    // [U] how it writes an absolute path, and whether a non-22 port shows: here one slash, no port.
    public override string Url(string file) => $"sftp://*****@{Server}/{RemotePath(file).TrimStart('/')}";

    public override FetchResult Fetch(string file, string localFile, CancellationToken cancel)
    {
        var info = new ConnectionInfo(Server, port, user, new PasswordAuthenticationMethod(user, password)) { Timeout = Timeout };
        using var client = new SftpClient(info) { OperationTimeout = Timeout };
        // [U] whether the EWC checks the server's host key; the lab accepts any, as a first contact would.
        client.HostKeyReceived += (_, e) => e.CanTrust = true;
        using var stop = cancel.Register(() => client.Dispose());
        try
        {
            client.Connect();
            var remote = RemotePath(file);
            var size = client.GetAttributes(remote).Size;
            using (var output = File.Create(localFile)) client.DownloadFile(remote, output);
            var got = new FileInfo(localFile).Length;
            return got == size ? new FetchResult(localFile, got, null) : FetchResult.Failed(Cli.DeviceText.BadImage);
        }
        catch (SshAuthenticationException)
        {
            return FetchResult.Failed(Cli.DeviceText.AuthenticationFailed);
        }
        catch (SftpPathNotFoundException)
        {
            return FetchResult.Failed(Cli.DeviceText.NoSuchFile);
        }
        catch (SftpPermissionDeniedException)
        {
            return FetchResult.Failed("Permission denied"); // [U]
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return FetchResult.Failed(Cli.DeviceText.ConnectionRefused); // [U] the seed only shows Timed out
        }
        catch (Exception e) when (e is SshException or SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
            return FetchResult.Failed(Cli.DeviceText.TimedOut);
        }
        finally
        {
            if (client.IsConnected) client.Disconnect();
        }
    }
}
