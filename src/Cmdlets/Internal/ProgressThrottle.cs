using System.Diagnostics;
using System.Management.Automation;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// Writes a progress record at most a few times a second: the core reports per block, and a host
/// that renders every call would spend more time drawing than the transfer takes.
/// </summary>
internal sealed class ProgressThrottle
{
    private const long IntervalMs = 200;
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _last = -IntervalMs;

    public ProgressThrottle(Cmdlet cmdlet, int activityId, string activity, int parentId = -1)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(activityId, activity, "Starting") { ParentActivityId = parentId };
    }

    public void Report(long done, long? total, string? detail = null)
    {
        var now = _clock.ElapsedMilliseconds;
        if (now - _last < IntervalMs) return;
        _last = now;
        _record.StatusDescription = Sizes.Describe(done, total, now / 1000.0) + (detail == null ? "" : " " + detail);
        _record.PercentComplete = total is long t && t > 0 ? (int)System.Math.Min(100, 100 * done / t) : -1;
        _record.SecondsRemaining = Sizes.SecondsRemaining(done, total, now / 1000.0);
        _cmdlet.WriteProgress(_record);
    }

    public void Complete()
    {
        _record.RecordType = ProgressRecordType.Completed;
        _record.PercentComplete = 100;
        _cmdlet.WriteProgress(_record);
    }
}
