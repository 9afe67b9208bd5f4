using System.Diagnostics;
using EwcUpgrade.Module.Tests.Support;

namespace EwcUpgrade.Module.Tests.Host;

/// <summary>ewcupgrade as users and schedulers run it: output, errors, exit codes, progress, signals.</summary>
public sealed class HostTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Script(string text)
    {
        var path = _dir.Combine("script-" + Guid.NewGuid().ToString("N")[..6] + ".ps1");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Command_output_goes_through_the_formatter_to_stdout_and_the_exit_code_is_0()
    {
        var run = HostProcess.Run("-NoModule", "-Command", "[pscustomobject]@{ Name = 'ap1g7'; Size = 76728320 }");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"Name\s+Size", run.Stdout);
        Assert.Contains("76728320", run.Stdout);
        Assert.DoesNotContain("\u001b[", run.Stdout); // redirected output carries no colour escapes
    }

    [Fact]
    public void File_arguments_bind_named_positional_and_switch_parameters_without_being_evaluated()
    {
        var script = Script("param([string] $Path, [switch] $Force, [string] $Rest) \"path=[$Path] force=$Force rest=[$Rest]\"");
        var run = HostProcess.Run("-NoModule", "-File", script, "-Force", "C:\\with space\\$(whoami)", "-Rest", "a'b\"c");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("path=[C:\\with space\\$(whoami)] force=True rest=[a'b\"c]", run.Stdout);
    }

    [Fact]
    public void Exit_N_in_a_script_is_the_exit_code()
    {
        Assert.Equal(7, HostProcess.Run("-NoModule", "-File", Script("'before'; exit 7; 'after'")).ExitCode);
        Assert.Equal(3, HostProcess.Run("-NoModule", "-Command", "exit 3").ExitCode);
    }

    [Fact]
    public void A_terminating_error_goes_to_stderr_with_exit_code_1()
    {
        var run = HostProcess.Run("-NoModule", "-File", Script("throw 'the image server is unreachable'"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the image server is unreachable", run.Stderr);
        Assert.DoesNotContain("unreachable", run.Stdout);
    }

    [Fact]
    public void A_non_terminating_error_makes_the_exit_code_1_but_the_script_goes_on()
    {
        var run = HostProcess.Run("-Command", "Get-ImageServer -Id 999; 'still here'");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("still here", run.Stdout);
        Assert.Contains("No running image server has id 999", run.Stderr);
    }

    [Fact]
    public void Verbose_appears_only_when_asked()
    {
        const string script = "[CmdletBinding()] param() $PSCmdlet.WriteVerbose('detail'); 'done'";
        Assert.DoesNotContain("VERBOSE: detail", HostProcess.Run("-NoModule", "-File", Script(script)).Stderr);
        Assert.Contains("VERBOSE: detail", HostProcess.Run("-NoModule", "-Verbose", "-File", Script(script)).Stderr);
    }

    [Fact]
    public void Progress_becomes_plain_lines_when_stderr_is_redirected()
    {
        var run = HostProcess.Run("-NoModule", "-Command",
            "$r = [System.Management.Automation.ProgressRecord]::new(1, 'Copy ap1g7', '10 of 76 MB'); $r.PercentComplete = 13; $Host.UI.WriteProgress(1, $r); " +
            "$r.RecordType = 'Completed'; $Host.UI.WriteProgress(1, $r); 'ok'");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Copy ap1g7: 10 of 76 MB 13%", run.Stderr);
        Assert.Contains("Copy ap1g7: done", run.Stderr);
        Assert.DoesNotContain("\r", run.Stderr);
    }

    [Fact]
    public void Command_dash_reads_the_script_from_standard_input()
    {
        var run = HostProcess.RunWithInput("$x = 6 * 7\n\"answer=$x\"\n", "-NoModule", "-Command", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("answer=42", run.Stdout);
    }

    [Fact]
    public void A_prompt_without_a_terminal_fails_at_once_instead_of_hanging()
    {
        var run = HostProcess.Run("-NoModule", "-Command", "$Host.UI.ReadLine()");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("non-interactively", run.Stderr);
    }

    [Fact]
    public void Unknown_switches_are_a_usage_error()
    {
        var run = HostProcess.Run("-Bogus");
        Assert.Equal(64, run.ExitCode);
        Assert.Contains("Usage:", run.Stderr);
    }

    [Fact]
    public void The_module_is_imported_and_its_default_views_apply()
    {
        var root = _dir.Combine("images");
        Directory.CreateDirectory(root);
        var run = HostProcess.Run("-Command", $"Start-ImageServer -Root '{root}' -Address 127.0.0.1 -Port 0 -PassThru; Get-ImageServer | Stop-ImageServer");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"Id\s+Protocol\s+Endpoint\s+State", run.Stdout);
        Assert.Matches(@"Tftp\s+tftp://127\.0\.0\.1:\d+\s+Running", run.Stdout);
    }

    [Fact]
    public void SIGTERM_stops_a_running_script_cleanly_with_exit_code_143()
    {
        using var process = HostProcess.Start(null, "-NoModule", "-Command", "'started'; while ($true) { [System.Threading.Thread]::Sleep(50) }");
        var started = false;
        for (var i = 0; i < 200 && !started; i++)
        {
            var line = process.StandardOutput.ReadLine();
            started = line?.Contains("started") == true;
        }
        Assert.True(started, "the script did not start");
        using (var kill = Process.Start("kill", new[] { "-TERM", process.Id.ToString() })!) kill.WaitForExit(5000);
        var run = HostProcess.Finish(process, TimeSpan.FromSeconds(15));
        Assert.Equal(143, run.ExitCode);
    }

    public void Dispose() => _dir.Dispose();
}
