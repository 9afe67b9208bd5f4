using System.Net;
using EwcUpgrade.Inventory;

namespace EwcUpgrade.Tests.Inventory;

/// <summary>An inventory controller rebuilt from its serialised properties in a job (issue 7, item 9).</summary>
public sealed class InventoryRehydrationTests
{
    private static Func<string, object?> Props(Dictionary<string, object?> values) => name => values.TryGetValue(name, out var v) ? v : null;

    private static Dictionary<string, object?> Serialised() => new()
    {
        ["Name"] = "SITE-A-EWC", ["HostName"] = "127.0.0.1", ["Port"] = 2201, ["CredentialName"] = "lab",
        ["HostKey"] = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", ["TargetRelease"] = "17.10", ["TrustOnFirstUse"] = "False",
        ["HasCredential"] = true, // what the original said; the job decides again
        ["ImageServer"] = Props(new() { ["Name"] = "tftp-a", ["Protocol"] = "tftp", ["Address"] = "10.0.0.9", ["Path"] = "/17.10" }),
    };

    [Fact]
    public void The_credential_is_resolved_again_by_name_and_the_endpoint_keeps_the_pin()
    {
        var resolver = new CredentialResolver(environment: n => n switch
        {
            "EWC_CREDENTIAL_LAB_USERNAME" => "ewcadmin",
            "EWC_CREDENTIAL_LAB_PASSWORD" => "pw",
            _ => null,
        });

        var controller = InventoryRehydration.Controller(Props(Serialised()), resolver);
        var endpoint = controller.ToEndpoint();

        Assert.True(controller.HasCredential);
        Assert.Equal("17.10", controller.TargetRelease);
        Assert.Equal("/17.10", controller.ImageServer!.Path);
        Assert.Equal("ewcadmin@127.0.0.1:2201", endpoint.ToString());
        Assert.Equal("SITE-A-EWC", endpoint.ControllerName);
        Assert.Equal(new[] { "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU" }, endpoint.HostKeyPolicy.PinnedFingerprints);
    }

    [Fact]
    public void A_credential_the_job_cannot_resolve_is_that_controllers_error_naming_the_fix()
    {
        var controller = InventoryRehydration.Controller(Props(Serialised()), new CredentialResolver(environment: _ => null));

        Assert.False(controller.HasCredential);
        var e = Assert.Throws<EwcUpgrade.Cli.EwcCredentialMissingException>(() => controller.ToEndpoint());
        Assert.Contains("EWC_CREDENTIAL_LAB_USERNAME", e.Message);
    }

    [Fact]
    public void A_malformed_host_key_is_refused()
    {
        var values = Serialised();
        values["HostKey"] = "abc";
        Assert.Throws<ArgumentException>(() => InventoryRehydration.Controller(Props(values), new CredentialResolver(environment: _ => null)));
    }
}
