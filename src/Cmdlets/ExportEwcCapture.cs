using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EwcUpgrade.Capture;
using EwcUpgrade.Cmdlets.Internal;
using EwcUpgrade.DeviceData;
using EwcUpgrade.Fanout;
using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Cmdlets;

/// <summary>What Export-EwcCapture wrote (or, with -WhatIf, would write) for one controller.</summary>
public sealed class EwcCapture
{
    internal EwcCapture(DeviceCapture capture, string folder, IReadOnlyList<FileInfo> files)
    {
        Controller = capture.Controller;
        Release = capture.Release;
        Model = capture.Model;
        Name = capture.Name;
        Folder = folder;
        Commands = capture.Commands.ToArray();
        Files = files.ToArray();
    }

    public string Controller { get; }
    public string? Release { get; }
    public string? Model { get; }
    /// <summary>The capture's file name (device-&lt;release&gt;-&lt;controller&gt;).</summary>
    public string Name { get; }
    /// <summary>The folder the capture was written under (-Path).</summary>
    public string Folder { get; }
    /// <summary>Each command with its status (Captured, Rejected), its file and, when rejected, the device's text.</summary>
    public CapturedCommand[] Commands { get; }
    /// <summary>The files written: one per captured command and the manifest.</summary>
    public FileInfo[] Files { get; }
}

/// <summary>
/// Records the raw output of the read-only commands the module sends (show version, show ap
/// summary, show ap image, show install summary, the image-download profile, show logging) with a
/// manifest, secrets masked, laid out like the parser test captures: adding the files to
/// tests/EwcUpgrade.Tests/Parsers/Captures/ (with a hand-written .expected.json each) makes a test
/// capture from a real device. Only `show` commands run. The reading runs on the workers; the
/// writing, its -WhatIf and its refusal to overwrite run on the pipeline thread.
/// </summary>
[Cmdlet(VerbsData.Export, "EwcCapture", SupportsShouldProcess = true, DefaultParameterSetName = HostNameSet)]
[OutputType(typeof(EwcCapture), typeof(FileInfo))]
public sealed class ExportEwcCapture : EwcHostTargetCmdlet
{
    /// <summary>The folder the capture is written under (created if missing).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>Only these of the capture's commands (show version still runs: it names the release).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CaptureCommandCompleter))]
    public string[]? Command { get; set; }

    /// <summary>Replace the files of an existing capture of the same name.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Return the written files (FileInfo) instead of one capture object per controller.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private IReadOnlyList<CaptureCommand> _commands = null!;
    private string _root = null!;

    protected override void BeginProcessing()
    {
        try
        {
            _commands = CaptureCommands.Select(UpgradeCli.Load(), Command);
        }
        catch (DeviceDataException e)
        {
            ThrowTerminatingError(Errors.Record(e, EwcErrorIds.DeviceDataInvalid, ErrorCategory.InvalidData, null));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(Errors.Record(e, EwcErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Command));
        }
        _root = PathResolver.Resolve(this, Path);
        if (File.Exists(_root))
        {
            ThrowTerminatingError(Errors.Record($"-Path '{_root}' is a file; give a folder for the capture.", EwcErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Path));
        }
    }

    protected override void ProcessRecord() =>
        ForEachTarget((session, ctx) =>
        {
            ctx.Progress("reading " + string.Join(", ", _commands.Select(c => c.Text)));
            var capture = CaptureReader.Take(session, _commands, CommandTimeout, ctx.Token);
            foreach (var rejected in capture.Commands.Where(c => c.Status == CapturedStatus.Rejected))
            {
                ctx.Warning($"{capture.Controller} rejected '{rejected.Command}'; the manifest records the device's answer.");
            }
            foreach (var masked in capture.Commands.Where(c => c.HeldKnownSecret))
            {
                ctx.Warning($"{capture.Controller}: the output of '{masked.Command}' held the login or enable password; every occurrence is masked as *****, which also hides ordinary text equal to it. Check the file before sharing it.");
            }
            if (capture.Release == null) ctx.Warning($"{capture.Controller}: show version names no release; the capture is filed as {capture.Name}.");
            // Files are written on the pipeline thread: -WhatIf/-Confirm and the error records go through the host there.
            ctx.OnPipeline(() => Write(capture), false);
        });

    private bool Write(DeviceCapture capture)
    {
        var paths = CaptureWriter.Paths(_root, capture);
        var existing = paths.Where(File.Exists).ToList();
        if (existing.Count > 0 && !Force)
        {
            WriteError(Errors.Record(new CaptureExistsException(capture.Name, existing), EwcErrorIds.DestinationExists, ErrorCategory.ResourceExists, capture.Controller));
            return false;
        }
        var action = $"Write the capture {capture.Name} ({paths.Count} files: {string.Join(", ", paths.Select(p => p.Substring(_root.Length).TrimStart(System.IO.Path.DirectorySeparatorChar)))})" +
            (existing.Count > 0 ? $", replacing {existing.Count} existing" : "");
        if (!ShouldProcess(_root, action)) return false;
        IReadOnlyList<string> written;
        try
        {
            written = CaptureWriter.Write(_root, capture, Force);
        }
        catch (CaptureExistsException e)
        {
            WriteError(Errors.Record(e, EwcErrorIds.DestinationExists, ErrorCategory.ResourceExists, capture.Controller));
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var message = $"Could not write the capture {capture.Name} under '{_root}': " +
                (e is UnauthorizedAccessException ? "access is denied." : "the file system refused the write (the disk may be full or the folder read-only).");
            WriteError(Errors.Record(new IOException(message, e), CaptureWriteFailed, Errors.CategoryOf(e), capture.Controller));
            return false;
        }
        var files = written.Select(p => new FileInfo(p)).ToList();
        if (PassThru) WriteObject(files, enumerateCollection: true);
        else WriteObject(new EwcCapture(capture, _root, files));
        return true;
    }

    /// <summary>The error id of a capture the file system would not take.</summary>
    public const string CaptureWriteFailed = "CaptureWriteFailed";
}

/// <summary>Tab completion of the commands a capture records, quoted (they hold spaces).</summary>
public sealed class CaptureCommandCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        IReadOnlyList<CaptureCommand> all;
        try
        {
            all = CaptureCommands.All(UpgradeCli.Load());
        }
        catch (DeviceDataException)
        {
            return Array.Empty<CompletionResult>(); // a broken override file is reported when the cmdlet runs
        }
        return all
            .Where(c => c.Text.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(c => new CompletionResult("'" + c.Text + "'", c.Text, CompletionResultType.ParameterValue, $"{c.Text} (parser capture folder {c.Folder})"));
    }
}
