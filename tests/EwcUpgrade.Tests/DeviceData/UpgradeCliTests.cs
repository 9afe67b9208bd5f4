using System.Text.RegularExpressions;
using EwcUpgrade.DeviceData;
using EwcUpgrade.Diagnosis;
using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Tests.DeviceData;

/// <summary>The upgrade CLI as data: the defaults, an override of one command, typos with their place.</summary>
public sealed class UpgradeCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ewc-device-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_folder, "my-ewc.yml");
        File.WriteAllText(path, yaml.Replace("\r\n", "\n"));
        return path;
    }

    [Fact]
    public void Defaults_are_the_install_mode_commands_marked_unconfirmed()
    {
        var cli = UpgradeCli.Load(overridePath: Write("# nothing changed\n"));
        Assert.Equal("install add profile default", cli.Add.Text);
        Assert.Equal("install activate", cli.Activate.Text);
        Assert.Equal("install commit", cli.Commit.Text);
        Assert.Equal("install abort", cli.Abort.Text);
        Assert.All(new[] { cli.Add, cli.Activate, cli.Commit, cli.Abort }, c => Assert.Equal(DeviceMark.U, c.Mark));
        Assert.Equal("show install summary", cli.ShowInstallSummary.Text);
        Assert.Equal("show logging", cli.ShowLogging.Text);
        Assert.Equal(EwcUpgrade.Cli.CliCommands.ShowApImage, cli.ShowApImage.Text);
    }

    [Theory]
    [InlineData("This operation may require a reload of the system. Do you want to proceed? [y/n]", "proceed", "y")]
    [InlineData("System configuration has been modified. Save? [yes/no]: ", "save-config", "yes")]
    [InlineData("Proceed with reload? [confirm]", "reload", "")]
    public void Each_confirmation_of_reference_4_has_its_answer(string prompt, string name, string answer)
    {
        var confirmation = UpgradeCli.Load(Write("")).ConfirmationFor("9120-EWC#install activate\r\n" + prompt);
        Assert.NotNull(confirmation);
        Assert.Equal(name, confirmation!.Name);
        Assert.Equal(answer, confirmation.Answer);
    }

    [Fact]
    public void A_prompt_already_answered_is_not_asked_again()
    {
        Assert.Null(UpgradeCli.Load(Write("")).ConfirmationFor("Do you want to proceed? [y/n]y\r\ninstall_activate: START"));
    }

    [Fact]
    public void An_override_of_one_command_keeps_every_other_default()
    {
        var path = Write("""
            upgrade:
              commands:
                activate:
                  text: install activate prompt-level none
            """);
        var cli = UpgradeCli.Load(path);
        Assert.Equal("install activate prompt-level none", cli.Activate.Text);
        Assert.Equal(DeviceMark.U, cli.Activate.Mark);
        Assert.Equal("install add profile default", cli.Add.Text);
        Assert.Equal("install commit", cli.Commit.Text);
        Assert.Equal(3, cli.Confirmations.Count);
        Assert.Equal(Path.GetFullPath(path), cli.OverridePath);
    }

    [Fact]
    public void The_environment_variable_names_the_override_when_no_path_is_given()
    {
        // Only `abort`, which no other test reads, so tests running at the same time see the defaults they expect.
        var path = Write("upgrade:\n  commands:\n    abort: { text: install abort force, mark: P }\n");
        var before = Environment.GetEnvironmentVariable(DeviceDataFile.EnvironmentVariable);
        Environment.SetEnvironmentVariable(DeviceDataFile.EnvironmentVariable, path);
        try
        {
            var cli = UpgradeCli.Load();
            Assert.Equal("install abort force", cli.Abort.Text);
            Assert.Equal(DeviceMark.P, cli.Abort.Mark);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DeviceDataFile.EnvironmentVariable, before);
        }
    }

    [Fact]
    public void A_typo_is_reported_with_file_line_column_and_the_nearest_key()
    {
        var path = Write("upgrade:\n  commands:\n    activte: { text: install activate }\n");
        var e = Assert.Throws<DeviceDataException>(() => UpgradeCli.Load(path));
        var error = Assert.Single(e.Errors);
        Assert.Equal(Path.GetFullPath(path), error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(5, error.Column);
        Assert.Contains("did you mean 'activate'?", error.Message);
        Assert.StartsWith(Path.GetFullPath(path) + ":3:5: unknown key 'activte'", e.Message);
    }

    [Fact]
    public void Bad_values_in_the_override_name_the_override_file()
    {
        var path = Write("upgrade:\n  reload-markers:\n    sys-reload: { pattern: '(unclosed', mark: maybe }\n");
        var e = Assert.Throws<DeviceDataException>(() => UpgradeCli.Load(path));
        Assert.Equal(2, e.Errors.Count);
        Assert.All(e.Errors, error => Assert.Equal(Path.GetFullPath(path), error.File));
        Assert.All(e.Errors, error => Assert.Equal(3, error.Line));
        Assert.Contains(e.Errors, error => error.Message.Contains("not a valid regular expression"));
        Assert.Contains(e.Errors, error => error.Message.Contains("'mark' must be seed, V, P or U"));
    }

    [Fact]
    public void The_shipped_defaults_copied_whole_are_a_valid_override()
    {
        var text = DeviceDataFile.DefaultText();
        Assert.Contains("EWCUPGRADE_DEVICE_CLI", text);
        var cli = UpgradeCli.Load(Write(text));
        Assert.Equal("install activate", cli.Activate.Text);
    }

    [Fact]
    public void A_missing_override_file_says_so_in_plain_words()
    {
        var missing = Path.Combine(_folder, "nowhere.yml");
        var e = Assert.Throws<DeviceDataException>(() => UpgradeCli.Load(missing));
        Assert.Equal($"The device data override file {missing} does not exist.", e.Message);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_place()
    {
        var path = Write("upgrade:\n  commands: [unclosed\n");
        var e = Assert.Throws<DeviceDataException>(() => UpgradeCli.Load(path));
        Assert.StartsWith(Path.GetFullPath(path) + ":", e.Message);
        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void An_override_of_a_log_reason_changes_the_diagnosis()
    {
        var path = Write("log:\n  reasons:\n    timed-out: { text: 'Timeout waiting for server', cause: ServerUnreachable, mark: P }\n");
        var patterns = DeviceLogPatterns.Load(path);
        Assert.Equal(DownloadFailureCause.ServerUnreachable, patterns.Classify("Timeout waiting for server 10.0.0.1"));
        Assert.Equal(DownloadFailureCause.Unknown, patterns.Classify("Timed out"));
        Assert.Equal(DownloadFailureCause.WrongPath, patterns.Classify("No such file or directory"));
    }

    [Fact]
    public void Every_entry_of_the_defaults_carries_a_mark()
    {
        var cli = UpgradeCli.Load(Write(""));
        Assert.Equal(DeviceMark.Seed, cli.Log.DownloadError.Mark);
        Assert.Equal(DeviceMark.Seed, cli.Log.Events.Single(e => e.Kind == ImageDownloadEventKind.InstallFailed).Mark);
        Assert.Equal(DeviceMark.U, cli.Log.Reasons.Single(r => r.Name == "authentication-failed").Mark);
        Assert.Equal(Enum.GetValues<ImageDownloadEventKind>().Length, cli.Log.Events.Count);
    }

    /// <summary>
    /// The defaults agree with what the lab simulator speaks (read from its source: the module must
    /// not reference the simulator). A change to either side that breaks the other fails here.
    /// </summary>
    [Fact]
    public void Defaults_agree_with_the_simulator()
    {
        var cli = UpgradeCli.Load(Write(""));
        var commands = File.ReadAllText(Path.Combine(TestRepo.Root, "src", "Simulator", "Cli", "CommandTable.cs"));
        foreach (var command in new[] { cli.Add, cli.Activate, cli.Commit, cli.ShowInstallSummary, cli.ShowLogging, cli.ShowApImage })
        {
            Assert.Contains($"new(\"{command.Text}\"", commands);
        }

        var text = File.ReadAllText(Path.Combine(TestRepo.Root, "src", "Simulator", "Cli", "DeviceText.cs"));
        string Const(string name) => Regex.Match(text, @"\b" + name + @" = ""(?<v>[^""]*)""").Groups["v"].Value;
        Assert.Equal("proceed", cli.ConfirmationFor(Const("ReloadConfirm"))?.Name);
        // InstallEngine prints InstallStep("install_activate", "Reloading the system") before the sessions drop.
        Assert.Contains("\"Reloading the system\"", File.ReadAllText(Path.Combine(TestRepo.Root, "src", "Simulator", "Lab", "InstallEngine.cs")));
        Assert.True(cli.IsReloading("install_activate: Reloading the system"));
        // FAILED: {operation} : {why}
        Assert.Contains("$\"FAILED: {operation} : {why}\"", text);
        var failed = cli.FailureMarkers.Single().Pattern.Match("install_add: START Sun Nov 29\r\nFAILED: install_add : Another install operation is in progress\r\n");
        Assert.Equal("install_add", failed.Groups["operation"].Value);
        Assert.Equal("Another install operation is in progress", failed.Groups["error"].Value.TrimEnd('\r'));
        foreach (var reason in new[] { "NoSuchFile", "TimedOut", "AuthenticationFailed", "ConnectionRefused" })
        {
            Assert.NotEqual(DownloadFailureCause.Unknown, cli.Log.Classify(Const(reason)));
        }
    }
}
