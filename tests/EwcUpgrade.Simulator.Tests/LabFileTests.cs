using EwcUpgrade.Simulator.Tests.Support;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests;

/// <summary>The command line and the lab YAML's checks: mistakes are reported with file:line:column.</summary>
public sealed class LabFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private const string Controller = """
        lab: checks
        controllers:
          - hostname: CHECK-EWC
            port: 0
            users: [ { username: ewcsim, password: "x" } ]
            aps:
              - { name: AP1, model: C9120AXI-E, mac: 0c75.bd00.0001, ip: 10.0.0.1, primary: 17.9.3.50, backup: 17.6.5.22 }
        """;

    [Fact]
    public void Help_exits_0_and_usage_errors_exit_64()
    {
        var help = SimulatorProcess.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("run --lab <lab.yml>", help.Stdout);
        Assert.Equal(64, SimulatorProcess.Run().ExitCode);
        Assert.Equal(64, SimulatorProcess.Run("run").ExitCode);
        var unknown = SimulatorProcess.Run("run", "--lab", "x.yml", "--colour");
        Assert.Equal(64, unknown.ExitCode);
        Assert.Contains("unknown option --colour", unknown.Stderr);
        Assert.Equal(64, SimulatorProcess.Run("run", "--lab").ExitCode);
        Assert.Equal(64, SimulatorProcess.Run("launch").ExitCode);
    }

    [Fact]
    public void An_unknown_key_is_an_error_at_its_line_and_column()
    {
        var run = SimulatorProcess.Run("run", "--lab", _folder.Write("lab.yml", Controller + "\n    colour: blue\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("lab.yml:8:5: controller #1: unknown key 'colour'", run.Stderr);

        run = SimulatorProcess.Run("run", "--lab", _folder.Write("lab.yml", """
            lab: checks
            controllers:
              - hostname: CHECK-EWC
                users:
                  - username: ewcsim
                    passwrd: x
                aps: []
            """));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("lab.yml:6:9: user of CHECK-EWC #1: unknown key 'passwrd'", run.Stderr);
    }

    [Fact]
    public void A_missing_required_key_is_an_error_at_its_mapping()
    {
        var path = _folder.Write("lab.yml", Controller.Replace("ip: 10.0.0.1, ", ""));
        var run = SimulatorProcess.Run("run", "--lab", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("lab.yml:7:9: AP of CHECK-EWC #1: the required key 'ip' is missing", run.Stderr);
    }

    [Fact]
    public void One_login_with_two_passwords_is_refused()
    {
        var second = """

              - hostname: OTHER-EWC
                users: [ { username: ewcsim, password: "y" } ]
                aps: []
            """;
        var path = _folder.Write("lab.yml", Controller + second);
        var run = SimulatorProcess.Run("run", "--lab", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("user ewcsim has another password on an earlier controller", run.Stderr);
        Assert.Matches(@"lab\.yml:\d+:\d+: controller #2", run.Stderr);
    }

    [Fact]
    public void A_number_where_text_belongs_and_text_where_a_number_belongs()
    {
        var path = _folder.Write("lab.yml", Controller.Replace("port: 0", "port: twenty"));
        var run = SimulatorProcess.Run("run", "--lab", path);
        Assert.Contains("lab.yml:4:11: controller #1: 'port' must be a whole number from 0 to 65535, not 'twenty'", run.Stderr);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void The_install_options_and_the_clock_factor_are_checked_at_their_line_and_column()
    {
        var run = SimulatorProcess.Run("run", "--lab", _folder.Write("lab.yml", Controller + "\n    install: { capwapRate: fast }\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("lab.yml:8:28: install of CHECK-EWC: 'capwapRate' must be a whole number from 1 to 2147483647, not 'fast'", run.Stderr);

        run = SimulatorProcess.Run("run", "--lab", _folder.Write("lab.yml", Controller + "\n    install: { directFetch: sometimes }\n"));
        Assert.Contains("lab.yml:8:29: install of CHECK-EWC: 'directFetch' must be true or false, not 'sometimes'", run.Stderr);

        run = SimulatorProcess.Run("run", "--lab", _folder.Write("lab.yml", Controller + "\n    install: { reloadSecs: 5 }\n"));
        Assert.Contains("lab.yml:8:16: install of CHECK-EWC: unknown key 'reloadSecs'", run.Stderr);

        run = SimulatorProcess.Run("run", "--lab", _folder.Write("lab.yml", "clockFactor: 0\n" + Controller));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("lab.yml:1:14: the lab: 'clockFactor' must be a whole number from 1 to 100000, not '0'", run.Stderr);
    }

    public void Dispose() => _folder.Dispose();
}
