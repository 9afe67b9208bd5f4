using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// Invoke-ApUpgrade -AsJob: the same command with the same parameters in a runspace of this
/// process, its streams the job's (Receive-Job shows output, errors, warnings, progress and the
/// console lines). In-process, so sessions, inventory credentials and the module's own image
/// servers are the caller's, nothing serialised. Stop-Job stops it as Ctrl+C would.
/// </summary>
internal sealed class ApUpgradeJob : Job
{
    private readonly PowerShell _shell;
    private readonly Runspace _runspace;

    private ApUpgradeJob(string command, PowerShell shell, Runspace runspace) : base(command, "ApUpgrade")
    {
        _shell = shell;
        _runspace = runspace;
        PSJobTypeName = "EwcUpgradeJob";
    }

    public static ApUpgradeJob Start(PSCmdlet cmdlet, IReadOnlyList<object> targets)
    {
        var module = cmdlet.MyInvocation.MyCommand.Module;
        var state = InitialSessionState.CreateDefault2();
        if (module != null)
        {
            // The manifest when the module came through it, else the assembly it was imported from.
            var manifest = System.IO.Path.Combine(module.ModuleBase, "EwcUpgrade.psd1");
            state.ImportPSModule(new[] { System.IO.File.Exists(manifest) ? manifest : module.Path });
        }
        var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand(cmdlet.MyInvocation.MyCommand.Name);
        foreach (var p in cmdlet.MyInvocation.BoundParameters.Where(p => p.Key is not ("AsJob" or "Session" or "Controller" or "HostName" or "WhatIf" or "Confirm")))
        {
            shell.AddParameter(p.Key, p.Value);
        }
        // Confirmed on the caller's side already (ProcessRecord): the job has no one to ask.
        shell.AddParameter("Confirm", false);
        var job = new ApUpgradeJob(cmdlet.MyInvocation.Line.Trim(), shell, runspace);
        shell.Streams.Error = job.Error;
        shell.Streams.Warning = job.Warning;
        shell.Streams.Verbose = job.Verbose;
        shell.Streams.Debug = job.Debug;
        shell.Streams.Progress = job.Progress;
        shell.Streams.Information = job.Information;
        var input = new PSDataCollection<object>(targets);
        input.Complete();
        job.SetJobState(JobState.Running);
        shell.BeginInvoke(input, job.Output, null, job.Ended, null);
        return job;
    }

    private void Ended(IAsyncResult result)
    {
        try
        {
            _shell.EndInvoke(result);
            SetJobState(JobState.Completed); // as Start-Job: a controller's error is non-terminating
        }
        catch (PipelineStoppedException)
        {
            SetJobState(JobState.Stopped);
        }
        catch (RuntimeException e)
        {
            Error.Add(e.ErrorRecord);
            SetJobState(JobState.Failed);
        }
        finally
        {
            _runspace.Dispose();
        }
    }

    public override string StatusMessage => "";
    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Progress.Count > 0 || Information.Count > 0 || Verbose.Count > 0;
    public override string Location => Environment.MachineName;

    public override void StopJob()
    {
        if (JobStateInfo.State is JobState.Completed or JobState.Failed or JobState.Stopped) return;
        _shell.Stop();
    }
}
