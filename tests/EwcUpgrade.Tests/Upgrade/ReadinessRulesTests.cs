using EwcUpgrade.Bundles;
using EwcUpgrade.ImageServers;
using EwcUpgrade.ImageServers.Probes;
using EwcUpgrade.Parsers;
using EwcUpgrade.Upgrade.Readiness;

namespace EwcUpgrade.Tests.Upgrade;

/// <summary>The reasons Test-EwcUpgradeReadiness gives, from facts as the controller and the probe report them.</summary>
public sealed class ReadinessRulesTests
{
    internal static ApBundle Bundle(string version = "17.9.4.27", string? controllerVersion = "17.09.04a.0.6", bool controllerImage = true, params string[] types)
    {
        var images = (types.Length == 0 ? new[] { "ap1g7", "ap1g8" } : types)
            .Select(t => new ApBundleImage(t, "/b/" + t, 1000 + t.Length, null, false)).ToList();
        if (controllerImage) images.Add(new ApBundleImage("controller", "/b/" + ApImageTypeTable.ControllerImageFile, 5000, null, true));
        return new ApBundle(version, controllerVersion, "/b", images, true);
    }

    internal static ApSummaryReport Aps(params string[] models) => new()
    {
        Aps = models.Select((m, i) => new ApSummaryEntry { ApName = "AP-" + (i + 1), Model = m, ImageType = ApImageTypeTable.Match(m).ImageType }).ToList(),
    };

    internal static ImageDownloadProfile Tftp(string? server = "127.0.0.1", string? path = "/17.9.4.27") => new()
    {
        ModeText = "tftp", Mode = ImageServerProtocol.Tftp, Server = server, ImagePath = path,
    };

    private static List<ReadinessReason> Release(string? running, ApBundle bundle, List<string>? notes = null) =>
        ReadinessRules.Release("EWC-1", running, bundle, notes ?? new List<string>()).ToList();

    [Fact]
    public void A_newer_bundle_has_no_release_reason()
    {
        Assert.Empty(Release("17.9.3", Bundle()));
        Assert.Empty(Release("17.09.04", Bundle()));   // 17.9.4a is newer than 17.9.4
    }

    [Fact]
    public void An_older_bundle_is_a_downgrade_naming_both_releases()
    {
        var r = Assert.Single(Release("17.9.5", Bundle()));
        Assert.Equal(ReadinessCode.Downgrade, r.Code);
        Assert.Contains("EWC-1 runs 17.9.5", r.Message);
        Assert.Contains("17.9.4a", r.Message);
        Assert.NotNull(r.Fix);
    }

    [Fact]
    public void The_running_release_is_already_at_target()
    {
        Assert.Equal(ReadinessCode.AlreadyAtTarget, Assert.Single(Release("17.9.4a", Bundle())).Code);
        Assert.Equal(ReadinessCode.Downgrade, Assert.Single(Release("17.9.4b", Bundle())).Code);
    }

    [Fact]
    public void Without_controller_version_the_ap_version_is_compared_and_a_note_says_so()
    {
        var notes = new List<string>();
        Assert.Equal(ReadinessCode.AlreadyAtTarget, Assert.Single(Release("17.9.4a", Bundle(controllerVersion: null), notes)).Code);
        Assert.Contains(notes, n => n.Contains("controller_version.info"));
        Assert.Empty(Release("17.9.3", Bundle(controllerVersion: null)));
    }

    [Fact]
    public void A_release_that_cannot_be_read_is_a_reason_not_a_guess()
    {
        Assert.Equal(ReadinessCode.ReleaseUnknown, Assert.Single(Release(null, Bundle())).Code);
        Assert.Equal(ReadinessCode.ReleaseUnknown, Assert.Single(Release("17.9.3", Bundle(controllerVersion: "latest"))).Code);
    }

