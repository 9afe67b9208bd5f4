using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;
using System.Threading;

namespace EwcUpgrade.Host;

/// <summary>
/// ewcupgrade: runs a script or a command on the embedded PowerShell engine with the module
/// imported; output through the formatting system, errors to stderr, an exit code automation can trust.
/// </summary>
internal static class Program
{
    private const int UsageError = 64;

    private static int Main(string[] args)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("ewcupgrade: " + e.Message);
            Console.Error.WriteLine(CommandLine.Usage);
            return UsageError;
        }
        if (line.ShowHelp)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }
        if (line.ShowVersion)
        {
            Console.WriteLine($"ewcupgrade {typeof(Program).Assembly.GetName().Version} (PowerShell engine {typeof(PSObject).Assembly.GetName().Version})");
            return 0;
        }
        return new ScriptRunner(line).Run();
    }
}

/// <summary>One run: the runspace, the pipeline, its error count and how it ended.</summary>
internal sealed class ScriptRunner
{
    private readonly CommandLine _line;
    private readonly ConsoleHost _host = new();
    private PowerShell? _current;
    private int _signal;
    private int _errors;

    public ScriptRunner(CommandLine line) => _line = line;

    public int Run()
    {
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var runspace = RunspaceFactory.CreateRunspace(_host, InitialSessionState.CreateDefault2());
        runspace.Open();
        if (_line.Verbose) runspace.SessionStateProxy.SetVariable("VerbosePreference", ActionPreference.Continue);

        if (!_line.NoModule)
        {
            var manifest = FindManifest();
            if (manifest == null)
            {
                Console.Error.WriteLine("ewcupgrade: cannot find module/EwcUpgrade.psd1 (set EWCUPGRADE_MODULE to the manifest's path).");
                return 1;
            }
            if (!Invoke(runspace, ps => ps.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop"), format: false))
            {
                Console.Error.WriteLine($"ewcupgrade: the module at {manifest} could not be imported.");
                return 1;
            }
        }

        runspace.SessionStateProxy.SetVariable("LASTEXITCODE", null);
        var completed = _line.File != null ? RunFile(runspace) : RunCommand(runspace);
        _host.FinishProgress();

        if (_signal != 0) return 128 + _signal;
        if (_host.ExitCode is int exit) return exit;
        if (runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int last && _line.File != null) return last;
        return completed && _errors == 0 ? 0 : 1;
    }

    private bool RunFile(Runspace runspace)
    {
        var path = Path.GetFullPath(_line.File!);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"ewcupgrade: no script at '{path}'.");
            _errors++;
            return false;
        }
        CommandInfo script;
        using (var ps = PowerShell.Create())
        {
            ps.Runspace = runspace;
            script = ps.AddCommand("Get-Command").AddArgument(path).Invoke<CommandInfo>().Single();
        }
        var (named, positional) = ScriptArguments.Bind(script, _line.ScriptArguments);
        runspace.SessionStateProxy.SetVariable("__ewcScript", path);
        runspace.SessionStateProxy.SetVariable("__ewcNamed", named);
        runspace.SessionStateProxy.SetVariable("__ewcPositional", positional);
        return Invoke(runspace, ps => ps.AddScript("& $__ewcScript @__ewcPositional @__ewcNamed"), format: true);
    }

    private bool RunCommand(Runspace runspace)
    {
        var text = _line.Command == "-" ? Console.In.ReadToEnd() : _line.Command!;
        return Invoke(runspace, ps => ps.AddScript(text), format: true);
    }

    /// <summary>Runs one pipeline; errors are written to stderr as they come. False when it ended with a terminating error or a signal.</summary>
    private bool Invoke(Runspace runspace, Action<PowerShell> build, bool format)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        build(ps);
        if (format) ps.AddCommand("Out-Default");
        ps.Streams.Error.DataAdded += (sender, e) =>
        {
            var record = ((PSDataCollection<ErrorRecord>)sender!)[e.Index];
            Interlocked.Increment(ref _errors);
            WriteError(record);
        };
        Volatile.Write(ref _current, ps);
        try
        {
            if (_signal != 0) return false;
            ps.Invoke();
            return !ps.InvocationStateInfo.State.Equals(PSInvocationState.Stopped);
        }
        catch (PipelineStoppedException)
        {
            return false;
        }
        catch (RuntimeException e)
        {
            Interlocked.Increment(ref _errors);
            WriteError(e.ErrorRecord);
            return false;
        }
        finally
        {
            Volatile.Write(ref _current, null);
        }
    }

    private void WriteError(ErrorRecord record)
    {
        _host.FinishProgress();
        var command = record.InvocationInfo?.MyCommand?.Name;
        var message = record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString();
        Console.Error.WriteLine(string.IsNullOrEmpty(command) ? message : $"{command}: {message}");
        if (record.InvocationInfo?.ScriptName is { Length: > 0 } script && record.InvocationInfo.ScriptLineNumber > 0)
        {
            Console.Error.WriteLine($"  at {script}:{record.InvocationInfo.ScriptLineNumber} ({record.CategoryInfo.Category}, {record.FullyQualifiedErrorId})");
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        // A first signal stops the pipeline cleanly (cmdlets' StopProcessing runs); a second one while
        // stopping falls through to the default: the process ends at once.
        if (Interlocked.CompareExchange(ref _signal, context.Signal == PosixSignal.SIGINT ? 2 : 15, 0) != 0) return;
        context.Cancel = true;
        Volatile.Read(ref _current)?.BeginStop(null, null);
    }

    private static string? FindManifest()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("EWCUPGRADE_MODULE");
        if (!string.IsNullOrEmpty(fromEnvironment)) return File.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "module", "EwcUpgrade.psd1");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
