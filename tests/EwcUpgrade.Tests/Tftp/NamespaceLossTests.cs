using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using EwcUpgrade.Testing;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>
/// Real random loss: a network namespace of the test's own, whose loopback drops a share of all UDP
/// datagrams with an nftables rule (this kernel has no netem). The server runs inside it (its sockets
/// are made on a thread that joined the namespace), and so do curl (lock-step) and atftp
/// (windowsize 16, one extra ACK on a gap, then silence until its 5 s timer) — both at once, on a
/// 16 MiB image. Every download must complete, byte-identical. Needs root (ip netns, nft);
/// scripts/install-deps.sh installs iproute2, nftables, curl and atftp.
/// </summary>
public sealed class NamespaceLossTests
{
    private const int ImageBytes = 16 << 20;

    [RootFact]
    public void Curl_and_atftp_windowed_complete_intact_at_5_percent_loss() => Run(lossPercent: 5, TimeSpan.FromSeconds(120));

    // At 20% almost every 16-block window loses a block and atftp accepts only in-order blocks, so
    // this one is slow: about 1 to 3 minutes on 2 shared cores. The bound is far above that.
    [RootFact]
    public void Curl_and_atftp_windowed_complete_intact_at_20_percent_loss() => Run(lossPercent: 20, TimeSpan.FromSeconds(400));

    private static void Run(int lossPercent, TimeSpan clientLimit)
    {
        using var net = new LossyNamespace(lossPercent);
        var root = Path.Combine(Path.GetTempPath(), "ewc-loss-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        try
        {
            var bytes = new byte[ImageBytes];
            new Random(lossPercent).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(root, "ap1g7"), bytes);
            var expected = TftpTestServer.Hash(bytes);
            var ended = new System.Collections.Concurrent.ConcurrentQueue<TftpTransfer>();
            using var server = net.StartServer(new TftpServerOptions { Root = root, Address = IPAddress.Loopback, Port = 0 });
            server.TransferEnded += (_, t) => ended.Enqueue(t);
            var port = server.LocalEndPoint.Port.ToString();

            var curlOut = Path.Combine(root, "curl.out");
            var atftpOut = Path.Combine(root, "atftp.out");
            var curl = net.Start("curl", "-sS", "--tftp-blksize", "1428", "-o", curlOut, $"tftp://127.0.0.1:{port}/ap1g7");
            var atftp = net.Start("atftp", "--option", "blksize 1428", "--option", "windowsize 16", "-g", "-r", "ap1g7", "-l", atftpOut, "127.0.0.1", port);
            var curlResult = curl.Finish(clientLimit);
            var atftpResult = atftp.Finish(clientLimit);

            Assert.True(curlResult.ExitCode == 0, $"curl failed at {lossPercent}% loss: {curlResult.Text}; server: {Describe(ended)}");
            Assert.True(atftpResult.ExitCode == 0, $"atftp failed at {lossPercent}% loss: {atftpResult.Text}; server: {Describe(ended)}");
            Assert.Equal(expected, TftpTestServer.Hash(File.ReadAllBytes(curlOut)));
            Assert.Equal(expected, TftpTestServer.Hash(File.ReadAllBytes(atftpOut)));
            Assert.True(net.Dropped() > 0, "the namespace must actually have dropped datagrams");
            // The server saw both through: a lost final ACK is no failure, and a repeated request
            // started no second transfer. Its end may trail the client's exit by the last-word wait.
            var until = DateTime.UtcNow.AddSeconds(60);
            while (ended.Count < 2 && DateTime.UtcNow < until) Thread.Sleep(50);
            Assert.True(ended.Count == 2 && ended.All(t => t.State == TftpTransferState.Completed), $"the server's transfers: {Describe(ended)}");
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }

    private static string Describe(IEnumerable<TftpTransfer> transfers) =>
        string.Join("; ", transfers.Select(t => $"{t.State} after {t.BytesTransferred} bytes, {t.Retransmissions} retransmissions {t.Error}"));

    /// <summary>A network namespace with its loopback up and a random-drop rule on its input; removed on Dispose.</summary>
    private sealed class LossyNamespace : IDisposable
    {
        private const int CloneNewNet = 0x40000000;
        private readonly List<ClientProcess> _processes = new();

        public LossyNamespace(int lossPercent)
        {
            Name = "ewc-loss-" + Guid.NewGuid().ToString("N")[..8];
            Command.Run("ip", "netns", "add", Name);
            try
            {
                Command.Run("ip", "netns", "exec", Name, "ip", "link", "set", "lo", "up");
                Command.Run("ip", "netns", "exec", Name, "nft", "add table inet ewc_loss");
                Command.Run("ip", "netns", "exec", Name, "nft",
                    "add chain inet ewc_loss input { type filter hook input priority 0; policy accept; }");
                Command.Run("ip", "netns", "exec", Name, "nft",
                    $"add rule inet ewc_loss input iif lo meta l4proto udp numgen random mod 100 < {lossPercent} counter drop");
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string Name { get; }

        /// <summary>
        /// Starts a server whose sockets live in the namespace: a socket belongs to the namespace of
        /// the thread that made it, and the listener thread (which makes every transfer's socket) is
        /// started from a thread that joined it. That thread then ends; no other thread moves.
        /// </summary>
        public TftpServer StartServer(TftpServerOptions options)
        {
            TftpServer? server = null;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    using var ns = File.OpenHandle($"/run/netns/{Name}");
                    if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0) throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
                    server = new TftpServer(options);
                    server.Start();
                }
                catch (Exception e) { failure = e; }
            });
            thread.Start();
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the server did not start");
            if (failure != null) throw new InvalidOperationException("could not start the server in the namespace", failure);
            return server!;
        }

