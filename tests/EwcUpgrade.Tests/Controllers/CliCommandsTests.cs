using EwcUpgrade.Cli;

namespace EwcUpgrade.Tests.Controllers;

public sealed class CliCommandsTests
{
    [Theory]
    [InlineData("show ap summary", true)]
    [InlineData("sh ap image", true)]
    [InlineData("  SHOW running-config | section image-download", true)]
    [InlineData("show logging | include INSTALL", true)]
    [InlineData("show running-config | redirect flash:run.txt", false)]
    [InlineData("show running-config | red flash:run.txt", false)]
    [InlineData("show tech |tee bootflash:tech.txt", false)]
    [InlineData("show version | append flash:v.txt", false)]
    [InlineData("s ap summary", false)]   // "s" is not a unique abbreviation of show
    [InlineData("write memory", false)]
    [InlineData("reload", false)]
    [InlineData("", false)]
    public void Only_show_commands_that_write_no_file_are_read_only(string command, bool readOnly) =>
        Assert.Equal(readOnly, CliCommands.IsReadOnly(command));
}
