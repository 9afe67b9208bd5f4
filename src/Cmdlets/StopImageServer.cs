using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.ImageServers;

namespace EwcUpgrade.Cmdlets;

/// <summary>Stops image servers of this session: those given, or all of them.</summary>
[Cmdlet(VerbsLifecycle.Stop, "ImageServer", SupportsShouldProcess = true, DefaultParameterSetName = AllSet)]
[OutputType(typeof(ImageServer))]
public sealed class StopImageServer : PSCmdlet
{
    private const string AllSet = "All";
    private const string IdSet = "Id";
    private const string ObjectSet = "InputObject";
    private const string ServerIdSet = "ServerId";

    // Not bound by property name: every process, job and transfer has an Id, and a piped
    // ImageTransfer's Id (the transfer's) would have stopped an unrelated server.
    [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(ImageServerIdCompleter))]
    public int[] Id { get; set; } = null!;

    /// <summary>The server of piped transfers (Get-ImageTransfer | Stop-ImageServer).</summary>
    [Parameter(ParameterSetName = ServerIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageServerIdCompleter))]
    public int[] ServerId { get; set; } = null!;

    [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipeline = true)]
    public ImageServer[] InputObject { get; set; } = null!;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Then forgets every stopped server and its transfer history (Get-ImageTransfer starts empty).</summary>
    [Parameter]
    public SwitchParameter ClearHistory { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var server in Selected())
        {
            if (!ShouldProcess($"{server.Name} (id {server.Id}, root {server.Root})", "Stop image server")) continue;
            server.Stop();
            WriteVerbose($"Stopped {server.Name}: {server.CompletedCount} transfers completed, {server.FailedCount} failed.");
            if (PassThru) WriteObject(server);
        }
    }

    protected override void EndProcessing()
    {
        if (ClearHistory && ShouldProcess("stopped image servers and their transfer history", "Clear")) ImageServerRegistry.ClearStopped();
    }

    private IEnumerable<ImageServer> Selected()
    {
        switch (ParameterSetName)
        {
            case ObjectSet:
                return InputObject;
            case IdSet:
                return ServerLookup.ById(this, Id);
            case ServerIdSet:
                return ServerLookup.ById(this, ServerId);
            default:
                return ImageServerRegistry.GetAll().ToList();
        }
    }
}
