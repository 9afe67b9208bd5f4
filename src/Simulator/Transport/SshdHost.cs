using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// One of the lab's real OpenSSH sshd processes, run in the foreground (`sshd -D -e -f config`) with
/// its log lines copied to the lab's sshd.log (a writer SshdGroup shares among its sshds). Started,
/// checked and stopped by the simulator.
/// </summary>
internal sealed partial class SshdHost : IDisposable
{
    private static readonly string[] s_candidates = ["/usr/sbin/sshd", "/usr/local/sbin/sshd", "/usr/bin/sshd"];
    // sshd's lines while Start waits for it to listen; after that only the log file gets them.
    private readonly List<string> _lines = new();
    private bool _buffering;
    private TextWriter? _log;
    private Process? _process;

    /// <summary>The log writer is the caller's: it must be synchronized, and stay open until this is stopped.</summary>
    public SshdHost(TextWriter log)
    {
        _log = log;
    }

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public static string Program => s_candidates.FirstOrDefault(File.Exists)
        ?? throw new LabStartException("OpenSSH's sshd is not installed (apt-get install openssh-server).");

    /// <summary>
    /// Starts sshd and waits (bounded) until it listens on every port. Returns the ports it could
    /// not bind (sshd is stopped again then); throws with sshd's own log lines when it fails otherwise.
    /// </summary>
    public IReadOnlyList<int> Start(string configPath, IReadOnlyList<int> ports, TimeSpan timeout)
    {
        if (Posix.IsRoot) Directory.CreateDirectory("/run/sshd"); // sshd's privilege separation folder
        var info = new ProcessStartInfo(Program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in new[] { "-D", "-e", "-f", configPath }) info.ArgumentList.Add(a);
        lock (_lines)
        {
            _lines.Clear();
            _buffering = true;
        }
        try
        {
            return WaitUntilListening(info, ports, timeout);
        }
        finally
        {
            lock (_lines) _buffering = false;
        }
    }

    private IReadOnlyList<int> WaitUntilListening(ProcessStartInfo info, IReadOnlyList<int> ports, TimeSpan timeout)
    {
        _process = Process.Start(info) ?? throw new LabStartException("cannot start sshd");
        _process.StandardInput.Close();
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (listening, failed) = Progress(ports);
            if (failed.Count > 0 && listening.Count + failed.Count == ports.Count)
            {
                Stop();
                return failed;
            }
            if (listening.Count == ports.Count)
            {
                lock (_lines) _lines.Clear(); // needed only to report a failed start
                return [];
            }
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the log lines
                if (Progress(ports).Failed is { Count: > 0 } unbound)
                {
                    Stop();
                    return unbound;
                }
                throw new LabStartException($"sshd exited ({_process.ExitCode}) before it listened. Its log:\n{LogText()}");
            }
            if (DateTime.UtcNow > deadline)
            {
                Stop();
                throw new LabStartException($"sshd does not listen on every port after {timeout.TotalSeconds:0} s. Its log:\n{LogText()}");
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>sshd's lines from the last Start, for a start that failed.</summary>
    public string LogText()
    {
        lock (_lines) return string.Join('\n', _lines);
    }

    private (List<int> Listening, List<int> Failed) Progress(IReadOnlyList<int> ports)
    {
        var listening = new List<int>();
        var failed = new List<int>();
        lock (_lines)
        {
            foreach (var line in _lines)
            {
                if (ListeningLine().Match(line) is { Success: true } l) listening.Add(int.Parse(l.Groups[1].Value));
                if (BindFailedLine().Match(line) is { Success: true } f) failed.Add(int.Parse(f.Groups[1].Value));
            }
        }
        return (listening.Intersect(ports).ToList(), failed.Intersect(ports).ToList());
    }

    private void Record(string? line)
    {
        if (line == null) return;
        lock (_lines)
        {
            if (_buffering && _lines.Count < 10000) _lines.Add(line);
            _log?.WriteLine(line);
        }
    }

    /// <summary>SIGTERM, a bounded wait, then SIGKILL. Open sessions end when their attach processes lose the simulator.</summary>
    public void Stop()
    {
        var p = _process;
        _process = null;
        if (p != null)
        {
            try
            {
                if (!p.HasExited)
                {
                    Posix.Signal(p.Id, Posix.SigTerm);
                    if (!p.WaitForExit(5000)) p.Kill();
                }
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
            p.Dispose();
        }
        // Under the lock: a line still on its way must not reach the writer once its owner may close it.
        lock (_lines) _log = null;
    }

    public void Dispose() => Stop();

    [GeneratedRegex(@"Server listening on 127\.0\.0\.1 port (\d+)\.")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Bind to port (\d+) on 127\.0\.0\.1 failed")]
    private static partial Regex BindFailedLine();
}
