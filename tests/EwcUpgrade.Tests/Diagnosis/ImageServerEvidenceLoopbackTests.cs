using System.Globalization;
using System.Net;
using EwcUpgrade.Diagnosis;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Diagnosis;

/// <summary>The join over the module's real TFTP image server on loopback and its real ImageTransfer records.</summary>
public sealed class ImageServerEvidenceLoopbackTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ewc-diagnosis-").FullName;
    private readonly ImageServer _server;

    public ImageServerEvidenceLoopbackTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "EWC", "17_9_4a"));
        File.WriteAllBytes(Path.Combine(_root, "EWC", "17_9_4a", "ap1g8"), new byte[40_000]);
        _server = ImageServerRegistry.StartTftp(new TftpServerOptions { Root = _root, Address = IPAddress.Loopback, Port = 0 });
    }

    public void Dispose()
    {
        _server.Stop();
        Directory.Delete(_root, recursive: true);
    }

    private static ImageDownloadEvent DeviceFailure(string file, int port)
    {
        // What the EWC would log right now (its clock on UTC).
        var now = DateTime.UtcNow.ToString("MMM d HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var url = $"tftp://127.0.0.1:{port}/EWC/17_9_4a/{file}";
        return Assert.Single(ImageDownloadLog.Parse(
            $"*{now}: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package {url}, Error: Failed to download file {url}: No such file or directory"));
    }

    [Fact]
    public void A_file_the_server_lacks_beside_one_it_served_is_MissingImage_and_a_file_never_asked_for_reached_no_server()
    {
        var port = _server.Port;
        var client = new TftpClient(new IPEndPoint(IPAddress.Loopback, port)) { Timeout = TimeSpan.FromMilliseconds(500), MaxRetries = 2 };
        client.Download("/EWC/17_9_4a/ap1g8", Stream.Null);
        Assert.ThrowsAny<Exception>(() => client.Download("/EWC/17_9_4a/ap1g6", Stream.Null));
        for (var i = 0; i < 100 && _server.GetTransfers().Any(t => t.IsActive); i++) Thread.Sleep(20);

        var missing = DeviceFailure("ap1g6", port);
        var neverAsked = DeviceFailure("ap1g7", port);
        ImageServerEvidence.Join(new[] { missing, neverAsked }, _server.Protocol, _server.GetTransfers(), "127.0.0.1");

        Assert.Equal(DownloadFailureCause.MissingImage, missing.Cause);
        Assert.Contains("/EWC/17_9_4a/ap1g6", missing.ServerSaw);
        Assert.Contains("File not found", missing.Fix);
        Assert.Equal(DiagnosisFixes.NoRequestReachedServer, neverAsked.Fix);
    }
}