    [Fact]
    public void Needs_the_controller_image_first_then_each_ap_image_type()
    {
        var needs = ReadinessNeeds.Of(Bundle(), Aps("C9120AXI-E", "C9105AXI-E", "C9120AXI-B").Aps);
        Assert.Equal(new[] { "controller", "ap1g7", "ap1g8" }, needs.Needed);
        Assert.Empty(needs.MissingFromBundle);
        Assert.Equal(new[] { ApImageTypeTable.ControllerImageFile, "ap1g7", "ap1g8" }, needs.Targets.Select(t => t.FileName));
        Assert.Equal(5000, needs.Targets[0].ExpectedSize);
    }

    [Fact]
    public void Names_only_the_image_type_the_bundle_lacks_with_its_aps()
    {
        var bundle = Bundle();
        var aps = Aps("C9120AXI-E", "AIR-AP2802I-E-K9", "AIR-AP3802I-E-K9");
        var needs = ReadinessNeeds.Of(bundle, aps.Aps);
        Assert.Equal(new[] { "ap3g3" }, needs.MissingFromBundle);
        var r = Assert.Single(ReadinessRules.Bundle("EWC-1", needs, bundle, aps.Aps));
        Assert.Equal(ReadinessCode.ImageTypeMissingFromBundle, r.Code);
        Assert.Equal("ap3g3", r.ImageType);
        Assert.Contains("2 APs of EWC-1 (AIR-AP2802I-E-K9, AIR-AP3802I-E-K9) need image type ap3g3", r.Message);
        // The missing type is not probed; the others are.
        Assert.Equal(new[] { "controller", "ap1g7" }, needs.Targets.Select(t => t.ImageType));
    }

    [Fact]
    public void A_bundle_without_the_controller_image_is_named()
    {
        var bundle = Bundle(controllerImage: false);
        var needs = ReadinessNeeds.Of(bundle, Aps("C9120AXI-E").Aps);
        var r = Assert.Single(ReadinessRules.Bundle("EWC-1", needs, bundle, Aps("C9120AXI-E").Aps));
        Assert.Equal("controller", r.ImageType);
        Assert.Contains(ApImageTypeTable.ControllerImageFile, r.Message);
    }

    [Fact]
    public void An_unknown_model_is_named_with_its_aps()
    {
        var aps = Aps("C9120AXI-E", "C9999ZZ-E");
        var needs = ReadinessNeeds.Of(Bundle(), aps.Aps);
        Assert.Equal(new[] { "C9999ZZ-E" }, needs.UnknownModels);
        var r = Assert.Single(ReadinessRules.Bundle("EWC-1", needs, Bundle(), aps.Aps));
        Assert.Equal(ReadinessCode.UnknownApModel, r.Code);
        Assert.Contains("AP-2", r.Message);
    }

    [Fact]
    public void A_profile_without_mode_server_path_or_sftp_login_is_incomplete_and_not_probed()
    {
        var none = ReadinessRules.Profile("EWC-1", new ImageDownloadProfile(), Bundle(), out var probe1).ToList();
        Assert.Equal(ReadinessCode.ProfileIncomplete, Assert.Single(none).Code);
        Assert.False(probe1);

        var noPath = ReadinessRules.Profile("EWC-1", Tftp(path: null), Bundle(), out var probe2).ToList();
        Assert.Contains("tftp-image-path", Assert.Single(noPath).Message);
        Assert.False(probe2);

        var sftp = new ImageDownloadProfile { ModeText = "sftp", Mode = ImageServerProtocol.Sftp, Server = "10.0.0.6", ImagePath = "17.9.4.27" };
        var r = Assert.Single(ReadinessRules.Profile("EWC-1", sftp, Bundle(), out var probe3));
        Assert.Contains("no sftp-username, no sftp-password", r.Message);
        Assert.True(probe3);   // server and path are there: the probe still says what it finds

        var cco = new ImageDownloadProfile { ModeText = "cco" };
        Assert.Equal(ReadinessCode.ProfileModeUnsupported, Assert.Single(ReadinessRules.Profile("EWC-1", cco, Bundle(), out _)).Code);

        Assert.Empty(ReadinessRules.Profile("EWC-1", Tftp(), Bundle(), out var probe4));
        Assert.True(probe4);
    }

