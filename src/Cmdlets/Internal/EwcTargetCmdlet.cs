using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Cli;
using EwcUpgrade.Controllers;
using EwcUpgrade.Inventory;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// The controller a command acts on, given as a session (Connect-Ewc), an inventory controller
/// (Import-EwcInventory) or a host name. Controllers and host names reuse an open session to the
/// same host, port and user, or connect on demand. A controller that cannot be reached is an error
/// for that controller only; the pipeline goes on with the next.
/// </summary>
public abstract class EwcTargetCmdlet : PSCmdlet
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

    /// <summary>Passed with every command: a reused session keeps nothing from the cmdlet that opened it.</summary>
    protected TimeSpan CommandTimeout => TimeSpan.FromSeconds(CommandTimeoutSeconds);

    /// <summary>The sessions to act on, one per target; failures to connect are written as errors.</summary>
    protected IEnumerable<EwcSession> Targets()
    {
        if (ParameterSetName == SessionSet)
        {
            foreach (var session in Session) yield return session;
            yield break;
        }
        foreach (var endpoint in Endpoints())
        {
            if (!ConfirmFirstUse(endpoint)) continue;
            var session = Open(endpoint);
            if (session != null) yield return session;
        }
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
            WriteError(Errors.CredentialMissingRecord(e, controller.Name));
            return null;
        }
    }

    /// <summary>An open session to the endpoint (reused or new), or null after writing why not.</summary>
    protected EwcSession? Open(EwcEndpoint endpoint)
    {
        try
        {
            WriteVerbose($"Connecting to {endpoint.ControllerName ?? endpoint.HostName} ({endpoint}) unless a session with the same login and host-key check is open.");
            var session = EwcSessionRegistry.GetOrConnect(endpoint, out var reused);
            WriteVerbose(reused
                ? $"Reusing session {session.Id} to {session.Controller} ({endpoint})."
                : $"Opened session {session.Id} to {session.Controller} ({endpoint}), host key {session.HostKeyFingerprint}.");
            return session;
        }
        catch (Exception e) when (e is EwcConnectionException or ArgumentException or TimeoutException or EwcCommandException)
        {
            WriteError(Errors.Record(e, ErrorId(e), Errors.CategoryOf(e), endpoint.ControllerName ?? endpoint.HostName));
            return null;
        }
    }

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
            WriteError(Errors.Record(e, "ConnectionFailed", ErrorCategory.ConnectionError, endpoint.ControllerName ?? endpoint.HostName));
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

    /// <summary>Runs an action on a session; device and connection failures become that controller's error record.</summary>
    protected void RunOn(EwcSession session, Action<EwcSession> action)
    {
        try
        {
            action(session);
        }
        catch (Exception e) when (e is EwcConnectionException or EwcCommandException or TimeoutException or Parsers.CliParseException or EwcSessionClosedException or ArgumentException)
        {
            WriteError(Errors.Record(e, ErrorId(e), Errors.CategoryOf(e), session.Controller));
        }
    }

    protected void ForEachTarget(Action<EwcSession> action)
    {
        foreach (var session in Targets()) RunOn(session, action);
    }

    private static string ErrorId(Exception e) => e switch
    {
        EwcHostKeyException { Changed: true } => "HostKeyChanged",
        EwcHostKeyException => "HostKeyUnknown",
        EwcCommandException => "DeviceCommandFailed",
        EwcTimeoutException => "DeviceTimeout",
        EwcConnectionException => "ConnectionFailed",
        Parsers.CliParseException => "DeviceOutputNotUnderstood",
        EwcSessionClosedException => "SessionClosed",
        ArgumentException => "InvalidCommand",
        _ => "ControllerError",
    };
}
