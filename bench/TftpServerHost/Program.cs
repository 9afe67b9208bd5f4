using System.Net;
using System.Runtime.InteropServices;
using EwcUpgrade.Tftp;

// usage: TftpServerHost <root> <port> [address]   — serves until SIGTERM/SIGINT, then stops cleanly.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: TftpServerHost <root> <port> [address]");
    return 64;
}
var server = new TftpServer(new TftpServerOptions
{
    Root = args[0],
    Port = int.Parse(args[1]),
    Address = args.Length > 2 ? IPAddress.Parse(args[2]) : IPAddress.Loopback,
    MaxSessions = 1024,
    MaxWindowSize = 64,
});
// One line per ended transfer, for bench/tftp-loss (retransmissions and failures).
server.TransferEnded += (_, t) => Console.WriteLine($"ended {t.RequestedName} {t.State} retransmissions {t.Retransmissions} {t.Error}");
// EWC_TFTP_LOG=1: every log line too, with the time, to follow one transfer through a loss run.
if (Environment.GetEnvironmentVariable("EWC_TFTP_LOG") == "1") server.Log += (_, e) => Console.WriteLine($"{e.Time:HH:mm:ss.fff} {e.Transfer?.Id} {e.Message}");
using var stop = new ManualResetEventSlim();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
server.Start();
Console.WriteLine($"ready {server.LocalEndPoint}");
stop.Wait();
server.Stop();
return 0;
