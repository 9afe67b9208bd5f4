using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests;

[Collection(ModuleCollection.Name)]
public sealed class ImageServerCmdletTests : IDisposable
{
    private readonly PsSession _ps = new();
    private readonly TempDir _dir = new();

    public ImageServerCmdletTests()
    {
        Directory.CreateDirectory(_dir.Combine("root", "17.9.4.27"));
        var data = new byte[3_000_000];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(_dir.Combine("root", "17.9.4.27", "ap1g7"), data);
    }

    private Dictionary<string, object?> Vars => new() { ["root"] = _dir.Combine("root"), ["out"] = _dir.Combine("out") };

    [Fact]
    public void Serves_an_image_that_Receive_TftpFile_fetches_intact_and_the_transfer_is_recorded()
    {
        var result = _ps.Run(
            "$s = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru; " +
            "$s; Receive-TftpFile -Server 127.0.0.1 -Port $s.Port -Path /17.9.4.27/ap1g7 -Destination $out -BlockSize 1428 -WindowSize 8; " +
            // The client is done once it sent its final ACK; the server ends the transfer when that ACK arrives.
            "foreach ($i in 1..100) { if (-not (Get-ImageTransfer -ServerId $s.Id -State Active)) { break }; [Threading.Thread]::Sleep(50) }; " +
            "Get-ImageTransfer -ServerId $s.Id; Stop-ImageServer -Id $s.Id -PassThru", Vars).AssertNoErrors();
        Assert.Equal(4, result.Output.Count);
        var (server, download, transfer, stopped) = (result.Output[0], result.Output[1], result.Output[2], result.Output[3]);

        Assert.Equal(Sha256.OfFile(_dir.Combine("root", "17.9.4.27", "ap1g7")), download.Properties["Sha256"].Value);
        Assert.Equal(Sha256.OfFile(_dir.Combine("out")), download.Properties["Sha256"].Value);
        Assert.Equal(3_000_000L, download.Properties["Bytes"].Value);

        Assert.Equal("Completed", transfer.Properties["State"].Value.ToString());
        Assert.Equal("127.0.0.1", transfer.Properties["Client"].Value);
        Assert.Equal(3_000_000L, transfer.Properties["BytesTransferred"].Value);
        Assert.Equal(1428, transfer.Properties["BlockSize"].Value);
        Assert.Equal(8, transfer.Properties["WindowSize"].Value);

        Assert.Equal("Stopped", stopped.Properties["State"].Value.ToString());
        Assert.Same(server.BaseObject, stopped.BaseObject);
        Assert.Empty(_ps.Run("Get-ImageServer").Output);
    }

    [Fact]
    public void Stopping_frees_the_port_and_the_log_file_reads_like_tftpd_hpa()
    {
        var log = _dir.Combine("tftp.log");
        var vars = Vars;
        vars["log"] = log;
        var port = (int)_ps.Run("$s = Start-ImageServer $root -Address 127.0.0.1 -Port 0 -LogPath $log -PassThru; $s.Port", vars).AssertNoErrors().Single().BaseObject;
        _ps.Run("Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g7 -Port $port", new() { ["port"] = port }).AssertNoErrors();
        _ps.Run("Get-ImageServer | Stop-ImageServer").AssertNoErrors();

        using var rebind = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        var lines = File.ReadAllLines(log);
        Assert.Contains(lines, l => l.Contains("RRQ from 127.0.0.1 filename /17.9.4.27/ap1g7"));
        Assert.Contains(lines, l => l.Contains("3000000") && l.Contains("/17.9.4.27/ap1g7"));
    }

    [Fact]
    public void A_missing_file_is_a_not_found_error_and_a_failed_transfer()
    {
        var result = _ps.Run(
            "$s = Start-ImageServer $root -Address 127.0.0.1 -Port 0 -PassThru; " +
            "Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g6 -Port $s.Port; " +
            "Get-ImageTransfer -ServerId $s.Id -State Failed; $s | Stop-ImageServer", Vars);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("TftpDownloadFailed", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        var failed = Assert.Single(result.Output);
        Assert.Equal("Failed", failed.Properties["State"].Value.ToString());
        Assert.Contains("not found", (string)failed.Properties["Error"].Value, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_port_in_use_and_a_missing_root_are_errors_with_stable_ids()
    {
        using var busy = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)busy.Client.LocalEndPoint!).Port;
        var inUse = Assert.Single(_ps.Run("Start-ImageServer $root -Address 127.0.0.1 -Port $port", new() { ["root"] = _dir.Combine("root"), ["port"] = port }).Errors);
        Assert.StartsWith("ImageServerStartFailed", inUse.FullyQualifiedErrorId);
        Assert.Contains(port.ToString(), inUse.Exception.Message);

        var missing = Assert.Single(_ps.Run("Start-ImageServer $root -Port 0", new() { ["root"] = _dir.Combine("nope") }).Errors);
        Assert.StartsWith("ImageRootNotFound", missing.FullyQualifiedErrorId);
        Assert.Empty(_ps.Run("Get-ImageServer").Output);
    }

    [Fact]
    public void Stop_ImageServer_WhatIf_leaves_the_server_running()
    {
        var id = _ps.Run("(Start-ImageServer $root -Address 127.0.0.1 -Port 0 -PassThru).Id", Vars).AssertNoErrors().Single().BaseObject;
        _ps.Run("Stop-ImageServer -Id $id -WhatIf", new() { ["id"] = id }).AssertNoErrors();
        Assert.Equal("Running", _ps.Run("(Get-ImageServer -Id $id).State", new() { ["id"] = id }).Single().ToString());
        _ps.Run("Stop-ImageServer -Id $id", new() { ["id"] = id }).AssertNoErrors();
        var gone = _ps.Run("Get-ImageServer -Id $id", new() { ["id"] = id });
        Assert.StartsWith("ImageServerNotFound", Assert.Single(gone.Errors).FullyQualifiedErrorId);
    }

    public void Dispose()
    {
        _ps.Run("Stop-ImageServer");
        _ps.Dispose();
        _dir.Dispose();
    }
}
