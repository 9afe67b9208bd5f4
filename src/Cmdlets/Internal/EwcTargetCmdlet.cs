using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Cli;
using EwcUpgrade.Controllers;
using EwcUpgrade.Fanout;
using EwcUpgrade.Inventory;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// The controller a command acts on, given as a session (Connect-Ewc), an inventory controller
/// (Import-EwcInventory) or a host name. Controllers and host names reuse an open session to the
/// same host, port and user, or connect on demand. A controller that cannot be reached is an error
/// for that controller only; the pipeline goes on with the next.
/// </summary>
public abstract class EwcTargetCmdlet : PSCmdlet, IDisposable
{
    protected const string SessionSet = "Session";
    protected const string ControllerSet = "Controller";
    protected const string HostNameSet = "HostName";

    [Parameter(ParameterSetName = SessionSet, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public EwcSession[] Session { get; set; } = null!;

    /// <summary>Inventory controllers (Import-EwcInventory), also after serialisation into a job.</summary>
    [Parameter(ParameterSetName = ControllerSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    [InventoryControllerTransformation]
    public InventoryController[] Controller { get; set; } = null!;

    /// <summary>Seconds to wait for each command's answer.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 60;

    /// <summary>Controllers worked on at once; the others wait for a free slot.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>
    /// Seconds each controller's whole work may take (connecting included); a controller past it
    /// is stopped and reported (ControllerDeadline), the others go on. None when not given.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSeconds { get; set; }

    /// <summary>Passed with every command: a reused session keeps nothing from the cmdlet that opened it.</summary>
    protected TimeSpan CommandTimeout => TimeSpan.FromSeconds(CommandTimeoutSeconds);

    private ControllerRunner? _runner;
    private RunnerPump? _pump;

    /// <summary>
    /// Whether the cmdlet only reads: its work is run once more on a new session after a dropped
    /// connection. Work that changes a device is never repeated.
    /// </summary>
    protected virtual bool ReadOnly => true;

    /// <summary>The runner of this invocation, created on first use (parameters are bound by then).</summary>
    private ControllerRunner Runner
    {
        get
        {
            if (_runner != null) return _runner;
            _runner = new ControllerRunner(new RunnerOptions
            {
                ThrottleLimit = ThrottleLimit,
                Deadline = PerControllerDeadline(),
                RetryOnDrop = ReadOnly,
            });
            _pump = new RunnerPump(this, _runner, MyInvocation.MyCommand.Name);
            return _runner;
        }
    }

    private TimeSpan? PerControllerDeadline() => MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSeconds)) ? TimeSpan.FromSeconds(TimeoutSeconds) : null;

    /// <summary>
    /// Queues the work for every target of this input object on the runner and writes what the
    /// workers said so far. Connecting happens on the worker too, so controllers connect in
    /// parallel; -TrustOnFirstUse's confirmation is asked here, on the pipeline thread.
    /// </summary>
    protected bool ForEachTarget(Action<EwcSession, ControllerContext> work) => ForEachTarget((session, ctx, _) => work(session, ctx));

    /// <summary>
    /// As <see cref="ForEachTarget(Action{EwcSession, ControllerContext})"/>, also handing the work its
    /// inventory controller (null for sessions and host names). False when a target of this input
    /// object was not queued (its error was written, or its first-use key was declined).
    /// </summary>
    protected bool ForEachTarget(Action<EwcSession, ControllerContext, InventoryController?> work)
    {
        var queued = Runner.Added;
        var given = 0;
        switch (ParameterSetName)
        {
            case SessionSet:
                given = Session.Length;
                foreach (var session in Session) Submit(session.Controller, ctx => work(session, ctx, null));
                break;
            case ControllerSet:
                given = Controller.Length;
                foreach (var controller in Controller)
                {
                    var endpoint = EndpointOf(controller);
                    if (endpoint == null || !ConfirmFirstUse(endpoint)) continue;
                    Submit(controller.Name, ctx => work(Open(endpoint, ctx), ctx, controller));
                }
                break;
            default:
                given = 1; // a host name, or an object with one
                foreach (var endpoint in Endpoints())
                {
                    if (!ConfirmFirstUse(endpoint)) continue;
                    Submit(endpoint.ControllerName ?? endpoint.HostName, ctx => work(Open(endpoint, ctx), ctx, null));
                }
                break;
        }
        _pump?.WriteAvailable();
        return Runner.Added - queued >= given;
    }

    /// <summary>How many controllers this invocation queued so far.</summary>
    protected int Queued => _runner?.Added ?? 0;

    /// <summary>Queues one controller's work; errors name <paramref name="controller"/> as their target.</summary>
    protected void Submit(string controller, Action<ControllerContext> work)
    {
        Runner.Add(new ControllerWork(controller, controller, work));
        _pump!.WriteAvailable();
    }

    /// <summary>Writes what the workers queued so far (from ProcessRecord: objects come out as controllers finish).</summary>
    protected void WriteAvailable() => _pump?.WriteAvailable();

    protected override void EndProcessing()
    {
        if (_runner == null) return;
        _runner.Complete();
        _pump!.WriteUntilDone();
    }

    /// <summary>
    /// Ctrl+C, a runbook's stop, -TimeoutSeconds of ForEach-Object -Parallel: every controller's
    /// token is cancelled, which ends its SSH read within ~100 ms and drops that connection (so no
    /// controller is left in configuration mode). Waits up to a second for the workers to finish.
    /// </summary>
    protected override void StopProcessing()
    {
        if (_runner == null) return;
        _runner.Stop();
        _runner.WaitIdle(TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// At the pipeline's end, also a stopped one: PowerShell may end a stopped pipeline before
    /// StopProcessing's wait is over, so the wait for the workers' cleanup (connections closed,
    /// half-opened sessions removed) is here too, on the pipeline thread, bounded by a second.
    /// </summary>
    public void Dispose()
    {
        if (_runner == null) return;
        _runner.Stop();
        _runner.WaitIdle(TimeSpan.FromSeconds(1));
        _runner.Dispose();
    }

    /// <summary>An open session to the endpoint (reused or new); runs on the worker.</summary>
    protected static EwcSession Open(EwcEndpoint endpoint, ControllerContext ctx)
    {
        ctx.Verbose($"Connecting to {endpoint.ControllerName ?? endpoint.HostName} ({endpoint}) unless a session with the same login and host-key check is open.");
        var session = EwcSessionRegistry.GetOrConnect(endpoint, ctx.Token, out var reused);
        ctx.Verbose(reused
            ? $"Reusing session {session.Id} to {session.Controller} ({endpoint})."
            : $"Opened session {session.Id} to {session.Controller} ({endpoint}), host key {session.HostKeyFingerprint}.");
        return session;
    }

    /// <summary>Endpoints for the Controller set (the HostName set adds its own).</summary>
    protected virtual IEnumerable<EwcEndpoint> Endpoints()
    {
        if (ParameterSetName != ControllerSet) yield break;
        foreach (var controller in Controller)
        {
            var endpoint = EndpointOf(controller);
            if (endpoint != null) yield return endpoint;
        }
    }

    protected EwcEndpoint? EndpointOf(InventoryController controller)
    {
        try
        {
            return controller.ToEndpoint();
        }
        catch (ArgumentException e)
        {
            WriteError(Errors.Record(EwcErrors.Classify(e), controller.Name));
            return null;
        }
    }

    /// <summary>The ShouldProcess answer, asked on the pipeline thread (-WhatIf text, -Confirm prompts) for a worker.</summary>
    protected bool ShouldProcessOnPipeline(ControllerContext ctx, string target, string action) =>
        ctx.OnPipeline(() => ShouldProcess(target, action), false);

    /// <summary>
    /// -WhatIf/-Confirm for trust on first use, in cmdlets that support them: a key that would be
    /// written to known_hosts is read first (key exchange only, no login), shown, and recorded only
    /// when confirmed, and then only that very key. With -WhatIf nothing is written and no login is
    /// attempted. A known or changed key needs no confirmation: nothing would be written.
    /// </summary>
    private bool ConfirmFirstUse(EwcEndpoint endpoint)
    {
        var policy = endpoint.HostKeyPolicy;
        if (!policy.TrustOnFirstUse || policy.PinnedFingerprints.Count > 0 || !SupportsShouldProcess) return true;
        if (EwcSessionRegistry.GetAll().Any(s => s.State != EwcSessionState.Closed && s.Endpoint.CanShareSessionWith(endpoint))) return true;
        HostKeyInfo key;
        try
        {
            key = HostKeyProbe.Read(endpoint.HostName, endpoint.Port, endpoint.ConnectTimeout);
        }
        catch (EwcConnectionException e)
        {
            WriteError(Errors.Record(EwcErrors.Classify(e), endpoint.ControllerName ?? endpoint.HostName));
            return false;
        }
        if (new KnownHostsFile(policy.KnownHostsPath).Check(endpoint.HostName, endpoint.Port, key.KeyBlob) != KnownHostVerdict.Unknown) return true;
        var what = $"Record the host key {key.Algorithm} {key.Fingerprint} of {KnownHostsFile.HostPattern(endpoint.HostName, endpoint.Port)} (trust on first use), then log in";
        if (!ShouldProcess(policy.KnownHostsPath, what)) return false;
        policy.FirstUseFingerprint = key.Fingerprint;
        return true;
    }

    private bool SupportsShouldProcess =>
        GetType().GetCustomAttributes(typeof(CmdletAttribute), inherit: false).OfType<CmdletAttribute>().Any(a => a.SupportsShouldProcess);
}
