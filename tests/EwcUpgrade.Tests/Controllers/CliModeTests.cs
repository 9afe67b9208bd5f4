using EwcUpgrade.Cli;

namespace EwcUpgrade.Tests.Controllers;

/// <summary>A session is always handed back in privileged EXEC (issue 7, item 4).</summary>
public sealed class CliModeTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);

    /// <summary>A scripted device: echoes each line and answers with the prompt of its mode.</summary>
    private sealed class FakeDevice : ICliTransport
    {
        private readonly System.Text.StringBuilder _out = new("Banner\r\nDEV#");
        public string Mode = "";
        public string Level = "#";
        public readonly List<string> Received = new();

        public void Write(string text)
        {
            var line = text.TrimEnd('\r');
            Received.Add(line);
            _out.Append(line).Append("\r\n");
            switch (line)
            {
                case "configure terminal": Mode = "(config)"; break;
                case "interface x": Mode = "(config-if)"; break;
                case "end": Mode = ""; break;
                case "disable": Level = ">"; break;
                case "enable": Level = "#"; break;
            }
            _out.Append("DEV").Append(Mode).Append(Level);
        }

        public string ReadAvailable()
        {
            var text = _out.ToString();
            _out.Clear();
            return text;
        }

        public void WaitForData(TimeSpan wait) { }
        public bool IsClosed => false;
        public void Dispose() { }
    }

    private static (CliSession, FakeDevice) Opened()
    {
        var device = new FakeDevice();
        var cli = new CliSession(device, "dev");
        cli.Open(s_wait, null);
        return (cli, device);
    }

    [Fact]
    public void A_session_left_in_a_configuration_mode_is_brought_back_with_end()
    {
        var (cli, device) = Opened();
        cli.Execute("configure terminal", s_wait);
        cli.Execute("interface x", s_wait);
        Assert.Equal("config-if", cli.Mode);
        Assert.False(cli.InPrivilegedExec);

        cli.ReturnToPrivilegedExec(s_wait, null);

        Assert.True(cli.InPrivilegedExec);
        Assert.Equal("", device.Mode);
        Assert.Equal(CliCommands.End, device.Received[^1]);
    }

    [Fact]
    public void A_session_in_privileged_exec_sends_nothing_and_one_in_user_exec_enables_again()
    {
        var (cli, device) = Opened();
        var sent = device.Received.Count;
        cli.ReturnToPrivilegedExec(s_wait, null);
        Assert.Equal(sent, device.Received.Count);

        cli.Execute("disable", s_wait);
        Assert.False(cli.InPrivilegedExec);
        cli.ReturnToPrivilegedExec(s_wait, null);
        Assert.True(cli.InPrivilegedExec);
        Assert.Equal(CliCommands.Enable, device.Received[^1]);
    }
}
