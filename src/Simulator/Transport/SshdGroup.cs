namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// The lab's sshd processes: one per PortsPerSshd controllers, because one sshd listens on at most
/// 16 addresses (OpenSSH's compile-time MAX_LISTEN_SOCKS; past it sshd exits with "Too many listen
/// sockets"), and a lab may have a hundred controllers. All share the host key, the forced command
/// and sshd.log; each has a config (sshd_config, sshd_config.2, ...) and a pid file of its own.
/// </summary>
internal sealed class SshdGroup : IDisposable
{
    /// <summary>OpenSSH's MAX_LISTEN_SOCKS (sshd.c), the same in every release so far.</summary>
    public const int PortsPerSshd = 16;

    private readonly TextWriter _log;
    private readonly List<SshdHost> _hosts = new();
    private string _stoppedLog = "";

    public SshdGroup(string logPath)
    {
        _log = TextWriter.Synchronized(new StreamWriter(logPath, append: true) { AutoFlush = true });
    }

    /// <summary>The listening sshd processes: per-connection processes are their children.</summary>
    public IReadOnlyList<int> Pids
    {
        get
        {
            lock (_hosts) return _hosts.Select(h => h.Pid).OfType<int>().ToList();
        }
    }

    /// <summary>
    /// Starts one sshd per slice of the ports, each on the config writeConfig(slice, index) writes
    /// (it returns the config's path), and waits until every one listens. Returns the ports that
    /// could not be bound, with every sshd stopped again then; throws as SshdHost.Start does.
    /// </summary>
    public IReadOnlyList<int> Start(IReadOnlyList<int> ports, Func<IReadOnlyList<int>, int, string> writeConfig, TimeSpan timeout)
    {
        Stop();
        var unbound = new List<int>();
        var slices = ports.Chunk(PortsPerSshd).ToList();
        for (var i = 0; i < slices.Count; i++)
        {
            var host = new SshdHost(_log);
            lock (_hosts) _hosts.Add(host);
            unbound.AddRange(host.Start(writeConfig(slices[i], i), slices[i], timeout));
        }
        if (unbound.Count > 0) Stop();
        return unbound;
    }

    /// <summary>The sshds' lines from the last Start (kept when it stopped them), for a start that failed.</summary>
    public string LogText()
    {
        lock (_hosts) return _hosts.Count == 0 ? _stoppedLog : HostsLog();
    }

    private string HostsLog() => string.Join('\n', _hosts.Select(h => h.LogText()).Where(t => t.Length > 0));

    public void Stop()
    {
        List<SshdHost> hosts;
        lock (_hosts)
        {
            hosts = _hosts.ToList();
            if (hosts.Count > 0) _stoppedLog = HostsLog();
            _hosts.Clear();
        }
        foreach (var h in hosts) h.Stop();
    }

    public void Dispose()
    {
        Stop();
        _log.Dispose();
    }
}
