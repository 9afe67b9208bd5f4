using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Tests.Upgrade;

/// <summary>What the phases send and how their console output is read, from the device data's defaults.</summary>
public sealed class UpgradeCliPhaseTests
{
    private static readonly UpgradeCli s_cli = UpgradeCli.Load();

    [Fact]
    public void A_failed_phase_is_read_from_the_console_with_its_operation_and_reason()
    {
        var output = "install_add: START Sun Nov 29 11:00:00 UTC 2026\nFAILED: install_add : Another install operation is in progress";
        Assert.Equal("install_add: Another install operation is in progress", s_cli.FailureIn(output));
    }

    [Fact]
    public void A_started_phase_is_no_failure() =>
        Assert.Null(s_cli.FailureIn("install_add: START Sun Nov 29 11:00:00 UTC 2026\ninstall_add: Download continues in the background"));

    [Fact]
    public void What_if_lines_name_each_phase_s_command_and_the_answers_the_activation_gives()
    {
        Assert.Equal("install add profile default", s_cli.LinesFor(UpgradePhase.Download)[0]);
        Assert.Equal("install activate", s_cli.LinesFor(UpgradePhase.Activate)[0]);
        Assert.Contains("proceed -> y", s_cli.LinesFor(UpgradePhase.Activate)[1]);
        Assert.Equal(new[] { "install commit" }, s_cli.LinesFor(UpgradePhase.Commit));
    }

    [Fact]
    public void The_activation_question_is_answered_y_and_the_reload_is_recognised()
    {
        Assert.Equal("y", s_cli.ConfirmationFor("This operation may require a reload of the system. Do you want to proceed? [y/n]")?.Answer);
        Assert.True(s_cli.IsReloading("install_activate: Reloading the system"));
        Assert.False(s_cli.IsReloading("install_activate: Activating PACKAGE 17.09.04a.0.6"));
    }
}
