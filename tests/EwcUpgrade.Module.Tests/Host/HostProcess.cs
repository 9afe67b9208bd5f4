using System.Diagnostics;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests.Host;

/// <summary>The built host (src/Host) run as a child process, with a deadline on every run.</summary>
internal sealed record HostRun(int ExitCode, string Stdout, string Stderr);

internal static class HostProcess
{
    public static string Dll => Path.Combine(RepoPaths.Root, "src", "Host", "bin", "Release", "net10.0", "EwcUpgrade.Host.dll");

    public static Process Start(string? stdin, params string[] args)
    {
        Assert.True(File.Exists(Dll), $"the host is not built ({Dll}); scripts/test.sh builds it");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["EWCUPGRADE_MODULE"] = RepoPaths.Manifest;
        var process = Process.Start(start)!;
        if (stdin != null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        return process;
    }

    public static HostRun Run(params string[] args) => RunWithInput(null, args);

    public static HostRun RunWithInput(string? stdin, params string[] args)
    {
        using var process = Start(stdin, args);
        return Finish(process, TimeSpan.FromSeconds(60));
    }

    public static HostRun Finish(Process process, TimeSpan timeout)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the host did not finish within {timeout.TotalSeconds} s");
        }
        return new HostRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}
