using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EwcUpgrade.Cli;
using EwcUpgrade.Controllers;
using EwcUpgrade.Parsers;

namespace EwcUpgrade.Capture;

/// <summary>
/// Runs a capture's commands on a controller and keeps their output, masked. Only the commands of
/// CaptureCommands run (all `show`, read-only). `show version` always runs, first, because it names
/// the release and model the capture is filed under; its output is kept only when it was asked for.
/// A command the device rejects is kept as rejected with the device's text; the others go on.
/// </summary>
public static class CaptureReader
{
    public static DeviceCapture Take(EwcSession session, IReadOnlyList<CaptureCommand> commands, TimeSpan? timeout = null, CancellationToken cancel = default) =>
        // The controller's name is read after the commands: a session not yet connected knows only its host name.
        Take(() => session.Controller, command => session.Execute(command, timeout, cancel), commands, SecretsOf(session), cancel);

    /// <summary>The reading itself, over any way of running a command (tests give a scripted device).</summary>
    public static DeviceCapture Take(string controller, Func<string, string> execute, IReadOnlyList<CaptureCommand> commands,
        IEnumerable<string?>? secrets = null, CancellationToken cancel = default) =>
        Take(() => controller, execute, commands, secrets, cancel);

    private static DeviceCapture Take(Func<string> controller, Func<string, string> execute, IReadOnlyList<CaptureCommand> commands,
        IEnumerable<string?>? secrets, CancellationToken cancel)
    {
        var known = (secrets ?? Array.Empty<string?>()).ToList();
        var startedAt = DateTime.UtcNow;
        var version = commands.FirstOrDefault(c => c.Text == CliCommands.ShowVersion)
            ?? new CaptureCommand(CliCommands.ShowVersion, nameof(ShowVersion));
        var versionResult = Run(version, execute, known);
        VersionInfo? info = null;
        if (versionResult.Status == CapturedStatus.Captured)
        {
            try
            {
                info = ShowVersion.Parse(versionResult.Text);
            }
            catch (CliParseException)
            {
                // Filed under "unknown-release": the raw output is exactly what a parser fix needs.
            }
        }
        var results = new List<CapturedCommand>();
        foreach (var command in commands)
        {
            cancel.ThrowIfCancellationRequested();
            results.Add(ReferenceEquals(command, version) ? versionResult : Run(command, execute, known));
        }
        return new DeviceCapture(controller(), info?.Version, info?.Model, info?.Software, startedAt, results);
    }

    private static CapturedCommand Run(CaptureCommand command, Func<string, string> execute, IReadOnlyList<string?> secrets)
    {
        var at = DateTime.UtcNow;
        try
        {
            var output = execute(command.Text);
            return new CapturedCommand(command, CapturedStatus.Captured, CaptureMasker.Apply(output, secrets), at) { HeldKnownSecret = Holds(output, secrets) };
        }
        catch (EwcCommandException e)
        {
            return new CapturedCommand(command, CapturedStatus.Rejected, CaptureMasker.Apply(e.DeviceText, secrets), at) { HeldKnownSecret = Holds(e.DeviceText, secrets) };
        }
    }

    private static bool Holds(string text, IReadOnlyList<string?> secrets) =>
        secrets.Any(secret => !string.IsNullOrEmpty(secret) && text.IndexOf(secret, StringComparison.Ordinal) >= 0);

    /// <summary>The secrets the session knows: its login and enable passwords (the CLI masks what it sent itself).</summary>
    internal static IEnumerable<string?> SecretsOf(EwcSession session)
    {
        yield return session.Endpoint.Credential?.Password;
        yield return session.Endpoint.EnablePassword;
    }
}
