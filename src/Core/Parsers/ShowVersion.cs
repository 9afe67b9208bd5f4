using System.Text.RegularExpressions;

namespace EwcUpgrade.Parsers;

public sealed class VersionInfo
{
    public string? Software { get; internal set; }
    public string? Version { get; internal set; }
    public string? HostName { get; internal set; }
    public string? Uptime { get; internal set; }
    public string? Model { get; internal set; }
}

/// <summary>`show version`: the few facts the upgrade needs, found by their phrases rather than line numbers.</summary>
public static class ShowVersion
{
    private static readonly Regex s_software = new(@"^(?<software>.*Software.*?),\s*Version\s+(?<version>\S+)", RegexOptions.Compiled | RegexOptions.Multiline);
    private static readonly Regex s_uptime = new(@"^(?<host>\S+)\s+uptime is\s+(?<uptime>.+)$", RegexOptions.Compiled | RegexOptions.Multiline);
    // The hardware line is lower-case "cisco <model> (<cpu>) processor …" or, on AP-hosted EWCs,
    // "cisco <model> ARMv8 Processor rev 4 (v8l) with …"; the banner's "Cisco IOS …" must not match.
    private static readonly Regex s_model = new(@"^cisco\s+(?<model>\S+)\s+(?:\(|.*\b(?i:processor)\b)", RegexOptions.Compiled | RegexOptions.Multiline);

    public static VersionInfo Parse(string raw)
    {
        var text = string.Join("\n", CliText.Lines(raw));
        var info = new VersionInfo();
        var software = s_software.Match(text);
        if (software.Success)
        {
            info.Software = software.Groups["software"].Value.Trim();
            info.Version = software.Groups["version"].Value.TrimEnd(',');
        }
        var uptime = s_uptime.Match(text);
        if (uptime.Success)
        {
            info.HostName = uptime.Groups["host"].Value;
            info.Uptime = uptime.Groups["uptime"].Value.Trim();
        }
        var model = s_model.Match(text);
        if (model.Success) info.Model = model.Groups["model"].Value;
        if (info.Version == null) throw new CliParseException("show version", "no software version line", text.Length > 200 ? text.Substring(0, 200) : text);
        return info;
    }
}
