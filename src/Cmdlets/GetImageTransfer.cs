using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Transfers of the session's image servers, running or recently stopped: the live ones and a
/// history of the last thousand per server. Each object keeps reading through to its live transfer.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ImageTransfer")]
[OutputType(typeof(ImageTransfer))]
public sealed class GetImageTransfer : PSCmdlet
{
    // No "Id" alias: bound by property name it would take any process's or job's Id. Servers come
    // through InputObject (Get-ImageServer | Get-ImageTransfer), transfers through ServerId.
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageServerIdCompleter))]
    public int[]? ServerId { get; set; }

    /// <summary>Servers from Get-ImageServer or Start-ImageServer -PassThru.</summary>
    [Parameter(ValueFromPipeline = true)]
    public ImageServer[]? InputObject { get; set; }

    [Parameter]
    [ValidateSet("Active", "Completed", "Failed", "Declined", IgnoreCase = true)]
    public string? State { get; set; }

    [Parameter]
    [SupportsWildcards]
    public string? Client { get; set; }

    [Parameter]
    [SupportsWildcards]
    public string? File { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var server in Servers())
        {
            foreach (var transfer in server.GetTransfers().Where(Selected)) WriteObject(transfer);
        }
    }

    private IEnumerable<ImageServer> Servers()
    {
        if (InputObject != null) return InputObject;
        // Stopped servers too: their finished transfers are what is asked about after Ctrl+C.
        return ServerId == null ? ImageServerRegistry.GetStopped().Concat(ImageServerRegistry.GetAll()) : ServerLookup.ById(this, ServerId, includeStopped: true);
    }

    private bool Selected(ImageTransfer transfer) =>
        (State == null || (State.Equals("Active", System.StringComparison.OrdinalIgnoreCase) ? transfer.IsActive : transfer.State.ToString().Equals(State, System.StringComparison.OrdinalIgnoreCase))) &&
        Like(transfer.Client, Client) && Like(transfer.File, File);

    private static bool Like(string value, string? pattern) =>
        pattern == null || new WildcardPattern(pattern, WildcardOptions.IgnoreCase).IsMatch(value);
}
