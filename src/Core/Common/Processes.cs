using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace EwcUpgrade.Common;

/// <summary>What a finished program said: its exit code and its output and error text together.</summary>
public readonly struct ProcessResult
{
    public ProcessResult(int exitCode, string output)
    {
        ExitCode = exitCode;
        Output = output;
    }

    public int ExitCode { get; }
    public string Output { get; }
}

/// <summary>
/// Runs system programs (sshd, useradd, stat) with a deadline. netstandard2.0 has no ArgumentList,
/// so arguments are quoted here by the rules .NET uses to split them again.
/// </summary>
public static class Processes
{
    public static ProcessResult Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout, string? input = null)
    {
        var start = new ProcessStartInfo(program, Join(arguments))
        {
            UseShellExecute = false,
            RedirectStandardInput = input != null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ProcessResult(127, $"{program}: {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (input != null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            return new ProcessResult(124, $"{program} did not finish within {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit(); // flushes the asynchronous readers
        lock (output) return new ProcessResult(process.ExitCode, output.ToString());
    }

    /// <summary>Quotes each argument so that .NET's splitting (the CommandLineToArgvW rules) gives it back unchanged.</summary>
    public static string Join(IReadOnlyList<string> arguments)
    {
        var line = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (line.Length > 0) line.Append(' ');
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '"', '\\', '\'' }) < 0)
            {
                line.Append(argument);
                continue;
            }
            line.Append('"');
            var slashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\') { slashes++; continue; }
                if (c == '"') line.Append('\\', slashes * 2 + 1);
                else line.Append('\\', slashes);
                slashes = 0;
                line.Append(c);
            }
            line.Append('\\', slashes * 2);
            line.Append('"');
        }
        return line.ToString();
    }
}
