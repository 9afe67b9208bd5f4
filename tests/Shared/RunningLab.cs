using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Testing;

public sealed record LabControllerEndpoint(string Name, string Host, int Port, string HostKeyFingerprint, IReadOnlyList<string> Users);

/// <summary>SshdPid: the first listening sshd; SshdPids: all of them (the lab runs one per 16 controllers).</summary>
public sealed record LabEndpoints(string Lab, int Pid, int SshdPid, IReadOnlyList<int> SshdPids, string StateDirectory, IReadOnlyList<LabControllerEndpoint> Controllers);

/// <summary>
/// The EWC lab simulator (src/Simulator) as a running process: started on a lab YAML, ready when
/// its endpoints file appears, stopped by SIGTERM (killed if it lingers). Uses only the BCL and
/// System.Text.Json so any test project can link it (&lt;Compile Include=... Link=...&gt;).
/// </summary>
public sealed class RunningLab : IDisposable
{
    private static readonly object s_buildGate = new();
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };
    private readonly Process _process;
    private readonly StringBuilder _output;

    private RunningLab(Process process, StringBuilder output, LabEndpoints endpoints)
    {
        _process = process;
        _output = output;
        Endpoints = endpoints;
    }

    public LabEndpoints Endpoints { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>What the simulator printed (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public LabControllerEndpoint Controller(string name) =>
        Endpoints.Controllers.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"the lab has no controller {name}; it has {string.Join(", ", Endpoints.Controllers.Select(c => c.Name))}");

    /// <summary>The repository root: the folder above this program that holds EwcUpgrade.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The lab YAML with every `port: N` line made `port: 0`, so the lab picks free ports: a lab
    /// file's fixed ports may be taken by a lab someone runs by hand. Line ends are kept (LF or CRLF).
    /// </summary>
    public static string OnFreePorts(string labYaml) =>
        Regex.Replace(labYaml, @"(?m)^([ \t]*(?:-[ \t]+)?port:)[ \t]*\d+[ \t]*(\r?)$", "$1 0$2");

    public static RunningLab Start(string labYamlPath, bool createUsers = true, string? stateDirectory = null, TimeSpan? timeout = null)
    {
        var dll = SimulatorDll();
        var scratch = Directory.CreateTempSubdirectory("ewc-lab-run-").FullName;
        var endpointsFile = Path.Combine(scratch, "endpoints.json");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { dll, "run", "--lab", Path.GetFullPath(labYamlPath), "--endpoints", endpointsFile, "--exit-on-stdin-close" }) info.ArgumentList.Add(a);
        if (createUsers) info.ArgumentList.Add("--create-users");
        if (stateDirectory != null)
        {
            info.ArgumentList.Add("--state-dir");
            info.ArgumentList.Add(Path.GetFullPath(stateDirectory));
        }
        var output = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var deadline = DateTime.UtcNow + limit;
        try
        {
            while (!File.Exists(endpointsFile))
            {
                if (process.HasExited)
                {
                    process.WaitForExit();
                    lock (output) throw new InvalidOperationException($"The lab simulator exited ({process.ExitCode}) before it was ready:\n{output}");
                }
                if (DateTime.UtcNow > deadline)
                {
                    process.Kill(entireProcessTree: true);
                    lock (output) throw new TimeoutException($"The lab simulator was not ready within {limit.TotalSeconds:0} s:\n{output}");
                }
                Thread.Sleep(25);
            }
            var endpoints = JsonSerializer.Deserialize<LabEndpoints>(File.ReadAllText(endpointsFile), s_json)
                ?? throw new InvalidDataException("empty endpoints file");
            return new RunningLab(process, output, endpoints);
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>SIGTERM (the simulator then stops its sshd and cleans up), 10 s, then kill; returns the exit code.</summary>
    public int Stop()
    {
        if (!_process.HasExited)
        {
            kill(_process.Id, 15);
            if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    /// <summary>The simulator's build output (Release or Debug, the newer one); built once if missing.</summary>
    public static string SimulatorDll()
    {
        lock (s_buildGate)
        {
            var found = BuiltDll();
            if (found != null) return found;
            var build = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "build", Path.Combine(RepoRoot, "src", "Simulator", "EwcUpgrade.Simulator.csproj"), "-c", "Release", "-nologo", "-v", "quiet" }) build.ArgumentList.Add(a);
            using var p = Process.Start(build)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(300_000))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet build src/Simulator did not finish within 5 minutes");
            }
            return BuiltDll() ?? throw new InvalidOperationException($"dotnet build src/Simulator failed ({p.ExitCode}):\n{stdout.Result}{stderr.Result}");
        }
    }

    private static string? BuiltDll() =>
        new[] { "Release", "Debug" }
            .Select(c => Path.Combine(RepoRoot, "src", "Simulator", "bin", c, "net10.0", "EwcUpgrade.Simulator.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EwcUpgrade.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (EwcUpgrade.sln) above " + AppContext.BaseDirectory);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
