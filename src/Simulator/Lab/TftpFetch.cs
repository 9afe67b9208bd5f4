using System.Diagnostics;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// TFTP with curl, a client that is not the module's own, so a bug in the module's TFTP server
/// cannot hide behind a matching bug in its client. curl ignores ICMP port-unreachable on TFTP
/// and times out, as the seed's device did on a blocked port.
/// </summary>
public sealed class TftpFetch(string server, string path, InstallDefinition install, LabClock clock) : ImageSource(server, path, install, clock)
{
    // curl's exit codes: 68 TFTP file not found, 28 timed out, 7 could not connect, 69 TFTP permission.
    private const int CurlNotFound = 68;
    private const int CurlPermission = 69;

    public override string Scheme => "tftp";

    public override string Url(string file) => $"tftp://{Server}/{RemotePath(file).TrimStart('/')}";

    public override FetchResult Fetch(string file, string localFile, CancellationToken cancel)
    {
        // The lab-only port goes to curl, never into the logged url: the device always uses 69.
        var url = $"tftp://{Server}:{Install.TftpPort}/{RemotePath(file).TrimStart('/')}";
        var start = new ProcessStartInfo("curl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-sS", "--tftp-blksize", Install.TftpBlockSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--connect-timeout", Seconds(Timeout), "-o", localFile, url })
        {
            start.ArgumentList.Add(a);
        }
        var clock = Stopwatch.StartNew();
        using var curl = Process.Start(start) ?? throw new InvalidOperationException("cannot start curl");
        var error = curl.StandardError.ReadToEndAsync(cancel);
        // Bounded: a transfer that stalls after it started still ends (curl's own block timeouts
        // normally end it first); an hour of lab time is far beyond any image.
        var limit = Clock.RealSeconds(3600) + TimeSpan.FromSeconds(30);
        using (cancel.Register(() => Kill(curl)))
        {
            if (!curl.WaitForExit(limit))
            {
                Kill(curl);
                curl.WaitForExit();
                return FetchResult.Failed(Cli.DeviceText.TimedOut);
            }
        }
        curl.WaitForExit();
        if (curl.ExitCode == 0 && File.Exists(localFile)) return new FetchResult(localFile, new FileInfo(localFile).Length, null);
        File.Delete(localFile);
        if (curl.ExitCode != CurlNotFound)
        {
            // The device's log says only "Timed out"; the lab's own stderr says what curl saw, so a
            // lab that is too slow for its clock (a busy machine, a fleet) shows as such.
            var said = error.Wait(TimeSpan.FromSeconds(1)) ? error.Result.Trim().Replace('\n', ' ') : "";
            Console.Error.WriteLine($"lab: curl {url} failed after {clock.Elapsed.TotalSeconds:0.0} s: exit {curl.ExitCode} {said}");
        }
        return FetchResult.Failed(curl.ExitCode switch
        {
            CurlNotFound => Cli.DeviceText.NoSuchFile,
            CurlPermission => "Permission denied", // [U]
            _ => Cli.DeviceText.TimedOut,
        });
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }
}
