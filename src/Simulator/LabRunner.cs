using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using EwcUpgrade.Simulator.Lab;
using EwcUpgrade.Simulator.Transport;

namespace EwcUpgrade.Simulator;

/// <summary>Runs a lab: state folder, logins, host key, the attach socket, sshd; writes the endpoints; stops cleanly.</summary>
internal static class LabRunner
{
    private const int PortAttempts = 5;

    public static int Run(RunOptions options)
    {
        var lab = LabReader.Load(options.LabPath);
        using var stop = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
        using var state = StateFolder.Open(options.StateDirectory);
        var attachProgram = typeof(LabRunner).Assembly.Location;
        if (Posix.IsRoot) state.RequireReachableByOthers(Path.GetDirectoryName(attachProgram)!);

        // Disposed after sshd and the attach server (declared before them): the accounts go once their sessions have.
        using var logins = LabUsers.Prepare(lab, state.AuthorizedKeys, options.CreateUsers, Console.Error);
        var allowed = logins.Allowed;
        var fingerprint = HostKey.Ensure(state.Path);
        using var sessionLog = TextWriter.Synchronized(new StreamWriter(state.SessionLog, append: true) { AutoFlush = true });
        using var sshd = new SshdGroup(state.SshdLog);
        // Run by the login's shell (sh -c). A login to a reloading controller (its port, the last
        // word of SSH_CONNECTION, marked in the reloading folder) is cut right here, as the attach
        // server would cut it, but without a .NET process: a fleet's upgrade polls its reloading
        // controllers many times a second. Killing our parent, the session's sshd, ends the
        // connection without an SSH goodbye, as a device that goes away does.
        var reloading = state.PrepareReloading();
        var command = $"[ -e \"{reloading}/${{SSH_CONNECTION##* }}\" ] && {{ kill -KILL $PPID; exit 1; }}; " +
            $"exec \"{DotnetHost()}\" \"{attachProgram}\" attach \"{state.Socket}\"";

        // Free ports are picked, then bound by sshd: another program may take one in between, so retry.
        var ports = lab.Controllers.Select(c => c.Port > 0 ? c.Port : FreePort()).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var unbound = sshd.Start(ports, (slice, i) =>
            {
                var config = new SshdConfig(slice, HostKey.PathIn(state.Path), state.PidFileOf(i), state.AuthorizedKeys, allowed, command, ExposeAuthInfo: !Posix.IsRoot);
                File.WriteAllText(state.SshdConfigOf(i), config.Render());
                return state.SshdConfigOf(i);
            }, TimeSpan.FromSeconds(20));
            if (unbound.Count == 0) break;
            var fixedOnes = unbound.Where(p => lab.Controllers.Any(c => c.Port == p)).ToList();
            if (fixedOnes.Count > 0 || attempt == PortAttempts)
            {
                Console.Error.WriteLine($"error: sshd cannot listen on 127.0.0.1 port {string.Join(", ", fixedOnes.Count > 0 ? fixedOnes : unbound)} (in use?). Its log:\n{sshd.LogText()}");
                return 1;
            }
            ports = ports.Select(p => unbound.Contains(p) ? FreePort() : p).ToList();
        }
        // The ports are final only now. The server gets the whole map before it accepts anyone, and
        // nothing changes it after; a session arriving before this finds no socket and just fails.
        var clock = new LabClock(lab.ClockFactor);
        var apLogs = Path.Combine(state.Path, "ap-logs");
        Directory.CreateDirectory(apLogs);
        var controllers = lab.Controllers.Select((c, i) => new SimulatedController(c, ports[i], clock, apLogs, reloading)).ToList();
        using var attach = new AttachServer(state.Socket, controllers.ToDictionary(c => c.Port), new SessionUsers(Posix.IsRoot), () => sshd.Pids, sessionLog);

        var sshdPids = sshd.Pids;
        var endpoints = new LabEndpoints(lab.Name, Environment.ProcessId, sshdPids.FirstOrDefault(), sshdPids, state.Path,
            controllers.Select(c => new ControllerEndpoint(c.Hostname, "127.0.0.1", c.Port, fingerprint, c.Definition.Users.Select(u => u.Username).ToList())).ToList());
        var endpointsPath = Path.GetFullPath(options.EndpointsPath ?? Path.Combine(state.Path, "endpoints.json"));
        endpoints.Write(endpointsPath);
        foreach (var c in controllers)
        {
            Console.WriteLine($"{c.Hostname,-24} ssh -p {c.Port} {c.Definition.Users[0].Username}@127.0.0.1   ({c.Definition.Aps.Count} APs, {c.Definition.Release})");
        }
        Console.WriteLine($"host key {fingerprint}");
        Console.WriteLine($"ready {endpointsPath}");
        Console.Out.Flush();

        if (options.ExitOnStdinClose) new Thread(() => WaitForStdinClose(stop)) { IsBackground = true }.Start();
        stop.Wait();
        Console.WriteLine("stopping the lab");
        sshd.Stop();
        attach.Dispose();
        return 0;
    }

    private static void WaitForStdinClose(ManualResetEventSlim stop)
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (stdin.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        stop.Set();
    }

    /// <summary>The dotnet host running us, for the forced command; lab users must be able to run it.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        foreach (var dir in new[] { Environment.GetEnvironmentVariable("DOTNET_ROOT") }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')))
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
    }

    /// <summary>A port nothing listens on now (the OS's choice), for controllers with port 0.</summary>
    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
