using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace EwcUpgrade.Module.Tests.Support;

/// <summary>What one script run produced, stream by stream.</summary>
public sealed class PsResult
{
    public required Collection<PSObject> Output { get; init; }
    public required IReadOnlyList<ErrorRecord> Errors { get; init; }
    public required IReadOnlyList<string> Verbose { get; init; }
    public required IReadOnlyList<ProgressRecord> Progress { get; init; }
    public required IReadOnlyList<InformationRecord> Information { get; init; }

    public PSObject Single() => Assert.Single(Output);

    public PsResult AssertNoErrors()
    {
        Assert.True(Errors.Count == 0, "Unexpected errors: " + string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return this;
    }
}

/// <summary>
/// A real runspace on the PowerShell engine with the built module imported, as a user's session
/// would have it. CreateDefault2 because the engine package has no console host.
/// </summary>
public sealed class PsSession : IDisposable
{
    private readonly Runspace _runspace;

    public PsSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { RepoPaths.Manifest });
        state.ThrowOnRunspaceOpenError = true;
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    public PsResult Run(string script, Dictionary<string, object?>? variables = null)
    {
        using var ps = Create(script, variables);
        var output = ps.Invoke();
        return Collect(ps, output);
    }

    /// <summary>A pipeline to drive by hand (BeginInvoke / Stop), for foreground cmdlets.</summary>
    public PowerShell Create(string script, Dictionary<string, object?>? variables = null)
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }
        ps.AddScript(script);
        return ps;
    }

    public static PsResult Collect(PowerShell ps, Collection<PSObject> output) => new()
    {
        Output = output,
        Errors = ps.Streams.Error.ToList(),
        Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
        Progress = ps.Streams.Progress.ToList(),
        Information = ps.Streams.Information.ToList(),
    };

    public void Dispose() => _runspace.Dispose();
}
