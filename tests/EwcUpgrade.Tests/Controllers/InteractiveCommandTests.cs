using EwcUpgrade.Cli;

namespace EwcUpgrade.Tests.Controllers;

/// <summary>A command that asks a question and ends in a reload (`install activate`), against a scripted device.</summary>
public sealed class InteractiveCommandTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);

    /// <summary>Asks "[y/n]" after the command; on "y" prints the reload line and closes, on anything else returns to the prompt.</summary>
    private sealed class ReloadingDevice : ICliTransport
    {
        private readonly System.Text.StringBuilder _out = new("DEV#");
        public readonly List<string> Received = new();
        public bool Closed;
        public bool CloseWithoutMarker;

        public void Write(string text)
        {
            var line = text.TrimEnd('\r');
            Received.Add(line);
            _out.Append(line).Append("\r\n");
            if (line == "install activate")
            {
                _out.Append("This operation may require a reload of the system. Do you want to proceed? [y/n]");
                return;
            }
            if (line == "y")
            {
                if (!CloseWithoutMarker) _out.Append("install_activate: Reloading the system\r\n");
                Closed = true;
                return;
            }
            _out.Append("DEV#");
        }

        public string ReadAvailable()
        {
            var text = _out.ToString();
            _out.Clear();
            return text;
        }

        public void WaitForData(TimeSpan wait) { }
        public bool IsClosed => Closed && _out.Length == 0;
        public void Dispose() { }
    }

    private static string? Answer(string text) => text.TrimEnd().EndsWith("[y/n]", StringComparison.Ordinal) ? "y" : null;
    private static bool Reloading(string text) => text.Contains("Reloading the system");

    private static (CliSession, ReloadingDevice) Opened(bool closeWithoutMarker = false)
    {
        var device = new ReloadingDevice { CloseWithoutMarker = closeWithoutMarker };
        var cli = new CliSession(device, "dev");
        cli.Open(s_wait, null);
        return (cli, device);
    }

    [Fact]
    public void The_question_is_answered_and_the_drop_after_the_reload_line_is_the_reload()
    {
        var (cli, device) = Opened();
        var result = cli.ExecuteInteractive("install activate", Answer, Reloading, s_wait);
        Assert.True(result.ConnectionClosed);
        Assert.Contains("Reloading the system", result.Text);
        Assert.Equal("y", device.Received.Last());
    }

    [Fact]
    public void A_drop_right_after_an_answer_is_the_reload_even_without_the_marker()
    {
        var (cli, _) = Opened(closeWithoutMarker: true);
        Assert.True(cli.ExecuteInteractive("install activate", Answer, Reloading, s_wait).ConnectionClosed);
    }

    [Fact]
    public void A_question_nobody_answers_times_out_instead_of_hanging()
    {
        var (cli, device) = Opened();
        var e = Assert.Throws<EwcTimeoutException>(() => cli.ExecuteInteractive("install activate", _ => null, Reloading, TimeSpan.FromMilliseconds(300)));
        Assert.Contains("install activate", e.Message);
        Assert.DoesNotContain("y", device.Received.Skip(1));
    }

    [Fact]
    public void A_command_without_questions_returns_at_the_prompt_with_its_output()
    {
        var (cli, _) = Opened();
        var result = cli.ExecuteInteractive("show clock", Answer, Reloading, s_wait);
        Assert.False(result.ConnectionClosed);
        Assert.Equal("", result.Text.Trim());
    }
}
