using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Cmdlets;

/// <summary>The image servers running in this session; with -IncludeStopped the last stopped ones too.</summary>
[Cmdlet(VerbsCommon.Get, "ImageServer", DefaultParameterSetName = IdSet)]
[OutputType(typeof(ImageServer))]
public sealed class GetImageServer : PSCmdlet
{
    private const string IdSet = "Id";
    private const string ServerIdSet = "ServerId";

    // Not bound by property name: processes, jobs and transfers all have an Id of their own.
    [Parameter(ParameterSetName = IdSet, Position = 0)]
    [ArgumentCompleter(typeof(ImageServerIdCompleter))]
    public int[]? Id { get; set; }

    /// <summary>The server of piped transfers (Get-ImageTransfer | Get-ImageServer).</summary>
    [Parameter(ParameterSetName = ServerIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageServerIdCompleter))]
    public int[] ServerId { get; set; } = null!;

    /// <summary>Also the last stopped servers (State Stopped), whose transfers Get-ImageTransfer still shows.</summary>
    [Parameter]
    public SwitchParameter IncludeStopped { get; set; }

    protected override void ProcessRecord()
    {
        var ids = ParameterSetName == ServerIdSet ? ServerId : Id;
        if (ids == null)
        {
            if (IncludeStopped) WriteObject(ImageServerRegistry.GetStopped(), enumerateCollection: true);
            WriteObject(ImageServerRegistry.GetAll(), enumerateCollection: true);
            return;
        }
        WriteObject(ServerLookup.ById(this, ids, IncludeStopped), enumerateCollection: true);
    }
}
