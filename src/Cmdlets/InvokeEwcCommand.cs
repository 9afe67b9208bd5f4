using System;
using System.Linq;
using System.Management.Automation;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.Controllers;

namespace EwcUpgrade.Cmdlets;

/// <summary>The text a controller printed for one command.</summary>
public sealed class EwcCommandOutput
{
    internal EwcCommandOutput(string controller, string command, string output)
    {
        Controller = controller;
        Command = command;
        Output = output;
    }

    public string Controller { get; }
    public string Command { get; }
    public string Output { get; }

    public override string ToString() => Output;
}

/// <summary>
/// Runs privileged EXEC commands on controllers and returns what they printed: for anything the
/// module does not wrap, and for recording a device's real output to check the parsers against.
/// The commands of one call run in order as one unit, so configuration lines can follow
/// `configure terminal`; afterwards the session is always back in privileged EXEC (`end` is sent
/// for you), so it stays usable for every other cmdlet. `show` commands run freely; a list holding
/// anything else asks for confirmation once per controller and honours -WhatIf.
/// A command the device rejects becomes an error record with the device's text and stops the rest.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "EwcCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(EwcCommandOutput))]
public sealed class InvokeEwcCommand : EwcHostTargetCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string[] Command { get; set; } = null!;

    /// <summary>Only `show` commands may run again after a dropped connection.</summary>
    protected override bool ReadOnly => Command.All(Cli.CliCommands.IsReadOnly);

    protected override void ProcessRecord() =>
        ForEachTarget((session, ctx) =>
        {
            // Asked on the pipeline thread: -Confirm prompts and -WhatIf text go through the host.
            if (!ReadOnly && !ShouldProcessOnPipeline(ctx, session.Controller, string.Join("; ", Command))) return;
            session.ExecuteSequence(Command, (command, output) => ctx.Output(new EwcCommandOutput(session.Controller, command, output)), CommandTimeout, ctx.Token);
        });
}
