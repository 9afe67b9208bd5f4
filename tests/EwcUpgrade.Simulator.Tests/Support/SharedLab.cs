using System.Text;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Simulator.Tests.Support;

/// <summary>
/// One running lab for the CLI tests: a controller shaped like the reference's samples, an older
/// release, a long name with many APs, a user-EXEC account, a flaky one, and clean ones for the
/// profile and concurrency tests. Lab users are ewcsim* (not ewcadmin), so other test projects'
/// labs running at the same time never change these passwords.
/// </summary>
public sealed class SharedLab : IDisposable
{
    public const string User = "ewcsim";
    public const string Password = "Sim-Lab-Pa55";
    public const string KeyUser = "ewcsimkey";
    public const string Operator = "ewcsimop";
    public const string EnableSecret = "Enable-Lab-1";
    public const string Banner = "Simulated EWC for tests. Authorized access only.";

    private readonly TempFolder _folder = new();

    public SharedLab()
    {
        if (!RootFactAttribute.CanRun) return; // every test here is skipped; nothing to start
        KeyFile = Keys.Generate(_folder.Combine("id_ed25519"));
        LabFile = _folder.Write("lab.yml", Yaml());
        Lab = RunningLab.Start(LabFile);
    }

    public RunningLab Lab { get; } = null!;
    public string LabFile { get; } = "";
    public string KeyFile { get; } = "";

    public DeviceTerminal Login(string controller, string user = User, string password = Password) =>
        DeviceTerminal.WithPassword(Lab.Controller(controller), user, password);

    /// <summary>Logged in, past the banner, at the privileged prompt.</summary>
    public DeviceTerminal Privileged(string controller)
    {
        var t = Login(controller);
        t.Expect("#$");
        return t;
    }

    private static string Yaml()
    {
        var yaml = new StringBuilder($$"""
            lab: simulator-tests
            controllers:
              - hostname: REF-EWC
                port: 0
                model: C9120AXI-E
                release: 17.9.4
                controllerVersion: 17.09.03.0.3760
                banner: "{{Banner}}"
                users:
                  - { username: {{User}}, password: "{{Password}}", privilege: 15 }
                  - { username: {{KeyUser}}, authorizedKeyFiles: [ id_ed25519.pub ], privilege: 15 }
                profile: { mode: tftp, server: 172.16.5.27, path: /EWC/17_9_4a }
                logging:
                  - "*Feb 1 17:05:37.108: %INSTALL-5-INSTALL_COMPLETED_INFO: Chassis 1 R0/0: install_engine: Completed install add sftp://*****@172.16.5.62/Documents/sftp_files/EWC_17_9_4a/ap3g3"
                  - "*Feb 1 20:55:46.579: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package tftp://172.16.5.199/EWC/17_9_4a/ap1g6, Error: Failed to download file tftp://172.16.5.199/EWC/17_9_4a/ap1g6: Timed out"
                aps:
                  - { name: AP6C41.0E16.E79C, model: C9120AXI-E, mac: 6c41.0e16.e79c, ip: 172.16.4.26, primary: 17.9.4.27, backup: 17.12.1.5, role: Master, predownload: { status: Complete, version: 17.12.1.5, method: CAPWAP } }
                  - { name: AP-POD-2-2, model: C9105AXI-E, mac: 0c75.bd00.2202, ip: 172.16.4.27, primary: 17.9.4.27, backup: 17.12.1.5, predownload: { status: Complete, version: 17.12.1.5, method: CAPWAP } }
                  - { name: AP-POD-2-3, model: AIR-AP2802I-E-K9, mac: 00a7.42aa.2203, ip: 172.16.4.28, primary: 17.9.4.27, backup: 17.12.1.5, country: DE, predownload: { status: Complete, version: 17.12.1.5, method: CAPWAP } }
              - hostname: OLD-EWC
                port: 0
                release: 17.9.3
                users: [ { username: {{User}}, password: "{{Password}}", privilege: 15 } ]
                aps:
                  - { name: AP-OLD-1, model: C9120AXI-E, mac: 0c75.bd00.0101, ip: 10.1.0.1, primary: 17.9.3.50, backup: 17.6.5.22, role: Master }
                  - { name: AP-OLD-2, model: C9130AXI-E, mac: 0c75.bd00.0102, ip: 10.1.0.2, primary: 17.9.3.50, backup: 17.6.5.22, predownload: { status: Failed, version: 17.9.4.27, retry: 2, nextRetry: "00:05:00", method: CAPWAP } }
              - hostname: OPERATOR-EWC
                port: 0
                enableSecret: "{{EnableSecret}}"
                users: [ { username: {{Operator}}, password: "{{Password}}", privilege: 1 } ]
                aps: []
              - hostname: FLAKY-EWC
                port: 0
                users: [ { username: {{User}}, password: "{{Password}}", privilege: 15 } ]
                faults: { dropOn: [ "show ap image" ] }
                aps:

            """);
        for (var i = 1; i <= 10; i++) yaml.AppendLine($"      - {{ name: AP-FLAKY-{i:00}, model: C9120AXI-E, mac: 0c75.bd01.00{i:00}, ip: 10.2.0.{i}, primary: 17.9.3.50, backup: 17.6.5.22 }}");
        foreach (var name in new[] { "PAGER-CONTROLLER-WITH-A-LONG-NAME", "BUSY-EWC" })
        {
            yaml.AppendLine($"""
                  - hostname: {name}
                    port: 0
                    users: [ {"{"} username: {User}, password: "{Password}", privilege: 15 {"}"} ]
                    aps:
                """);
            for (var i = 1; i <= 30; i++) yaml.AppendLine($"      - {{ name: AP-{name[..4]}-{i:00}, model: C9120AXI-E, mac: 0c75.bd02.{i:0000}, ip: 10.3.0.{i}, primary: 17.9.3.50, backup: 17.6.5.22 }}");
        }
        foreach (var name in new[] { "TFTP-EWC", "SFTP-EWC", "SLOW-EWC" })
        {
            yaml.AppendLine($"""
                  - hostname: {name}
                    port: 0
                    users: [ {"{"} username: {User}, password: "{Password}", privilege: 15 {"}"} ]
                    faults: {"{"} delayMs: {(name == "SLOW-EWC" ? 600 : 0)} {"}"}
                    aps: []
                """);
        }
        return yaml.ToString();
    }

    public void Dispose()
    {
        Lab?.Dispose();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedLabCollection : ICollectionFixture<SharedLab>
{
    public const string Name = "shared lab";
}
