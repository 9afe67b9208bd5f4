using System.Runtime.InteropServices;
using System.Text.Json;
using EwcUpgrade.Simulator.Lab;
using EwcUpgrade.Simulator.Transport;

namespace EwcUpgrade.Simulator;

/// <summary>Runs a lab: state folder, users, sshd, the attach socket; writes the endpoints; stops cleanly.</summary>
internal sealed class LabRunner
{
    public static int Run(string labPath, string? stateFolder, string? endpointsPath, bool createUsers, bool exitOnStdinClose)
    {
        var lab = LabDefinition.Load(labPath);
        var ownState = stateFolder == null;
        var state = stateFolder != null ? Path.GetFullPath(stateFolder) : Directory.CreateTempSubdirectory("ewc-lab-").FullName;
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101); // lab users reach the socket and the attach program through it
        var log = Console.Out;
        if (Processes.IsRoot && createUsers) RequireReachableByOthers(state);
        using var stop = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });

        var controllers = lab.Controllers.Select(c => new SimulatedController(c, c.Port > 0 ? c.Port : SshdHost.FreePort())).ToList();
        var byPort = controllers.ToDictionary(c => c.Port);
        if (!Processes.IsRoot)
        {
            Console.Error.WriteLine($"warning: not root: sshd runs as {Environment.UserName}, only {Environment.UserName} can log in and only by key (password logins need root).");
        }
        LabUsers.Prepare(lab, Path.Combine(state, "authorized_keys"), createUsers, log);
        var attachProgram = CopyAttachProgram(state);
        var socketPath = Path.Combine(state, "attach.sock");
        using var sessionLog = TextWriter.Synchronized(new StreamWriter(Path.Combine(state, "sessions.log"), append: true) { AutoFlush = true });
        using var attach = new AttachServer(socketPath, byPort, sessionLog);
        using var sshd = new SshdHost(state);
        var fingerprint = sshd.EnsureHostKey();
        var users = lab.Controllers.SelectMany(c => c.Users).Select(u => u.Username).Distinct().ToList();
        try
        {
            sshd.Start(controllers.Select(c => c.Port).ToList(), users, ForcedCommand(attachProgram, socketPath), Path.Combine(state, "authorized_keys"));
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            if (ownState) TryDelete(state);
            return 1;
        }

        var endpoints = new LabEndpoints(lab.Lab, Environment.ProcessId, sshd.Pid ?? 0, state,
            controllers.Select(c => new ControllerEndpoint(c.Hostname, "127.0.0.1", c.Port, fingerprint, c.Definition.Users.Select(u => u.Username).ToList())).ToList());
        var json = JsonSerializer.Serialize(endpoints, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        endpointsPath = Path.GetFullPath(endpointsPath ?? Path.Combine(state, "endpoints.json"));
        File.WriteAllText(endpointsPath + ".tmp", json);
        File.Move(endpointsPath + ".tmp", endpointsPath, overwrite: true);
        foreach (var c in controllers) log.WriteLine($"{c.Hostname,-24} ssh -p {c.Port} {c.Definition.Users[0].Username}@127.0.0.1   ({c.Definition.Aps.Count} APs)");
        log.WriteLine($"host key {fingerprint}");
        log.WriteLine($"ready {endpointsPath}");
        log.Flush();

        if (exitOnStdinClose)
        {
            new Thread(() => { try { Console.In.ReadToEnd(); } catch (IOException) { } stop.Set(); }) { IsBackground = true }.Start();
        }
        stop.Wait();
        log.WriteLine("stopping the lab");
        sshd.Dispose();
        attach.Dispose();
        if (ownState) TryDelete(state);
        else File.Delete(socketPath);
        return 0;
    }

    /// <summary>
    /// The attach program is this assembly; lab users may not be able to read the build folder (a
    /// clone under /root, say), so it runs from a copy in the state folder.
    /// </summary>
    private static string CopyAttachProgram(string state)
    {
        var bin = Path.Combine(state, "bin");
        Directory.CreateDirectory(bin);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            var target = Path.Combine(bin, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            File.SetUnixFileMode(target, (UnixFileMode)0b111_101_101);
        }
        File.SetUnixFileMode(bin, (UnixFileMode)0b111_101_101);
        return Path.Combine(bin, "EwcUpgrade.Simulator.dll");
    }

    private static string ForcedCommand(string attachProgram, string socketPath)
    {
        var dotnet = FindDotnet();
        return $"env HOME=/tmp DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \"{dotnet}\" \"{attachProgram}\" attach \"{socketPath}\"";
    }

    private static string FindDotnet()
    {
        var self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        return RuntimeEnvironment.GetRuntimeDirectory() is { } r ? Path.GetFullPath(Path.Combine(r, "..", "..", "..", "dotnet")) : "dotnet";
    }

    /// <summary>The lab's users run the attach program from the state folder: every folder above it must let them through.</summary>
    private static void RequireReachableByOthers(string folder)
    {
        for (var dir = Path.GetDirectoryName(folder); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (!File.GetUnixFileMode(dir).HasFlag(UnixFileMode.OtherExecute))
            {
                throw new InvalidOperationException($"the state folder {folder} is inside {dir}, which the lab's users cannot enter (mode {Convert.ToString((int)File.GetUnixFileMode(dir), 8)}); choose a state folder under /tmp or chmod o+x {dir}");
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record LabEndpoints(string Lab, int Pid, int SshdPid, string StateDirectory, IReadOnlyList<ControllerEndpoint> Controllers);

internal sealed record ControllerEndpoint(string Name, string Host, int Port, string HostKeyFingerprint, IReadOnlyList<string> Users);