        public ClientProcess Start(string program, params string[] arguments)
        {
            var path = new[] { "/usr/bin", "/bin", "/usr/local/bin" }.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
            Assert.True(path != null, $"'{program}' is not installed: run scripts/install-deps.sh");
            var process = new ClientProcess(program, new[] { "netns", "exec", Name, path! }.Concat(arguments).ToArray());
            _processes.Add(process);
            return process;
        }

        /// <summary>Datagrams the rule dropped so far.</summary>
        public long Dropped()
        {
            var listing = Command.Run("ip", "netns", "exec", Name, "nft", "list chain inet ewc_loss input");
            var match = System.Text.RegularExpressions.Regex.Match(listing, @"counter packets (\d+)");
            return match.Success ? long.Parse(match.Groups[1].Value) : 0;
        }

        public void Dispose()
        {
            foreach (var process in _processes) process.Dispose();
            try { Command.Run("ip", "netns", "del", Name); }
            catch (InvalidOperationException) { }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int setns(int fd, int nstype);
    }

    /// <summary>A client run under `ip netns exec`, its output collected; killed (with its tree) if it overruns or on Dispose.</summary>
    private sealed class ClientProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stdout, _stderr;

        public ClientProcess(string name, string[] arguments)
        {
            Name = name;
            var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            _process = Process.Start(start)!;
            _process.StandardInput.Close();
            _stdout = _process.StandardOutput.ReadToEndAsync();
            _stderr = _process.StandardError.ReadToEndAsync();
        }

        public string Name { get; }

        public (int ExitCode, string Text) Finish(TimeSpan limit)
        {
            if (!_process.WaitForExit(limit))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
                return (-1, $"{Name} did not finish within {limit.TotalSeconds:0} s");
            }
            _process.WaitForExit(); // the output readers
            return (_process.ExitCode, $"exit {_process.ExitCode}: {_stderr.Result.Trim()} {_stdout.Result.Trim()}");
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }

    private static class Command
    {
        /// <summary>Runs a short command (bounded at 30 s) and returns its output; throws with its error when it fails.</summary>
        public static string Run(string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            Process process;
            try { process = Process.Start(start)!; }
            catch (System.ComponentModel.Win32Exception) { throw new InvalidOperationException($"'{program}' is not installed: run scripts/install-deps.sh (iproute2, nftables)"); }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(30_000))
                {
                    process.Kill(entireProcessTree: true);
                    throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish within 30 s");
                }
                process.WaitForExit();
                if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {stderr.Result.Trim()}");
                return stdout.Result;
            }
        }
    }
}
