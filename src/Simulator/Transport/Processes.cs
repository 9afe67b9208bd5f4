using System.Diagnostics;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>Runs helper programs (ssh-keygen, useradd, chpasswd) with a deadline.</summary>
internal static class Processes
{
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string? input = null, int timeoutMs = 20000)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info) ?? throw new LabStartException($"cannot start {file}");
        if (input != null) p.StandardInput.Write(input);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new LabStartException($"{file} did not finish within {timeoutMs / 1000} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static string Require(string file, params string[] args)
    {
        var (code, output) = Run(file, args);
        if (code != 0) throw new LabStartException($"{file} {string.Join(' ', args)} failed ({code}): {output.Trim()}");
        return output;
    }
}

/// <summary>The lab cannot start (or go on); the message says why and what to do.</summary>
internal sealed class LabStartException(string message) : Exception(message);
