using System.Diagnostics;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>
/// Clients nobody here wrote fetch from the server and the bytes match: the Debian tftp-hpa client,
/// atftp (which sends windowsize) and curl (which sends blksize). scripts/install-deps.sh installs them;
/// a missing client fails the test rather than skipping it.
/// </summary>
public sealed class InteropTests : IDisposable
{
    private readonly TftpTestServer _tftp = new(o => o.Timeout = TimeSpan.FromSeconds(1));
    private readonly string _image;
    private readonly string _out = Path.Combine(Path.GetTempPath(), "ewc-interop-" + Guid.NewGuid().ToString("N")[..8]);

    public InteropTests() => _image = _tftp.AddFile("17.9.4.27/ap1g7", 3_000_123);

    private int Port => _tftp.Server.LocalEndPoint.Port;

    [Fact]
    public void Tftp_hpa_client_fetches_intact() =>
        FetchWith("tftp", "-m", "binary", "127.0.0.1", Port.ToString(), "-c", "get", "/17.9.4.27/ap1g7", _out);

    [Theory]
    [InlineData(512, 1)]
    [InlineData(1428, 16)]
    [InlineData(65464, 8)]
    public void Atftp_client_fetches_intact_with_blksize_and_windowsize(int blockSize, int windowSize) =>
        FetchWith("atftp", "--option", $"blksize {blockSize}", "--option", $"windowsize {windowSize}", "--option", "tsize 0",
            "-g", "-r", "/17.9.4.27/ap1g7", "-l", _out, "127.0.0.1", Port.ToString());

    [Theory]
    [InlineData("512")]
    [InlineData("1428")]
    [InlineData("65464")]
    public void Curl_fetches_intact_with_blksize(string blockSize) =>
        FetchWith("curl", "-sS", "--max-time", "60", "--tftp-blksize", blockSize, "-o", _out, $"tftp://127.0.0.1:{Port}/17.9.4.27/ap1g7");

    [Fact]
    public void Curl_without_options_fetches_intact() =>
        FetchWith("curl", "-sS", "--max-time", "60", "--tftp-no-options", "-o", _out, $"tftp://127.0.0.1:{Port}/17.9.4.27/ap1g7");

    private void FetchWith(string program, params string[] arguments)
    {
        var path = new[] { "/usr/bin", "/bin", "/usr/local/bin" }.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
        Assert.True(path != null, $"the '{program}' client is not installed: run scripts/install-deps.sh (as root it installs tftp-hpa, atftp and curl)");
        var start = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within 90 s");
        }
        Assert.True(File.Exists(_out), $"{program} wrote nothing (exit {process.ExitCode}): {stderr.Result} {stdout.Result}");
        Assert.Equal(_image, TftpTestServer.Hash(File.ReadAllBytes(_out)));
        Assert.Equal(EwcUpgrade.Tftp.TftpTransferState.Completed, _tftp.WaitEnded().State);
    }

    public void Dispose()
    {
        _tftp.Dispose();
        if (File.Exists(_out)) File.Delete(_out);
    }

}
