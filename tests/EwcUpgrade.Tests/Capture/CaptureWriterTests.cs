using System.IO;
using EwcUpgrade.Capture;
using EwcUpgrade.Cli;
using EwcUpgrade.Tests.Parsers;
using EwcUpgrade.Upgrade;

namespace EwcUpgrade.Tests.Capture;

/// <summary>
/// Reading a scripted device and writing its capture: the parser captures' layout, a manifest,
/// rejected commands kept, no password in any file, and never an overwrite without force.
/// </summary>
public sealed class CaptureWriterTests : IDisposable
{
    private const string LoginPassword = "Login-Pa55-x1";
    private const string EnablePassword = "Enable-Pa55-x2";
    private const string SftpPassword = "Sftp-Pa55-x3";
    private const string UrlPassword = "Url-Pa55-x4";
    private readonly string _root = Directory.CreateTempSubdirectory("ewc-capture-").FullName;
    private readonly UpgradeCli _cli = UpgradeCli.Load();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // Outputs a device could print, each holding a secret in one of its forms.
    private Dictionary<string, string> DeviceOutputs() => new()
    {
        [CliCommands.ShowVersion] = File.ReadAllText(Capture("ShowVersion", "reference.txt")) + "\nbanner motd uses " + LoginPassword,
        [CliCommands.ShowApSummary] = File.ReadAllText(Capture("ShowApSummary", "reference-17.9.4-layout.txt")),
        [CliCommands.ShowApImage] = File.ReadAllText(Capture("ShowApImage", "reference-17.13-one-ap.txt")),
        [_cli.ShowInstallSummary.Text] = File.ReadAllText(Capture("ShowInstallSummary", "reference.txt")),
        [CliCommands.ShowDownloadProfile] = "wireless profile image-download default\n image-download-mode sftp\n sftp-image-server 10.0.0.6\n sftp-image-path images\n sftp-username calo\n sftp-password 0 " + SftpPassword + "\n",
        [_cli.ShowLogging.Text] = "Log Buffer (102400 bytes):\n\n*Feb 1 20:29:25.730: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package sftp://calo:" + UrlPassword + "@10.0.0.6/images/ap1g6, Error: Failed to download file sftp://calo:" + UrlPassword + "@10.0.0.6/images/ap1g6: No such file or directory\nenable secret 0 " + EnablePassword + "\n",
    };

    private DeviceCapture Read(Dictionary<string, string> outputs, IReadOnlyList<CaptureCommand>? commands = null, List<string>? sent = null) =>
        CaptureReader.Take("EWC-1", command =>
        {
            sent?.Add(command);
            return outputs.TryGetValue(command, out var output)
                ? output
                : throw new EwcCommandException("127.0.0.1:22", command, "EWC-1#" + command + "\n      ^\n% Invalid input detected at '^' marker.");
        }, commands ?? CaptureCommands.All(_cli), new[] { LoginPassword, EnablePassword });

    [Fact]
    public void The_files_are_laid_out_as_the_parser_captures_with_a_manifest_beside_them()
    {
        var written = CaptureWriter.Write(_root, Read(DeviceOutputs()), force: false);

        var expected = new[]
        {
            "ShowVersion/device-17.09.03-EWC-1.txt", "ShowApSummary/device-17.09.03-EWC-1.txt", "ShowApImage/device-17.09.03-EWC-1.txt",
            "ShowInstallSummary/device-17.09.03-EWC-1.txt", "ImageDownloadProfileConfig/device-17.09.03-EWC-1.txt", "ImageDownloadLog/device-17.09.03-EWC-1.txt",
            "device-17.09.03-EWC-1.manifest.yml",
        }.Select(p => Path.Combine(_root, p.Replace('/', Path.DirectorySeparatorChar))).ToList();
        Assert.Equal(expected.OrderBy(p => p), written.OrderBy(p => p));
        Assert.Equal(expected.OrderBy(p => p), Directory.GetFiles(_root, "*", SearchOption.AllDirectories).OrderBy(p => p));
        // Every folder is one the capture tests have a parser for, and each file parses there.
        foreach (var folder in Directory.GetDirectories(_root).Select(Path.GetFileName))
        {
            Assert.True(CaptureTests.HasParser(folder!), $"{folder} is no parser capture folder");
            foreach (var file in Directory.GetFiles(Path.Combine(_root, folder!), "*.txt")) Assert.NotNull(CaptureTests.ParseAsJson(folder!, File.ReadAllText(file)));
        }
        // The raw output is kept as the device printed it, apart from the masks.
        Assert.Equal(DeviceOutputs()[CliCommands.ShowApImage] + (DeviceOutputs()[CliCommands.ShowApImage].EndsWith('\n') ? "" : "\n"),
            File.ReadAllText(Path.Combine(_root, "ShowApImage", "device-17.09.03-EWC-1.txt")));
    }

