using System.Management.Automation;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// Paths are resolved against PowerShell's current location, not the process's working
/// directory, which differ as soon as a script uses Set-Location.
/// </summary>
internal static class PathResolver
{
    public static string Resolve(PSCmdlet cmdlet, string path) =>
        cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
