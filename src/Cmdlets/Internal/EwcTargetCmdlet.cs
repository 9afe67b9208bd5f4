using System;
using System.Collections.Generic;
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

    [Parameter(ParameterSetName = ControllerSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
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
            WriteError(Errors.Record(e, "CredentialMissing", ErrorCategory.AuthenticationError, controller.Name));
            return null;
        }
    }

    /// <summary>An open session to the endpoint (reused or new), or null after writing why not.</summary>
    protected EwcSession? Open(EwcEndpoint endpoint)
    {
        try
        {
            WriteVerbose($"Connecting to {endpoint.ControllerName ?? endpoint.HostName} ({endpoint}) unless a session is open.");
            return EwcSessionRegistry.GetOrConnect(endpoint);
        }
        catch (Exception e) when (e is EwcConnectionException or ArgumentException or TimeoutException or EwcCommandException)
        {
            WriteError(Errors.Record(e, ErrorId(e), Errors.CategoryOf(e), endpoint.ControllerName ?? endpoint.HostName));
            return null;
        }
    }

    /// <summary>Runs an action on a session; device and connection failures become that controller's error record.</summary>
    protected void RunOn(EwcSession session, Action<EwcSession> action)
    {
        try
        {
            action(session);
        }
        catch (Exception e) when (e is EwcConnectionException or EwcCommandException or TimeoutException or Parsers.CliParseException or ObjectDisposedException or ArgumentException)
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
        ObjectDisposedException => "SessionClosed",
        ArgumentException => "InvalidCommand",
        _ => "ControllerError",
    };
}
