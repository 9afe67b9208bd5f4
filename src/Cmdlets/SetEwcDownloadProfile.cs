using System;
using System.Management.Automation;
using System.Net;
using EwcUpgrade.Cli;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;
using EwcUpgrade.ImageServers;
using EwcUpgrade.Parsers;
using EwcUpgrade.Fanout;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// Points the image-download profile at a TFTP or SFTP server. Reads the profile first and sends
/// only the lines that differ — none when it is already right; an SFTP password given is always
/// sent, since the device shows it only encrypted. -WhatIf prints the exact lines,
/// the SFTP password masked. Controllers from an inventory that names an image server take the
/// mode, server, path and SFTP login from it unless given here.
/// </summary>
[Cmdlet(VerbsCommon.Set, "EwcDownloadProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ControllerSet)]
[OutputType(typeof(ImageDownloadProfile))]
public sealed class SetEwcDownloadProfile : EwcTargetCmdlet
{
    [Parameter]
    public ImageServerProtocol? Mode { get; set; }

    /// <summary>The TFTP or SFTP server's address, as the controller reaches it.</summary>
    [Parameter]
    [Alias("Server")]
    [ValidateNotNullOrEmpty]
    public string? ImageServer { get; set; }

    /// <summary>The folder on the server that holds the bundle's images, e.g. /17.9.4a.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ImagePath { get; set; }

    /// <summary>SFTP only: the login the controller uses on the server.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>SFTP only: the server's port (the device's default is 22).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int? Port { get; set; }

    /// <summary>Save the configuration (`write memory`) after the change.</summary>
    [Parameter]
    public SwitchParameter WriteMemory { get; set; }

    /// <summary>Send every line even when the profile already matches.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Return the profile as read back from the controller after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Changes devices: never run again after a dropped connection.</summary>
    protected override bool ReadOnly => false;

    /// <summary>
    /// Each controller's work runs on the runner (reading, planning and applying in parallel up to
    /// -ThrottleLimit); the ShouldProcess questions are asked on the pipeline thread, one at a time,
    /// while that controller's worker waits, so -WhatIf prints and -Confirm prompts exactly as before.
    /// </summary>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ControllerSet)
        {
            foreach (var controller in Controller)
            {
                var wanted = TryRequest(controller, controller.Name);
                var endpoint = wanted == null ? null : EndpointOf(controller);
                if (endpoint != null) Submit(controller.Name, ctx => Apply(Open(endpoint, ctx), wanted!, ctx));
            }
            return;
        }
        foreach (var session in Session)
        {
            var wanted = TryRequest(null, session.Controller);
            if (wanted != null) Submit(session.Controller, ctx => Apply(session, wanted, ctx));
        }
    }

    private DownloadProfileRequest? TryRequest(Inventory.InventoryController? controller, string name)
    {
        try
        {
            return Request(controller);
        }
        catch (ArgumentException e)
        {
            WriteError(Errors.Record(e, EwcErrorIds.ProfileIncomplete, ErrorCategory.InvalidArgument, name));
            return null;
        }
    }

    /// <summary>Runs on a worker: reads, plans, asks (on the pipeline thread), applies.</summary>
    private void Apply(EwcSession session, DownloadProfileRequest wanted, Fanout.ControllerContext ctx)
    {
        ctx.Progress("Reading the image-download profile");
        var current = EwcCommands.GetDownloadProfile(session, CommandTimeout, ctx.Token);
        var change = DownloadProfileChange.Plan(current, wanted);
        var changed = true;
        if (change.IsEmpty)
        {
            ctx.Verbose($"{session.Controller}: the image-download profile is already {Describe(wanted)}; nothing sent.");
        }
        else if (ShouldProcessOnPipeline(ctx, session.Controller, "Set the image-download profile with these lines:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", change.DisplayLines)))
        {
            foreach (var line in change.DisplayLines) ctx.Verbose($"{session.Controller}: {line}");
            ctx.Progress("Setting the image-download profile");
            EwcCommands.Apply(session, change, CommandTimeout, ctx.Token);
            ctx.Done("profile set");
        }
        else
        {
            changed = false;
        }
        // Its own step, after the change: -WhatIf previews it and -Confirm asks for it even when the change was only previewed or declined.
        if (WriteMemory && ShouldProcessOnPipeline(ctx, session.Controller, CliCommands.WriteMemory))
        {
            EwcCommands.WriteMemory(session, CommandTimeout, ctx.Token);
            ctx.Done("configuration saved");
        }
        if (PassThru && changed) ctx.Output(EwcCommands.GetDownloadProfile(session, CommandTimeout, ctx.Token));
    }

    private DownloadProfileRequest Request(Inventory.InventoryController? controller)
    {
        var server = controller?.ImageServer;
        var mode = Mode ?? (server?.Protocol)
            ?? throw new ArgumentException("Give -Mode Tftp or Sftp (or an inventory image server for the controller).");
        var address = ImageServer ?? server?.Address ?? throw new ArgumentException("Give -ImageServer (or an inventory image server for the controller).");
        var path = ImagePath ?? server?.Path ?? throw new ArgumentException("Give -ImagePath (or an inventory image server for the controller).");
        var credential = Credential?.GetNetworkCredential() ?? (mode == ImageServerProtocol.Sftp ? server?.Credential : null);
        if (mode == ImageServerProtocol.Sftp && credential == null)
        {
            throw new ArgumentException(server?.CredentialName is { } name
                ? $"SFTP needs the login for the server: credential '{name}' is not available: {Inventory.CredentialResolver.Hint(name)}."
                : "SFTP needs -Credential: the login the controller uses on the SFTP server.");
        }
        return new DownloadProfileRequest(mode, address, path)
        {
            Credential = credential,
            Port = Port ?? (mode == ImageServerProtocol.Sftp ? server?.Port : null),
            Force = Force,
        };
    }

    private static string Describe(DownloadProfileRequest r) => $"{r.Mode.ToString().ToLowerInvariant()} {r.Server} {r.ImagePath}";
}
