using System;
using System.Linq;
using System.Management.Automation;
using System.Net;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>SecretManagement's Get-Secret as a credential lookup by name, when that module is installed.</summary>
internal static class SecretStore
{
    public static Func<string, NetworkCredential?>? For(CommandInvocationIntrinsics invoke)
    {
        var getSecret = invoke.GetCommand("Get-Secret", CommandTypes.Cmdlet | CommandTypes.Function);
        if (getSecret == null) return null;
        return name =>
        {
            try
            {
                var result = invoke.InvokeScript("param($n) Get-Secret -Name $n -ErrorAction Stop", false, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, name);
                return result.Select(r => r.BaseObject).OfType<PSCredential>().FirstOrDefault()?.GetNetworkCredential();
            }
            catch (RuntimeException)
            {
                return null; // not in any vault: the caller reports the credential as unavailable
            }
        };
    }
}
