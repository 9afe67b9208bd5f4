using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace EwcUpgrade.Testing;

public sealed record LabControllerEndpoint(string Name, string Host, int Port, string HostKeyFingerprint, IReadOnlyList<string> Users);

public sealed record LabEndpoints(string Lab, int Pid, int SshdPid, string StateDirectory, IReadOnlyList<LabControllerEndpoint> Controllers);

/// <summary>
/// The lab simulator (src/Simulator) as a running process: started on a lab YAML, ready when its
/// endpoints file appears, stopped by SIGTERM (then killed if it lingers). Shared by the test
/// projects (linked, not referenced), so it uses nothing but the BCL.
/// </summary>
public sealed class RunningLab : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningLab(Process process, LabEndpoints endpoints)
    {
        _process = process;
        Endpoints = endpoints;
    }

    public LabEndpoints Endpoints { get; }

    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EwcUpgrade.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public LabControllerEndpoint Controller(string name) =>
        Endpoints.Controllers.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no controller {name} in the lab");

    public static RunningLab Start(string labYaml, string? stateDirectory = null, TimeSpan? timeout = null)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The lab tests log in with passwords, which needs the lab's sshd to run as root: run the tests as root (CI does).");
        }
        var dll = Path.Combine(RepoRoot, "src", "Simulator", "bin", "Release", "net10.0", "EwcUpgrade.Simulator.dll");
        if (!File.Exists(dll)) dll = dll.Replace("Release", "Debug");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build src/Simulator first (scripts/test.sh does).", dll);
        var endpointsFile = Path.Combine(Path.GetTempPath(), "ewc-lab-endpoints-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { dll, "run", "--lab", labYaml, "--endpoints", endpointsFile, "--create-users", "--exit-on-stdin-close" }) info.ArgumentList.Add(a);
        if (stateDirectory != null)
        {
            info.ArgumentList.Add("--state-dir");
            info.ArgumentList.Add(stateDirectory);
        }
        var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!File.Exists(endpointsFile))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                lock (output) throw new InvalidOperationException($"The lab did not start (exit {(process.HasExited ? process.ExitCode : -1)}):\n{output}");
            }
            Thread.Sleep(50);
        }
        var endpoints = JsonSerializer.Deserialize<LabEndpoints>(File.ReadAllText(endpointsFile), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        File.Delete(endpointsFile);
        var lab = new RunningLab(process, endpoints);
        lock (output) lab._output.Append(output);
        return lab;
    }

    /// <summary>Stops the lab; returns its exit code.</summary>
    public int Stop()
    {
        // SIGTERM, not Kill: the simulator stops its sshd and removes its state first.
        if (_process.HasExited) return _process.ExitCode;
        Process.Start("kill", new[] { "-TERM", _process.Id.ToString() })!.WaitForExit(5000);
        if (!_process.WaitForExit(15000)) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }
}
