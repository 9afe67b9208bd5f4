using System;
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
/// `show` commands run freely; anything else asks for confirmation and honours -WhatIf.
/// A command the device rejects becomes an error record with the device's text.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "EwcCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(EwcCommandOutput))]
public sealed class InvokeEwcCommand : EwcHostTargetCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string[] Command { get; set; } = null!;

    protected override void ProcessRecord() =>
        ForEachTarget(session =>
        {
            foreach (var command in Command)
            {
                if (!Cli.CliCommands.IsReadOnly(command) && !ShouldProcess(session.Controller, command)) continue;
                WriteObject(new EwcCommandOutput(session.Controller, command, session.Execute(command, CommandTimeout)));
            }
        });
}