    [Fact]
    public void The_manifest_names_release_model_and_each_command_with_its_time_and_file()
    {
        CaptureWriter.Write(_root, Read(DeviceOutputs()), force: false);
        var manifest = new YamlDotNet.RepresentationModel.YamlStream();
        manifest.Load(new StringReader(File.ReadAllText(Path.Combine(_root, "device-17.09.03-EWC-1.manifest.yml"))));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)manifest.Documents[0].RootNode;
        string Value(YamlDotNet.RepresentationModel.YamlMappingNode m, string key) => ((YamlDotNet.RepresentationModel.YamlScalarNode)m[key]).Value!;
        Assert.Equal("EWC-1", Value(root, "controller"));
        Assert.Equal("17.09.03", Value(root, "release"));
        Assert.Equal("C9120AXI-E", Value(root, "model"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", Value(root, "taken"));
        var commands = ((YamlDotNet.RepresentationModel.YamlSequenceNode)root["commands"]).Cast<YamlDotNet.RepresentationModel.YamlMappingNode>().ToList();
        Assert.Equal(CaptureCommands.All(_cli).Select(c => c.Text), commands.Select(c => Value(c, "command")));
        Assert.All(commands, c => Assert.Equal("captured", Value(c, "status")));
        Assert.All(commands, c => Assert.True(File.Exists(Path.Combine(_root, Value(c, "file")))));
        Assert.All(commands, c => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", Value(c, "time")));
    }

    [Fact]
    public void No_password_lands_in_any_file()
    {
        CaptureWriter.Write(_root, Read(DeviceOutputs()), force: false);
        var all = string.Join("\n", Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var secret in new[] { LoginPassword, EnablePassword, SftpPassword, UrlPassword }) Assert.DoesNotContain(secret, all);
        // The outputs that held the login or enable password say so (the cmdlet warns).
        Assert.Equal(new[] { CliCommands.ShowVersion, _cli.ShowLogging.Text }, Read(DeviceOutputs()).Commands.Where(c => c.HeldKnownSecret).Select(c => c.Command));
        // The masks are there, so the secrets were present and hidden (not lost with their lines).
        Assert.Contains(" sftp-password 0 *****", all);
        Assert.Contains("sftp://*****@10.0.0.6/images/ap1g6", all);
    }

    [Fact]
    public void A_rejected_command_is_recorded_with_the_device_text_and_the_rest_is_captured()
    {
        var outputs = DeviceOutputs();
        outputs.Remove(_cli.ShowInstallSummary.Text);
        var capture = Read(outputs);
        CaptureWriter.Write(_root, capture, force: false);

        var rejected = Assert.Single(capture.Commands, c => c.Status == CapturedStatus.Rejected);
        Assert.Equal(_cli.ShowInstallSummary.Text, rejected.Command);
        Assert.False(File.Exists(Path.Combine(_root, "ShowInstallSummary", "device-17.09.03-EWC-1.txt")));
        var manifest = File.ReadAllText(Path.Combine(_root, "device-17.09.03-EWC-1.manifest.yml"));
        Assert.Contains("status: \"rejected\"", manifest);
        Assert.Contains("% Invalid input detected at '^' marker.", manifest);
        Assert.Equal(6, Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Show_version_runs_first_even_when_not_asked_for_and_only_the_asked_files_are_written()
    {
        var sent = new List<string>();
        var capture = Read(DeviceOutputs(), CaptureCommands.Select(_cli, new[] { "SHOW  ap image" }), sent);
        var written = CaptureWriter.Write(_root, capture, force: false);

        Assert.Equal(new[] { CliCommands.ShowVersion, CliCommands.ShowApImage }, sent);
        Assert.Equal("17.09.03", capture.Release);
        Assert.Equal(new[] { Path.Combine(_root, "ShowApImage", "device-17.09.03-EWC-1.txt"), Path.Combine(_root, "device-17.09.03-EWC-1.manifest.yml") }, written);
    }

    [Fact]
    public void A_command_that_is_not_a_capture_command_is_refused_naming_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => CaptureCommands.Select(_cli, new[] { "show ap image", "configure terminal" }));
        Assert.Contains("'configure terminal'", e.Message);
        Assert.Contains("'show ap summary'", e.Message);
    }

    [Fact]
    public void Every_capture_command_is_read_only_and_filed_under_a_parser()
    {
        Assert.All(CaptureCommands.All(_cli), c => Assert.True(CliCommands.IsReadOnly(c.Text), c.Text));
        Assert.All(CaptureCommands.All(_cli), c => Assert.True(CaptureTests.HasParser(c.Folder), c.Folder));
    }

    [Fact]
    public void An_existing_capture_is_refused_without_force_and_left_unchanged()
    {
        CaptureWriter.Write(_root, Read(DeviceOutputs()), force: false);
        var file = Path.Combine(_root, "ShowApImage", "device-17.09.03-EWC-1.txt");
        File.WriteAllText(file, "edited by hand");
        var outputs = DeviceOutputs();
        outputs.Remove(_cli.ShowLogging.Text); // the second capture writes one file fewer: refused all the same

        var e = Assert.Throws<CaptureExistsException>(() => CaptureWriter.Write(_root, Read(outputs), force: false));

        Assert.Contains(file, e.Existing);
        Assert.Equal("edited by hand", File.ReadAllText(file));
        Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Force_replaces_an_existing_capture_and_leaves_no_temporary_file()
    {
        CaptureWriter.Write(_root, Read(DeviceOutputs()), force: false);
        var file = Path.Combine(_root, "ShowApImage", "device-17.09.03-EWC-1.txt");
        File.WriteAllText(file, "edited by hand");

        CaptureWriter.Write(_root, Read(DeviceOutputs()), force: true);

        Assert.StartsWith("Total number of APs", File.ReadAllText(file).TrimStart());
        Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(_root, ".*", SearchOption.AllDirectories)));
    }

    [Theory]
    [InlineData("17.09.03", "EWC-1", "device-17.09.03-EWC-1")]
    [InlineData("17.9.4a", "site a/ewc:1", "device-17.9.4a-site_a_ewc_1")]
    [InlineData(null, "..", "device-unknown-release-unnamed")]
    public void The_name_is_a_safe_file_name(string? release, string controller, string expected) =>
        Assert.Equal(expected, DeviceCapture.NameFor(release, controller));

    private static string Capture(string parser, string name) => Path.Combine(CaptureTests.CapturesFolder, parser, name);
}
