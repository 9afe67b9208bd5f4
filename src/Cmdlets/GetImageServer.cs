using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Cmdlets;

/// <summary>The image servers running in this session.</summary>
[Cmdlet(VerbsCommon.Get, "ImageServer")]
[OutputType(typeof(ImageServer))]
public sealed class GetImageServer : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ServerId")]
    [ArgumentCompleter(typeof(ImageServerIdCompleter))]
    public int[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        if (Id == null)
        {
            WriteObject(ImageServerRegistry.GetAll(), enumerateCollection: true);
            return;
        }
        WriteObject(ServerLookup.ById(this, Id), enumerateCollection: true);
    }
}
