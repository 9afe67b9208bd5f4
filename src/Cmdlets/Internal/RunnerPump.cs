using System;
using System.Collections.Generic;
using System.Management.Automation;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// Writes what a ControllerRunner's workers queued, from the pipeline thread (the only thread
/// PowerShell takes output, records and progress from): objects as each controller delivers them,
/// one progress bar per controller under an overall bar, and each failure as that controller's
/// error record with the catalog's id.
/// </summary>
internal sealed class RunnerPump
{
    private const int OverallId = 1;
    private readonly Cmdlet _cmdlet;
    private readonly ControllerRunner _runner;
    private readonly string _activity;
    private readonly Dictionary<string, int> _bars = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ControllerResult> _results = new();

    public RunnerPump(Cmdlet cmdlet, ControllerRunner runner, string activity)
    {
        _cmdlet = cmdlet;
        _runner = runner;
        _activity = activity;
    }

    /// <summary>Every controller's result so far, in the order they finished.</summary>
    public IReadOnlyList<ControllerResult> Results => _results;

    /// <summary>Writes what is queued now, without waiting (between pipeline input objects).</summary>
    public void WriteAvailable()
    {
        while (_runner.Take(TimeSpan.Zero, out var message)) Write(message!);
    }

    /// <summary>Writes everything until every controller finished (EndProcessing).</summary>
    public void WriteUntilDone()
    {
        while (!_runner.IsDone)
        {
            if (_runner.Take(TimeSpan.FromMilliseconds(100), out var message)) Write(message!);
        }
        _cmdlet.WriteProgress(new ProgressRecord(OverallId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
    }

    private void Write(RunnerMessage message)
    {
        switch (message)
        {
            case RunnerOutput o:
                _cmdlet.WriteObject(o.Value, enumerateCollection: true);
                break;
            case RunnerText { Kind: RunnerTextKind.Verbose } v:
                _cmdlet.WriteVerbose(v.Text);
                break;
            case RunnerText { Kind: RunnerTextKind.Warning } w:
                _cmdlet.WriteWarning(w.Text);
                break;
            case RunnerText h:
                _cmdlet.WriteInformation(new HostInformationMessage { Message = h.Text }, new[] { "PSHOST", "EwcUpgrade" });
                break;
            case RunnerProgress p:
                _cmdlet.WriteProgress(new ProgressRecord(Bar(p.Controller), p.Controller, p.Status)
                {
                    ParentActivityId = OverallId,
                    PercentComplete = p.Percent ?? -1,
                });
                break;
            case RunnerCall c:
                c.Run();
                break;
            case RunnerError e:
                _cmdlet.WriteError(Errors.Record(e.Error, e.Target ?? e.Controller));
                break;
            case RunnerFinished f:
                _results.Add(f.Result);
                if (_bars.TryGetValue(f.Controller, out var id))
                {
                    _cmdlet.WriteProgress(new ProgressRecord(id, f.Controller, f.Result.Outcome.ToString()) { ParentActivityId = OverallId, RecordType = ProgressRecordType.Completed });
                }
                var total = Math.Max(1, _runner.Added);
                _cmdlet.WriteProgress(new ProgressRecord(OverallId, _activity, $"{_runner.Finished} of {_runner.Added} controllers done")
                {
                    PercentComplete = Math.Min(100, 100 * _runner.Finished / total),
                });
                break;
        }
    }

    private int Bar(string controller)
    {
        if (!_bars.TryGetValue(controller, out var id)) _bars[controller] = id = OverallId + 1 + _bars.Count;
        return id;
    }
}
