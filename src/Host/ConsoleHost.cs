using System;
using System.Globalization;
using System.Management.Automation.Host;

namespace EwcUpgrade.Host;

/// <summary>The PSHost the engine talks to: identity, culture, and the exit code a top-level `exit N` sets.</summary>
internal sealed class ConsoleHost : PSHost
{
    private readonly HostUserInterface _ui = new();

    public override string Name => "EwcUpgradeHost";
    public override Version Version { get; } = typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    // Help files ship for en-US; an invariant process culture would find none.
    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture.Name.Length == 0 ? CultureInfo.GetCultureInfo("en-US") : CultureInfo.CurrentUICulture;

    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    public override void EnterNestedPrompt() => throw new NotSupportedException("ewcupgrade has no nested prompt.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("ewcupgrade has no nested prompt.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    public void FinishProgress() => _ui.FinishProgress();
}
