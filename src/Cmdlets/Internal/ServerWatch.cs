using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// Start-ImageServer -Wait: keeps the pipeline thread (the only one allowed to write to the host)
/// showing the server's log and a progress bar per live transfer, until asked to stop; then stops
/// the server. Server threads only enqueue; they never touch the host.
/// </summary>
internal sealed class ServerWatch
{
    private const int TickMs = 250;
    private const int MaxTransferBars = 8;
    private const int SummaryId = 1;
    /// <summary>Log lines waiting for the console; beyond this they are counted, not kept (a slow terminal must not grow the process).</summary>
    internal const int MaxQueuedLines = 1000;

    private readonly PSCmdlet _cmdlet;
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly ConcurrentQueue<ImageServerLogEntry> _lines = new();
    private readonly HashSet<long> _shown = new();
    private int _queued;
    private long _dropped;

    public ServerWatch(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    public void RequestStop() => _stop.Set();

    public void Run(ImageServer server)
    {
        EventHandler<ImageServerLogEntry> onLog = (_, entry) =>
        {
            if (Interlocked.Increment(ref _queued) > MaxQueuedLines)
            {
                Interlocked.Decrement(ref _queued);
                Interlocked.Increment(ref _dropped);
                return;
            }
            _lines.Enqueue(entry);
        };
        server.LogWritten += onLog;
        try
        {
            Say($"Serving {server.Root} on {server.Name}. Press Ctrl+C to stop.");
            while (!_stop.Wait(TickMs))
            {
                Flush();
                ShowTransfers(server);
            }
        }
        finally
        {
            // Stop first: after Ctrl+C every write to the host throws PipelineStoppedException,
            // and the server must go down whatever the host does.
            server.Stop();
            server.LogWritten -= onLog;
            var report = AbortReport(server);
            try
            {
                ClearBars();
                Flush();
                foreach (var line in report) _cmdlet.WriteWarning(line);
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C: the pipeline takes no more records, but the console must still say which
                // transfers the stop cut off (they are also in the log and in Get-ImageTransfer).
                TellHost(report);
            }
        }
    }

    private static List<string> AbortReport(ImageServer server)
    {
        var aborted = server.AbortedTransfers;
        var lines = new List<string>();
        if (aborted.Count == 0) return lines;
        lines.Add($"Stopping {server.Name} cut off {aborted.Count} transfer(s); each client was sent \"{Tftp.TftpServer.ShutdownMessage}\":");
        lines.AddRange(aborted.Select(t =>
            $"  {t.Client} {t.File}: {Sizes.Describe(t.BytesTransferred, t.TotalBytes, t.Elapsed.TotalSeconds)}"));
        lines.Add("Get-ImageTransfer -State Failed lists them.");
        return lines;
    }

    private void TellHost(IEnumerable<string> lines)
    {
        try
        {
            var ui = _cmdlet.Host?.UI;
            if (ui == null) return;
            foreach (var line in lines) ui.WriteWarningLine(line);
        }
        catch (Exception e) when (e is PipelineStoppedException or System.IO.IOException or NotImplementedException or InvalidOperationException) { }
    }

    private void ShowTransfers(ImageServer server)
    {
        var live = server.GetTransfers().Where(t => t.IsActive).ToList();
        var rate = live.Sum(t => t.BytesPerSecond) / 1e6;
        _cmdlet.WriteProgress(new ProgressRecord(SummaryId, $"TFTP server {server.Name}",
            $"{live.Count} active, {server.CompletedCount} completed, {server.FailedCount} failed, {rate:0.0} MB/s"));

        var visible = live.OrderBy(t => t.StartTime).Take(MaxTransferBars).ToList();
        foreach (var transfer in visible)
        {
            _shown.Add(transfer.Id);
            _cmdlet.WriteProgress(new ProgressRecord(ActivityId(transfer.Id), $"{transfer.Client} {transfer.File}",
                Sizes.Describe(transfer.BytesTransferred, transfer.TotalBytes, transfer.Elapsed.TotalSeconds))
            {
                ParentActivityId = SummaryId,
                PercentComplete = transfer.PercentComplete is double p ? (int)p : -1,
            });
        }
        foreach (var id in _shown.Where(id => visible.All(t => t.Id != id)).ToList())
        {
            Complete(ActivityId(id));
            _shown.Remove(id);
        }
    }

    private void ClearBars()
    {
        foreach (var id in _shown) Complete(ActivityId(id));
        _shown.Clear();
        Complete(SummaryId);
    }

    private void Complete(int activityId) =>
        _cmdlet.WriteProgress(new ProgressRecord(activityId, "TFTP", "done") { RecordType = ProgressRecordType.Completed });

    private void Flush()
    {
        while (_lines.TryDequeue(out var entry))
        {
            Interlocked.Decrement(ref _queued);
            Say(entry.Message);
        }
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped > 0) Say($"… {dropped} log lines not shown: the console fell behind (the server's GetLog() and -LogPath keep them).");
    }

    // Shown like Write-Host (tagged PSHOST), so it appears whatever $InformationPreference is, and
    // is still capturable with -InformationVariable.
    private void Say(string message) =>
        _cmdlet.WriteInformation(new HostInformationMessage { Message = message }, new[] { "PSHOST", "EwcUpgrade", "ImageServer" });

    private static int ActivityId(long transferId) => 2 + (int)(transferId % 1_000_000);
}
