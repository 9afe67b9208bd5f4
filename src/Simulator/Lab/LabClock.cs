namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// The lab's clock: lab time runs Factor times faster than real time, so a device timeout of 40 s,
/// a reload of minutes or a 70 MB CAPWAP transfer take a fraction of that in tests and demos.
/// </summary>
public sealed class LabClock(int factor)
{
    public int Factor { get; } = Math.Max(1, factor);

    /// <summary>The real time a span of lab time takes.</summary>
    public TimeSpan Real(TimeSpan lab) => lab / Factor;

    public TimeSpan RealSeconds(double labSeconds) => Real(TimeSpan.FromSeconds(labSeconds));

    /// <summary>Waits a span of lab time; false when cancelled first.</summary>
    public bool Wait(TimeSpan lab, CancellationToken cancel) => !cancel.WaitHandle.WaitOne(Real(lab));
}
