using System.Net;
using EwcUpgrade.Inventory;

namespace EwcUpgrade.Tests.Inventory;

public sealed class InventoryReaderTests
{
    private const string Valid = """
        settings:
          knownHosts: ./known_hosts
          trustOnFirstUse: true
        sites:
          - name: site-a
        imageServers:
          - name: tftp-a
            protocol: tftp
            address: 10.0.0.5
            path: /17.10
          - name: sftp-a
            protocol: sftp
            address: 10.0.0.6
            port: 2222
            path: images/17.10
            credential: sftp-login
        bundles:
          - name: r1710
            version: 17.10
            path: ./bundles/17.10
        controllers:
          - name: EWC-A
            host: 10.0.1.1
            site: site-a
            credential: lab
            targetRelease: 17.10
            imageServer: tftp-a
            hostKey: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
          - name: EWC-B
            host: 10.0.1.2
            port: 2201
            credential: lab
            imageServer: sftp-a
        """;

    private static CredentialResolver Resolver(params (string Name, string User, string Password)[] credentials) =>
        new(credentials.ToDictionary(c => c.Name, c => new NetworkCredential(c.User, c.Password)), environment: _ => null);

    [Fact]
    public void Reads_every_section_and_keeps_versions_as_written()
    {
        var inventory = InventoryReader.Parse(Valid, "/inv/site.yml", Resolver(("lab", "admin", "pw"), ("sftp-login", "calo", "pw2")));

        Assert.Equal(2, inventory.Controllers.Count);
        var a = inventory.Controllers[0];
        Assert.Equal("17.10", a.TargetRelease);
        Assert.Equal(22, a.Port);
        Assert.Same(inventory.ImageServers[0], a.ImageServer);
        Assert.Equal("/17.10", a.ImageServer!.Path);
        Assert.True(a.HasCredential);
        Assert.Equal("/inv/known_hosts", a.KnownHostsPath);
        Assert.True(a.TrustOnFirstUse);
        Assert.Equal("/inv/site.yml:22", a.Source);
        Assert.Equal(2201, inventory.Controllers[1].Port);
        Assert.Equal(2222, inventory.ImageServers[1].Port);
        Assert.True(inventory.ImageServers[1].HasCredential);
        Assert.Equal("17.10", inventory.Bundles[0].Version);
        Assert.Equal("/inv/bundles/17.10", inventory.Bundles[0].Path);
    }

    [Fact]
    public void Unresolved_credentials_are_warnings_naming_where_to_put_them()
    {
        var warnings = new List<string>();
        var inventory = InventoryReader.Parse(Valid, "/inv/site.yml", Resolver(), warnings);

        Assert.False(inventory.Controllers[0].HasCredential);
        Assert.Contains(warnings, w => w.Contains("'lab'") && w.Contains("EWC_CREDENTIAL_LAB_USERNAME"));
        Assert.Contains(warnings, w => w.Contains("'sftp-login'") && w.Contains("EWC_CREDENTIAL_SFTP_LOGIN_PASSWORD"));
    }

    [Fact]
    public void Credentials_resolve_from_the_environment()
    {
        var env = new Dictionary<string, string> { ["EWC_CREDENTIAL_LAB_USERNAME"] = "admin", ["EWC_CREDENTIAL_LAB_PASSWORD"] = "secret" };
        var resolver = new CredentialResolver(environment: name => env.TryGetValue(name, out var v) ? v : null);

        var credential = resolver.Resolve("lab");

        Assert.Equal("admin", credential!.UserName);
        Assert.Equal("secret", credential.Password);
        Assert.Null(resolver.Resolve("other"));
    }

    [Fact]
    public void The_secret_store_is_asked_last()
    {
        var asked = new List<string>();
        var resolver = new CredentialResolver(
            new Dictionary<string, NetworkCredential> { ["given"] = new("u", "p") },
            name => { asked.Add(name); return new NetworkCredential("v", "w"); },
            variable => variable.StartsWith("EWC_CREDENTIAL_ENVONLY_", StringComparison.Ordinal) ? "e" : null);

        Assert.Equal("u", resolver.Resolve("GIVEN")!.UserName);
        Assert.Equal("e", resolver.Resolve("envonly")!.UserName);
        Assert.Equal("v", resolver.Resolve("vault")!.UserName);
        Assert.Equal(new[] { "vault" }, asked);
    }

    [Theory]
    [InlineData("controllers:\n  - name: A\n    host: h\n    prot: 22\n", 4, 5, "unknown key 'prot' in a controller (did you mean 'port'?)")]
    [InlineData("controllers:\n  - name: A\n", 2, 5, "a controller lacks the required key 'host'")]
    [InlineData("controllers:\n  - name: A\n    host: h\n    port: twenty\n", 4, 11, "'port' of controller 'A' must be a whole number from 1 to 65535")]
    [InlineData("controllers:\n  - name: A\n    host: h\n    site: nowhere\n", 4, 11, "names site 'nowhere', which 'sites:' does not define")]
    [InlineData("controllers:\n  - name: A\n    host: h\n    imageServer: gone\n", 4, 18, "names image server 'gone', which 'imageServers:' does not define")]
    [InlineData("controllers:\n  - name: A\n    host: h\n  - name: a\n    host: h2\n", 4, 5, "a second controller named 'a'")]
    [InlineData("controllers:\n  - name: A\n    host: h\n    hostKey: abc\n", 4, 14, "'hostKey' of controller 'A' must be a fingerprint")]
    [InlineData("controllers: {}\n", 1, 14, "controllers must be a list")]
    [InlineData("controlers: []\n", 1, 1, "unknown key 'controlers' in the inventory (did you mean 'controllers'?)")]
    [InlineData("controllers:\n  - name: A\n    host: [h\n", 4, 1, "YAML syntax")]
    [InlineData("imageServers:\n  - name: s\n    protocol: ftp\n    address: a\n    path: /\ncontrollers: []\n", 3, 15, "must be tftp or sftp")]
    [InlineData("imageServers:\n  - name: s\n    protocol: sftp\n    address: a\n    path: /\ncontrollers: []\n", 2, 5, "uses SFTP and needs 'credential:'")]
    public void Problems_are_reported_with_file_line_and_column(string yaml, int line, int column, string message)
    {
        var e = Assert.Throws<InventoryException>(() => InventoryReader.Parse(yaml, "/x/inv.yml", Resolver()));

        var error = Assert.Single(e.Errors, x => x.Message.Contains(message));
        Assert.Equal("/x/inv.yml", error.File);
        Assert.Equal((line, column), ((int)error.Line, (int)error.Column));
        Assert.Contains($"/x/inv.yml:{line}:{column}: ", e.Message);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var yaml = "controllers:\n  - name: A\n    hots: h\n  - host: h2\n    colour: red\n";

        var e = Assert.Throws<InventoryException>(() => InventoryReader.Parse(yaml, "inv.yml", Resolver()));

        Assert.Equal(4, e.Errors.Count); // hots unknown, host missing, name missing, colour unknown
    }

    [Fact]
    public void An_empty_file_is_an_error_not_an_empty_inventory()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryReader.Parse("", "inv.yml", Resolver()));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void The_shipped_lab_inventory_reads()
    {
        var path = Path.Combine(TestRepo.Root, "examples", "lab-inventory.yml");
        var inventory = InventoryReader.Read(path, Resolver(("lab", "ewcadmin", "x")));
        Assert.True(inventory.Controllers.Count >= 3);
        Assert.All(inventory.Controllers, c => Assert.True(c.HasCredential));
    }
}
