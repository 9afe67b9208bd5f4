using System.Diagnostics;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests.Support;

/// <summary>Runs the built simulator to completion (usage and lab file errors), bounded.</summary>
public static class SimulatorProcess
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(RunningLab.SimulatorDll());
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"the simulator did not exit within 30 s: {string.Join(' ', args)}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
