using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// Reads a lab YAML (examples/lab.yml shows every key). Keys the file may leave out get the
/// defaults below; anything else missing, misspelled or malformed fails with file:line:column.
/// </summary>
public static partial class LabReader
{
    private const string DefaultModel = "C9120AXI-E";
    private const string DefaultRelease = "17.9.3";
    private const string DefaultControllerVersion = "17.09.03.0.3760";
    private static readonly FaultDefinition s_noFaults = new([], 0);
    private static readonly InstallDefinition s_install = new();
    private static readonly PredownloadDefinition s_noPredownload = new("None", "0.0.0.0", 0, "N/A", "N/A");

    public static LabDefinition Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new LabFileException($"{path}: no such lab file");
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(full);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw YamlMap.Error(path, e.Start, e.InnerException?.Message ?? e.Message);
        }
        if (yaml.Documents.Count == 0) throw new LabFileException($"{path}:1:1: the lab file is empty");
        var root = new YamlMap(yaml.Documents[0].RootNode, path, "the lab");
        var lab = new LabDefinition(root.Required("lab"), ReadControllers(root, Path.GetDirectoryName(full)!))
        {
            ClockFactor = root.Integer("clockFactor", 1, 1, 100_000),
        };
        root.RejectUnknownKeys();
        return lab;
    }

    private static List<ControllerDefinition> ReadControllers(YamlMap root, string folder)
    {
        var items = root.Maps("controllers", "controller", required: true);
        if (items.Count == 0) throw root.ErrorAt("controllers", "the lab: 'controllers' lists no controller");
        var controllers = new List<ControllerDefinition>();
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in items)
        {
            var c = ReadController(m, folder);
            // Checked here, where the controller's line is known: names and fixed ports once each,
            // and one password per login, because each lab user is one system account.
            if (controllers.Any(o => o.Hostname.Equals(c.Hostname, StringComparison.OrdinalIgnoreCase))) throw m.ErrorAt("hostname", $"{m.What}: another controller is already named {c.Hostname}");
            if (c.Port != 0 && controllers.Any(o => o.Port == c.Port)) throw m.ErrorAt("port", $"{m.What}: another controller already uses port {c.Port}");
            foreach (var u in c.Users.Where(u => u.Password != null))
            {
                if (passwords.TryGetValue(u.Username, out var other) && other != u.Password)
                {
                    throw m.ErrorAt("users", $"{m.What}: user {u.Username} has another password on an earlier controller; each lab user is one system account with one password");
                }
                passwords[u.Username] = u.Password!;
            }
            controllers.Add(c);
        }
        return controllers;
    }

    private static ControllerDefinition ReadController(YamlMap m, string folder)
    {
        var hostname = m.Required("hostname");
        if (!HostnamePattern().IsMatch(hostname)) throw m.ErrorAt("hostname", $"{m.What}: '{hostname}' is not a device hostname (letters, digits, '-', '_', '.'; at most 63)");
        var controller = new ControllerDefinition
        {
            Hostname = hostname,
            Port = m.Integer("port", 0, 0, 65535),
            Model = m.Optional("model", DefaultModel),
            Release = m.Optional("release", DefaultRelease),
            ControllerVersion = m.Optional("controllerVersion", DefaultControllerVersion),
            Users = m.Maps("users", $"user of {hostname}", required: true).Select(u => ReadUser(u, folder)).ToList(),
            EnableSecret = m.Optional("enableSecret"),
            Banner = m.Optional("banner"),
            Profile = m.Map("profile", $"profile of {hostname}") is { } p ? ReadProfile(p) : null,
            Logging = m.Strings("logging"),
            Faults = m.Map("faults", $"faults of {hostname}") is { } f ? ReadFaults(f) : s_noFaults,
            Aps = m.Maps("aps", $"AP of {hostname}", required: true).Select(ReadAp).ToList(),
            Install = m.Map("install", $"install of {hostname}") is { } i ? ReadInstall(i) : s_install,
        };
        m.RejectUnknownKeys();
        if (controller.Users.Count == 0) throw m.ErrorAt("users", $"{m.What}: '{hostname}' has no users, so nobody could log in");
        return controller;
    }

    private static UserDefinition ReadUser(YamlMap m, string folder)
    {
        var name = m.Required("username");
        if (!UsernamePattern().IsMatch(name)) throw m.ErrorAt("username", $"{m.What}: '{name}' cannot be a system login (lower case letters, digits, '_', '-'; at most 32)");
        var keys = m.Strings("authorizedKeys").ToList();
        foreach (var file in m.Strings("authorizedKeyFiles"))
        {
            var keyPath = Path.Combine(folder, file);
            if (!File.Exists(keyPath)) throw m.ErrorAt("authorizedKeyFiles", $"{m.What}: no key file {keyPath}");
            keys.AddRange(File.ReadAllLines(keyPath).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }
        var user = new UserDefinition(name, m.Optional("password"), keys, m.Integer("privilege", 15, 0, 15));
        m.RejectUnknownKeys();
        if (user.Password == null && keys.Count == 0) throw m.Error($"{m.What}: '{name}' has neither a password nor an authorized key");
        return user;
    }

    private static ProfileDefinition ReadProfile(YamlMap m)
    {
        var mode = m.Required("mode").ToLowerInvariant();
        if (mode is not ("tftp" or "sftp")) throw m.ErrorAt("mode", $"{m.What}: mode must be tftp or sftp, not '{mode}'");
        var profile = new ProfileDefinition(mode, m.Required("server"), m.Required("path"), m.Optional("username"), m.Optional("password"), m.OptionalInteger("port", 1, 65535));
        m.RejectUnknownKeys();
        return profile;
    }

    private static InstallDefinition ReadInstall(YamlMap m)
    {
        var d = s_install;
        var direct = m.Optional("directFetch", "false").ToLowerInvariant();
        if (direct is not ("true" or "false")) throw m.ErrorAt("directFetch", $"{m.What}: 'directFetch' must be true or false, not '{direct}'");
        var install = new InstallDefinition
        {
            CapwapRate = m.Integer("capwapRate", d.CapwapRate, 1, int.MaxValue),
            ReloadSeconds = m.Integer("reloadSeconds", d.ReloadSeconds, 0, 86_400),
            AutoAbortSeconds = m.Integer("autoAbortSeconds", d.AutoAbortSeconds, 1, 7 * 86_400),
            TimeoutSeconds = m.Integer("timeoutSeconds", d.TimeoutSeconds, 1, 3600),
            RetrySeconds = m.Integer("retrySeconds", d.RetrySeconds, 1, 86_400),
            TftpBlockSize = m.Integer("tftpBlockSize", d.TftpBlockSize, 8, 65464),
            TftpPort = m.Integer("tftpPort", d.TftpPort, 1, 65535),
            DirectFetch = direct == "true",
        };
        m.RejectUnknownKeys();
        return install;
    }

    private static FaultDefinition ReadFaults(YamlMap m)
    {
        // Split as DeviceSession splits a typed line, once here rather than on every command.
        var dropOn = m.Strings("dropOn").Select(d => string.Join(' ', d.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        var faults = new FaultDefinition(dropOn, m.Integer("delayMs", s_noFaults.DelayMs, 0, 600_000));
        m.RejectUnknownKeys();
        return faults;
    }

    private static ApDefinition ReadAp(YamlMap m)
    {
        var ap = new ApDefinition
        {
            Name = m.Required("name"),
            Model = m.Required("model"),
            Mac = m.Required("mac").ToLowerInvariant(),
            Ip = m.Required("ip"),
            Primary = m.Required("primary"),
            Backup = m.Required("backup"),
            State = m.Optional("state", "Registered"),
            Country = m.Optional("country", "US"),
            Location = m.Optional("location", "default location"),
            Predownload = m.Map("predownload", $"predownload of {m.What}") is { } p ? ReadPredownload(p) : s_noPredownload,
        };
        // Accepted and checked, not kept: lab files (examples/lab.yml too) mark the master AP as a
        // real EWC has one, but no command the simulator plays shows it.
        var role = m.Optional("role");
        m.RejectUnknownKeys();
        if (!MacPattern().IsMatch(ap.Mac)) throw m.ErrorAt("mac", $"{m.What}: mac '{ap.Mac}' is not in the device's form xxxx.xxxx.xxxx");
        if (role is not (null or "Master" or "Subordinate")) throw m.ErrorAt("role", $"{m.What}: role must be Master or Subordinate, not '{role}'");
        return ap;
    }

    private static PredownloadDefinition ReadPredownload(YamlMap m)
    {
        var none = s_noPredownload;
        var p = new PredownloadDefinition(m.Optional("status", none.Status), m.Optional("version", none.Version), m.Integer("retry", none.Retry, 0, 1000),
            m.Optional("nextRetry", none.NextRetry), m.Optional("method", none.Method));
        m.RejectUnknownKeys();
        return p;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
    private static partial Regex HostnamePattern();

    [GeneratedRegex(@"^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$")]
    private static partial Regex MacPattern();
}
