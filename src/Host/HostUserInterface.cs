using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace EwcUpgrade.Host;

/// <summary>
/// Output to stdout; warnings, verbose, debug and progress to stderr. Prompts read the terminal,
/// and fail at once (rather than hang) when ewcupgrade runs without one.
/// </summary>
internal sealed class HostUserInterface : PSHostUserInterface
{
    private static readonly System.Text.RegularExpressions.Regex s_ansi = new(@"\x1b\[[0-9;?]*[A-Za-z]", System.Text.RegularExpressions.RegexOptions.Compiled);
    private static readonly bool s_plain = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") != null;
    private readonly object _gate = new();
    private readonly ProgressRenderer _progress = new(Console.Error, terminal: !Console.IsErrorRedirected);

    public override PSHostRawUserInterface RawUI { get; } = new RawUserInterface();

    public override void Write(string value) => Out(value, newLine: false);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Out(value, newLine: false);
    public override void WriteLine(string value) => Out(value, newLine: true);
    public override void WriteErrorLine(string value) => Err(value);
    public override void WriteWarningLine(string message) => Err("WARNING: " + message);
    public override void WriteVerboseLine(string message) => Err("VERBOSE: " + message);
    public override void WriteDebugLine(string message) => Err("DEBUG: " + message);

    public override void WriteInformation(InformationRecord record)
    {
        // Write-Host-style messages (tagged PSHOST) are always shown; other information only when its
        // preference let it reach the host, which the engine has already decided by calling here.
        if (record.MessageData is HostInformationMessage host) Out(host.Message, newLine: host.NoNewLine != true);
        else Out(record.MessageData?.ToString() ?? "", newLine: true);
    }

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        lock (_gate) _progress.Render(record);
    }

    public void FinishProgress()
    {
        lock (_gate) _progress.Finish();
    }

    public override string ReadLine()
    {
        RequireInteractive();
        return Console.ReadLine() ?? "";
    }

    public override SecureString ReadLineAsSecureString()
    {
        RequireInteractive();
        var secret = new SecureString();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && secret.Length > 0) secret.RemoveAt(secret.Length - 1);
            else if (key.KeyChar != '\0') secret.AppendChar(key.KeyChar);
        }
        Console.Error.WriteLine();
        secret.MakeReadOnly();
        return secret;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        RequireInteractive();
        if (!string.IsNullOrEmpty(caption)) Err(caption);
        if (!string.IsNullOrEmpty(message)) Err(message);
        var answers = new Dictionary<string, PSObject>();
        foreach (var field in descriptions)
        {
            Console.Error.Write(field.Name + ": ");
            answers[field.Name] = field.ParameterTypeFullName == typeof(SecureString).FullName
                ? PSObject.AsPSObject(ReadLineAsSecureString())
                : PSObject.AsPSObject(ReadLine());
        }
        return answers;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        RequireInteractive();
        Err(caption);
        Err(message);
        while (true)
        {
            for (var i = 0; i < choices.Count; i++) Console.Error.Write($"[{choices[i].Label.Replace("&", "")}] ");
            Console.Error.Write($"(default {choices[defaultChoice].Label.Replace("&", "")}): ");
            var answer = (Console.ReadLine() ?? "").Trim();
            if (answer.Length == 0) return defaultChoice;
            for (var i = 0; i < choices.Count; i++)
            {
                var label = choices[i].Label;
                var hot = label.IndexOf('&');
                if (answer.Equals(label.Replace("&", ""), StringComparison.OrdinalIgnoreCase) ||
                    (hot >= 0 && hot + 1 < label.Length && answer.Equals(label[hot + 1].ToString(), StringComparison.OrdinalIgnoreCase)))
                {
                    return i;
                }
            }
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        RequireInteractive();
        Err(caption);
        Err(message);
        if (string.IsNullOrEmpty(userName))
        {
            Console.Error.Write("User: ");
            userName = ReadLine();
        }
        Console.Error.Write("Password for " + userName + ": ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    private static void RequireInteractive()
    {
        if (Console.IsInputRedirected)
        {
            throw new PSInvalidOperationException("Prompting is not possible: ewcupgrade is running non-interactively (standard input is not a terminal). Pass the value as a parameter instead.");
        }
    }

    private void Out(string value, bool newLine)
    {
        // Colour escapes belong on a terminal, not in logs and pipes.
        if (s_plain) value = s_ansi.Replace(value, "");
        lock (_gate)
        {
            _progress.Finish();
            if (newLine) Console.Out.WriteLine(value);
            else Console.Out.Write(value);
        }
    }

    private void Err(string value)
    {
        lock (_gate)
        {
            _progress.Finish();
            Console.Error.WriteLine(value);
        }
    }
}
