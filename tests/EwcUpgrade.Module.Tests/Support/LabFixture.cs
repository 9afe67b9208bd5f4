using System.Text;
using EwcUpgrade.Testing;

namespace EwcUpgrade.Module.Tests.Support;

/// <summary>
/// One lab for the controller tests: the controllers of examples/lab.yml (on free ports), plus a
/// controller that drops the connection during `show ap image`, one for an operator who must give the
/// enable secret, one reached by key only, and ten
/// small ones for fan-out. Password logins use the lab's ewcadmin account.
/// </summary>
public sealed class LabFixture : IDisposable
{
    public const string User = "ewcadmin";
    public const string Password = "Lab-Only-Pa55";
    public const string KeyUser = "ewckey";
    /// <summary>Lands in user EXEC mode on OPS-EWC, which asks for <see cref="EnableSecret"/>.</summary>
    public const string OperatorUser = "ewcop";
    public const string EnableSecret = "Lab-Enable-Pa55";

    public LabFixture()
    {
        if (Environment.UserName != "root")
        {
            // sshd checks passwords against system accounts, which only root can create and use.
            throw new InvalidOperationException("The controller tests log in to the lab with passwords, which needs the lab's sshd to run as root: run the tests as root (CI does).");
        }
        var examples = File.ReadAllText(ExampleLab);
        var lab = new StringBuilder(RunningLab.OnFreePorts(examples));
        Directory.CreateDirectory(Dir.Path);
        Keys.Generate(KeyFile);
        lab.Append($$"""
              - hostname: FLAKY-EWC
                port: 0
                users: [ { username: {{User}}, password: "{{Password}}" } ]
                faults: { dropOn: [ "show ap image" ] }
                aps:
                  - { name: AP-F-1, model: C9120AXI-E, mac: 0c75.bd44.0001, ip: 10.9.9.1, primary: 17.9.3.50, backup: 17.6.5.22 }
              - hostname: OPS-EWC
                port: 0
                enableSecret: "{{EnableSecret}}"
                users: [ { username: {{OperatorUser}}, password: "{{Password}}", privilege: 1 } ]
                aps: []
              - hostname: KEY-EWC
                port: 0
                users: [ { username: {{KeyUser}}, authorizedKeyFiles: [ "{{KeyFile}}.pub" ] } ]
                aps: []

            """);
        for (var i = 1; i <= 10; i++)
        {
            lab.Append($$"""
                  - hostname: TEN-{{i:00}}
                    port: 0
                    users: [ { username: {{User}}, password: "{{Password}}" } ]
                    aps:
                      - { name: AP-T{{i:00}}-1, model: C9120AXI-E, mac: 0c75.be{{i:00}}.0001, ip: 10.10.{{i}}.1, primary: 17.9.3.50, backup: 17.6.5.22 }
                      - { name: AP-T{{i:00}}-2, model: C9105AXI-E, mac: 0c75.be{{i:00}}.0002, ip: 10.10.{{i}}.2, primary: 17.9.3.50, backup: 17.6.5.22 }

                """);
        }
        File.WriteAllText(LabFile, lab.ToString());
        Lab = RunningLab.Start(LabFile);
    }

    public static string ExampleLab => Path.Combine(RepoPaths.Root, "examples", "lab.yml");
    public TempDir Dir { get; } = new();
    public string LabFile => Dir.Combine("lab.yml");
    public string KeyFile => Dir.Combine("id_ed25519");
    public RunningLab Lab { get; }

    /// <summary>An inventory for some of the lab's controllers, pinned to the lab's host key.</summary>
    public string WriteInventory(string name, params string[] controllers) => WriteInventoryWithCredential(name, "lab", controllers);

    public string WriteInventoryWithCredential(string name, string credential, params string[] controllers)
    {
        var yaml = new StringBuilder("controllers:\n");
        foreach (var c in controllers)
        {
            var e = Lab.Controller(c);
            yaml.Append($"  - name: {c}\n    host: 127.0.0.1\n    port: {e.Port}\n    credential: {credential}\n    hostKey: {e.HostKeyFingerprint}\n");
        }
        var path = Dir.Combine(name + ".yml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    public void Dispose()
    {
        Lab.Dispose();
        Dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "Lab";
}
