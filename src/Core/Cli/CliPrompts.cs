using System.Text.RegularExpressions;

namespace EwcUpgrade.Cli;

/// <summary>
/// Prompt patterns (reference §4): `NAME>`, `NAME#`, `NAME(config)#`, `NAME(config-…)#`. Config
/// prompts cut long host names (about 20 characters), so once the name is known only its first
/// characters are required.
/// </summary>
public static class CliPrompts
{
    private const int ConfigPromptNameLength = 20;

    /// <summary>Any prompt, before the device's name is known: at the end of the output so far.</summary>
    public static readonly Regex Any = new(@"(?:^|\n)(?<name>[A-Za-z0-9][^\s#>()]{0,62})(?:\((?<mode>[^)\s]+)\))?(?<level>[>#]) ?$", RegexOptions.Compiled);

    /// <summary>The pager's pause when paging was not turned off.</summary>
    public static readonly Regex More = new(@" ?--More-- ?$", RegexOptions.Compiled);

    /// <summary>A password question (enable secret).</summary>
    public static readonly Regex Password = new(@"(?:^|\n)Password: ?$", RegexOptions.Compiled);

    /// <summary>The prompt of one device, in any mode.</summary>
    public static Regex For(string deviceName)
    {
        var fixedPart = deviceName.Length > ConfigPromptNameLength ? deviceName.Substring(0, ConfigPromptNameLength) : deviceName;
        return new Regex(@"(?:^|\n)(?<name>" + Regex.Escape(fixedPart) + @"[^\s#>()]*)(?:\((?<mode>[^)\s]+)\))?(?<level>[>#]) ?$", RegexOptions.Compiled);
    }
}