    private static ImageProbeResult Result(string type, ImageProbeVerdict verdict, long? found = null, string? detail = null, string path = "/17.9.4a") =>
        new(new ImageProbeRequest(ImageServerProtocol.Tftp, "127.0.0.1", 6969, path), new ImageProbeTarget(type, type, 1000), verdict, found, detail);

    [Fact]
    public void A_path_that_holds_none_of_the_bundle_is_one_reason_the_profile_points_elsewhere()
    {
        var results = new[] { Result("controller", ImageProbeVerdict.NotFound), Result("ap1g7", ImageProbeVerdict.NotFound) };
        var r = Assert.Single(ReadinessRules.Server("EWC-1", Tftp(path: "/17.9.4a"), Bundle(), results));
        Assert.Equal(ReadinessCode.ProfileElsewhere, r.Code);
        Assert.Equal(ImageProbeVerdict.NotFound, r.Verdict);
        Assert.Contains("EWC-1's profile points at path '/17.9.4a'", r.Message);
        Assert.Contains("-ImagePath /17.9.4.27", r.Fix);

        var other = new[] { Result("controller", ImageProbeVerdict.SizeMismatch, 7), Result("ap1g7", ImageProbeVerdict.SizeMismatch, 8) };
        var s = Assert.Single(ReadinessRules.Server("EWC-1", Tftp(path: "/17.9.4a"), Bundle(), other));
        Assert.Equal(ReadinessCode.ProfileElsewhere, s.Code);
        Assert.Equal(ImageProbeVerdict.SizeMismatch, s.Verdict);
        Assert.Contains("another bundle", s.Message);
    }

    [Fact]
    public void A_server_that_does_not_answer_is_one_reason_with_the_probes_verdict_and_fix()
    {
        var results = new[] { Result("controller", ImageProbeVerdict.TimedOut, detail: "no answer"), Result("ap1g7", ImageProbeVerdict.TimedOut, detail: "no answer") };
        var r = Assert.Single(ReadinessRules.Server("EWC-1", Tftp(), Bundle(), results));
        Assert.Equal(ReadinessCode.ServerCheckFailed, r.Code);
        Assert.Equal(ImageProbeVerdict.TimedOut, r.Verdict);
        Assert.Equal(results[0].Fix, r.Fix);
    }

    [Fact]
    public void One_bad_image_among_good_ones_is_named_alone()
    {
        var results = new[] { Result("controller", ImageProbeVerdict.OK, 1000), Result("ap1g7", ImageProbeVerdict.SizeMismatch, 10), Result("ap1g8", ImageProbeVerdict.OK, 1000) };
        var r = Assert.Single(ReadinessRules.Server("EWC-1", Tftp(), Bundle(), results));
        Assert.Equal(ReadinessCode.ServerCheckFailed, r.Code);
        Assert.Equal("ap1g7", r.ImageType);
        Assert.Equal(ImageProbeVerdict.SizeMismatch, r.Verdict);
        Assert.Contains("10 bytes where the bundle's is 1,000 bytes", r.Message);
        Assert.Empty(ReadinessRules.Server("EWC-1", Tftp(), Bundle(), new[] { Result("ap1g7", ImageProbeVerdict.OK, 1000) }));
    }

    [Fact]
    public void A_server_that_announces_no_sizes_is_a_note_not_a_reason()
    {
        var results = new[] { Result("controller", ImageProbeVerdict.OK, 1000), Result("ap1g7", ImageProbeVerdict.OK) };
        Assert.Empty(ReadinessRules.Server("EWC-1", Tftp(), Bundle(), results));
        Assert.Contains("size of ap1g7:", ReadinessRules.UnsizedNote(results));
        Assert.Null(ReadinessRules.UnsizedNote(new[] { Result("ap1g7", ImageProbeVerdict.OK, 1000) }));
    }
}
