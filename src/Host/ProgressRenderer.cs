using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;

namespace EwcUpgrade.Host;

/// <summary>
/// Write-Progress on stderr: on a terminal, one line redrawn in place (the most recent activity);
/// when stderr is redirected, plain lines at most once a second per activity, plus each completion,
/// so logs of unattended runs stay readable.
/// </summary>
internal sealed class ProgressRenderer
{
    private static readonly TimeSpan s_plainInterval = TimeSpan.FromSeconds(1);
    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly Dictionary<int, TimeSpan> _lastPlain = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _drawnLength;

    public ProgressRenderer(TextWriter output, bool terminal)
    {
        _out = output;
        _terminal = terminal;
    }

    public void Render(ProgressRecord record)
    {
        if (_terminal) Redraw(record);
        else Plain(record);
    }

    public void Finish()
    {
        if (_drawnLength == 0) return;
        _out.Write("\r" + new string(' ', _drawnLength) + "\r");
        _drawnLength = 0;
        _out.Flush();
    }

    private void Redraw(ProgressRecord record)
    {
        if (record.RecordType == ProgressRecordType.Completed)
        {
            Finish();
            return;
        }
        var width = Math.Max(20, RawUserInterface.Width - 1);
        var line = Describe(record, bar: true);
        if (line.Length > width) line = line.Substring(0, width);
        _out.Write("\r" + line.PadRight(_drawnLength));
        _drawnLength = line.Length;
        _out.Flush();
    }

    private void Plain(ProgressRecord record)
    {
        var now = _clock.Elapsed;
        if (record.RecordType == ProgressRecordType.Completed)
        {
            if (_lastPlain.Remove(record.ActivityId)) _out.WriteLine($"{record.Activity}: done");
            return;
        }
        if (_lastPlain.TryGetValue(record.ActivityId, out var last) && now - last < s_plainInterval) return;
        _lastPlain[record.ActivityId] = now;
        _out.WriteLine(Describe(record, bar: false));
    }

    private static string Describe(ProgressRecord record, bool bar)
    {
        var text = $"{record.Activity}: {record.StatusDescription}";
        if (record.PercentComplete >= 0)
        {
            var percent = Math.Min(100, record.PercentComplete);
            text += bar ? $" [{new string('#', percent / 5).PadRight(20)}] {percent}%" : $" {percent}%";
        }
        if (record.SecondsRemaining >= 0) text += $", {record.SecondsRemaining} s left";
        return text;
    }
}
