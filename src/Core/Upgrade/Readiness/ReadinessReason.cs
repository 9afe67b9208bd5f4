using EwcUpgrade.ImageServers.Probes;

namespace EwcUpgrade.Upgrade.Readiness;

/// <summary>One reason a controller is not ready: plain words naming the controller's thing, and what to change.</summary>
public sealed class ReadinessReason
{
    internal ReadinessReason(ReadinessCode code, string message, string? fix, string? imageType = null, ImageProbeVerdict? verdict = null)
    {
        Code = code;
        Message = message;
        Fix = fix;
        ImageType = imageType;
        Verdict = verdict;
    }

    public ReadinessCode Code { get; }
    public string Message { get; }
    public string? Fix { get; }
    /// <summary>The image type the reason is about, when it is about one.</summary>
    public string? ImageType { get; }
    /// <summary>For server reasons: the probe's verdict (NotFound, SizeMismatch, TimedOut, AuthFailed, Refused).</summary>
    public ImageProbeVerdict? Verdict { get; }

    public override string ToString() => $"{Code}: {Message}";
}
