using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests;

/// <summary>Start-ImageServer -Wait: the foreground mode a console is left running in.</summary>
[Collection(ModuleCollection.Name)]
public sealed class ImageServerWaitTests : IDisposable
{
    private readonly PsSession _server = new();
    private readonly PsSession _client = new();
    private readonly TempDir _dir = new();

    [Fact]
    public void Shows_transfers_and_log_until_stopped_then_shuts_the_server_down()
    {
        Directory.CreateDirectory(_dir.Combine("root"));
        var data = new byte[20_000_000];
        new Random(3).NextBytes(data);
        File.WriteAllBytes(_dir.Combine("root", "ap1g8"), data);
        var port = FreeUdpPort();

        using var ps = _server.Create("Start-ImageServer -Root $root -Address 127.0.0.1 -Port $port -Wait",
            new() { ["root"] = _dir.Combine("root"), ["port"] = port });
        var running = ps.BeginInvoke();
        try
        {
            // The server is up once a fetch succeeds; bounded retries while it binds.
            PsResult? fetched = null;
            for (var attempt = 0; attempt < 50 && fetched is not { Errors.Count: 0 }; attempt++)
            {
                if (attempt > 0) Thread.Sleep(100);
                fetched = _client.Run("Receive-TftpFile 127.0.0.1 ap1g8 -Port $port -BlockSize 512 -TimeoutSeconds 1 -MaxRetries 1", new() { ["port"] = port });
            }
            fetched!.AssertNoErrors();
            Assert.Equal(20_000_000L, fetched.Single().Properties["Bytes"].Value);
            // Let the watch loop tick at least once after the transfer ended.
            Thread.Sleep(600);
        }
        finally
        {
            ps.Stop();
        }
        Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the foreground server did not stop");

        var lines = ps.Streams.Information.Select(i => i.MessageData.ToString()).ToList();
        Assert.Contains(lines, l => l!.Contains("Press Ctrl+C"));
        Assert.Contains(lines, l => l!.Contains("RRQ from 127.0.0.1 filename ap1g8"));
        Assert.Contains(ps.Streams.Progress, p => p.Activity.StartsWith("TFTP server"));
        Assert.Empty(_client.Run("Get-ImageServer").Output);
        using var rebind = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _dir.Dispose();
    }
}
