using Xunit;

namespace EwcUpgrade.Testing;

/// <summary>
/// A test that logs in as the lab's own accounts, which needs the lab's sshd to run as root. Not
/// root: skipped with the reason, except in CI (CI=true), where it runs and fails saying why.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public const string Reason = "needs root: the lab's sshd checks lab passwords against system accounts it creates (run as root; CI does)";

    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess && !InCi) Skip = Reason;
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether root-only fixtures should start a lab: as root, yes; in CI without root they throw
    /// (so the tests fail saying why); elsewhere their tests are skipped and they start nothing.
    /// </summary>
    public static bool CanRun
    {
        get
        {
            if (Environment.IsPrivilegedProcess) return true;
            if (InCi) throw new InvalidOperationException("This test " + Reason + ".");
            return false;
        }
    }
}
