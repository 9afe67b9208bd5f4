using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>The IOS conventions: echo and CRLF, errors with a caret, abbreviations, modes and prompts.</summary>
[Collection(SharedLabCollection.Name)]
public sealed class CliBehaviourTests(SharedLab lab)
{
    [RootFact]
    public void The_banner_comes_before_the_privileged_prompt_and_commands_are_echoed_with_crlf()
    {
        using var t = lab.Login("REF-EWC");
        var greeting = t.Expect("#$");
        Assert.Equal($"\r\n{SharedLab.Banner}\r\n\r\nREF-EWC#", greeting);
        Assert.StartsWith("show clock\r\n", t.Run("show clock"));
        Assert.Equal("\r\nREF-EWC#", t.Run("")); // an empty line just prompts again
    }

    [RootFact]
    public void Invalid_input_puts_the_caret_under_the_first_bad_word_counting_the_prompt()
    {
        using var t = lab.Privileged("REF-EWC");
        var lines = t.Lines("show ap foo");
        Assert.Equal(new string(' ', "REF-EWC#show ap ".Length) + "^", lines[0]);
        Assert.Equal("% Invalid input detected at '^' marker.", lines[1]);

        lines = t.Lines("  shw version");
        Assert.Equal(new string(' ', "REF-EWC#  ".Length) + "^", lines[0]);

        lines = t.Lines("terminal length lots");
        Assert.Equal(new string(' ', "REF-EWC#terminal length ".Length) + "^", lines[0]);
    }

    [RootFact]
    public void A_missing_argument_is_an_incomplete_command()
    {
        using var t = lab.Privileged("REF-EWC");
        Assert.Equal("% Incomplete command.", t.Lines("show ap")[0]);
        Assert.Equal("% Incomplete command.", t.Lines("terminal length")[0]);
        Assert.Equal("% Incomplete command.", t.Lines("show logging | include")[0]);
    }

    [RootFact]
    public void A_filter_pattern_that_is_invalid_or_never_finishes_is_refused_and_the_session_goes_on()
    {
        using var t = lab.Privileged("REF-EWC");
        t.Run("terminal length 0");
        Assert.Equal(["%ERROR: Invalid regular expression.", ""], t.Lines("show clock | include ("));
        // Against the 162 dashes under the header this backtracks far beyond the 1 s match timeout.
        Assert.Equal(["%ERROR: Regular expression too complex.", ""], t.Lines("show ap image | include (-+-+)+y"));
        Assert.Equal(ReferenceCaptures.ApImage, t.Lines("show ap image")[..14]);
        Assert.False(lab.Lab.HasExited, "the lab process should still run");
    }

    [RootFact]
    public void Unique_abbreviations_work_and_ambiguous_ones_are_refused()
    {
        using var t = lab.Privileged("REF-EWC");
        Assert.Empty(t.Lines("term len 0"));
        Assert.StartsWith("Cisco IOS XE Software", t.Lines("sh ver")[0]);
        Assert.Equal(ReferenceCaptures.InstallSummary[0], t.Lines("sh inst sum")[0]);
        Assert.Equal(["Building configuration...", "[OK]"], t.Lines("wr mem"));
        Assert.Equal("Enter configuration commands, one per line.  End with CNTL/Z.", t.Lines("conf t", "(config)#")[0]);
        t.Run("end");
        Assert.Equal("% Ambiguous command:  \"e\"", t.Lines("e")[0]);
        Assert.Equal("% Ambiguous command:  \"co t\"", t.Lines("co t")[0]);
    }

    [RootFact]
    public void Config_modes_have_their_prompts_with_long_names_cut_to_20_characters()
    {
        using var t = lab.Privileged("PAGER-CONTROLLER-WITH-A-LONG-NAME");
        Assert.EndsWith("\r\nPAGER-CONTROLLER-WIT(config)#", t.Run("configure terminal", "(config)#"));
        Assert.EndsWith("\r\nPAGER-CONTROLLER-WIT(config-wireless-image-download-profile)#", t.Run("wireless profile image-download default", "-profile)#"));
        t.Run("exit", "(config)#");
        t.Run("exit", "#");
        Assert.EndsWith("\r\nPAGER-CONTROLLER-WITH-A-LONG-NAME#", t.Transcript);
    }

    [RootFact]
    public void Privilege_1_lands_in_user_exec_and_enable_asks_for_the_secret_without_echo()
    {
        using var t = lab.Login("OPERATOR-EWC", SharedLab.Operator);
        t.Expect("OPERATOR-EWC>$");
        var refused = t.Lines("show running-config", ">");
        Assert.Equal(new string(' ', "OPERATOR-EWC>show ".Length) + "^", refused[0]);
        t.Send("enable\r");
        t.Expect("Password: $");
        t.Send("wrong\r");
        var retry = t.Expect("Password: $"); // all that follows the wrong secret, up to the second prompt
        Assert.DoesNotContain("wrong", retry);
        t.Send(SharedLab.EnableSecret + "\r");
        t.Expect("OPERATOR-EWC#$");
        Assert.DoesNotContain(SharedLab.EnableSecret, t.Transcript);
        t.Send("exit\r");
        Assert.True(t.WaitClosed(), "exit at exec level should close the session");
    }

    [RootFact]
    public void Long_output_pauses_at_More_until_paging_is_off()
    {
        using var t = lab.Privileged("PAGER-CONTROLLER-WITH-A-LONG-NAME");
        t.Send("show ap summary\r");
        var page = t.Expect(" --More-- $");
        Assert.Equal(1 + 23, page.Split("\r\n").Length - 1); // the echo and 23 lines, the pause on the 24th
        const string erase = "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b";
        t.Send("\r"); // Enter: one more line
        var one = t.Expect(" --More-- $");
        Assert.StartsWith(erase, one);
        Assert.Equal(1, one.Split("\r\n").Length - 1);
        t.Send(" "); // space: the rest (34 lines in all)
        var rest = t.Expect("#$");
        Assert.Contains("\r\nAP-PAGE-30 ", rest);
        Assert.Equal(34 - 24, rest.Split("\r\n").Length - 1);

        t.Send("show ap summary\r");
        t.Expect(" --More-- $");
        t.Send("q");
        var stopped = t.Expect("#$");
        Assert.Equal(erase + "PAGER-CONTROLLER-WITH-A-LONG-NAME#", stopped);

        t.Run("terminal length 10");
        t.Send("show ap summary\r");
        Assert.Equal(1 + 9, t.Expect(" --More-- $").Split("\r\n").Length - 1);
        t.Send("q");
        t.Expect("#$");

        t.Run("terminal length 0");
        var all = t.Lines("show ap summary");
        Assert.Equal(34, all.Length);
        Assert.DoesNotContain("--More--", string.Join("\n", all));
    }
}
