using System.Linq;

namespace EwcUpgrade.Upgrade;

/// <summary>A controller's result in one console line, for runs without -PassThru.</summary>
public static class UpgradeSummary
{
    public static string Line(ApUpgradeResult r)
    {
        var aps = r.ApCount == 0 ? "no APs"
            : string.Join(", ", r.Aps.GroupBy(a => a.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
        var phases = r.PhasesDone is { } done ? $" did {done};" : "";
        var already = r.PhasesAlreadyDone is { } was ? $" {was} done before;" : "";
        var text = $"{r.Controller}: {r.Status} in {r.Duration:hh\\:mm\\:ss};{phases}{already} APs: {aps}; the device {r.State}";
        return r.Message.Length > 0 ? text + System.Environment.NewLine + "  " + r.Message : text;
    }
}
