using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EwcUpgrade.Ssh;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EwcUpgrade.Inventory;

/// <summary>
/// Reads an inventory YAML (see examples/lab-inventory.yml). Every problem — syntax, unknown or
/// missing keys, bad types, duplicate names, references to a site or image server that is not
/// there — is reported at once, each with file, line and column. Secrets are never in the file:
/// `credential:` names one, resolved by the CredentialResolver.
/// </summary>
public static class InventoryReader
{
    private static readonly string[] s_topKeys = { "sites", "controllers", "imageServers", "bundles", "settings" };

    public static EwcInventory Read(string path, CredentialResolver credentials, ICollection<string>? warnings = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"The inventory file '{path}' does not exist.", full);
        return Parse(File.ReadAllText(full), full, credentials, warnings);
    }

    public static EwcInventory Parse(string yaml, string path, CredentialResolver credentials, ICollection<string>? warnings = null)
    {
        var schema = new YamlSchema(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InventoryException(new[] { new InventoryError(path, e.Start.Line, e.Start.Column, "YAML syntax: " + (e.InnerException?.Message ?? e.Message)) });
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new InventoryException(new[] { new InventoryError(path, 1, 1, "the inventory is empty; it needs at least 'controllers:'") });
        }
        var folder = System.IO.Path.GetDirectoryName(path) ?? ".";
        var top = schema.Fields(stream.Documents[0].RootNode, "the inventory", new[] { "controllers" }, s_topKeys.Where(k => k != "controllers").ToArray());
        var inventory = new EwcInventory { Path = path };
        if (top != null)
        {
            ReadSettings(schema, top, folder, inventory);
            var sites = top.TryGetValue("sites", out var s) ? ReadList(schema, s, "sites", ReadSite) : new();
            var servers = top.TryGetValue("imageServers", out var i) ? ReadList(schema, i, "imageServers", ReadImageServer) : new();
            var bundles = top.TryGetValue("bundles", out var b) ? ReadList(schema, b, "bundles", (sc, n) => ReadBundle(sc, n, folder)) : new();
            var controllers = top.TryGetValue("controllers", out var c) ? ReadList(schema, c, "controllers", (sc, n) => ReadController(sc, n, folder, path)) : new();
            Unique(schema, sites, x => x.Item.Name, "site");
            Unique(schema, servers, x => x.Item.Name, "image server");
            Unique(schema, bundles, x => x.Item.Name, "bundle");
            Unique(schema, controllers, x => x.Item.Name, "controller");
            ResolveReferences(schema, controllers, sites, servers);
            inventory.Sites = sites.Select(x => x.Item).ToList();
            inventory.ImageServers = servers.Select(x => x.Item).ToList();
            inventory.Bundles = bundles.Select(x => x.Item).ToList();
            inventory.Controllers = controllers.Select(x => x.Item).ToList();
        }
        if (schema.Errors.Count > 0) throw new InventoryException(schema.Errors);
        foreach (var controller in inventory.Controllers)
        {
            controller.KnownHostsPath ??= inventory.KnownHostsPath;
            controller.TrustOnFirstUse = inventory.TrustOnFirstUse;
        }
        ResolveCredentials(inventory, credentials, warnings);
        return inventory;
    }

    private sealed class Located<T>
    {
        public Located(T item, YamlNode node, Dictionary<string, YamlNode> fields)
        {
            Item = item;
            Node = node;
            Fields = fields;
        }

        public T Item { get; }
        public YamlNode Node { get; }
        public Dictionary<string, YamlNode> Fields { get; }
    }

    private static List<Located<T>> ReadList<T>(YamlSchema schema, YamlNode node, string what, Func<YamlSchema, YamlNode, Located<T>?> read) =>
        schema.Sequence(node, what).Select(n => read(schema, n)).Where(x => x != null).Select(x => x!).ToList();

    private static void ReadSettings(YamlSchema schema, Dictionary<string, YamlNode> top, string folder, EwcInventory inventory)
    {
        if (!top.TryGetValue("settings", out var node)) return;
        var f = schema.Fields(node, "settings", Array.Empty<string>(), new[] { "knownHosts", "trustOnFirstUse" });
        if (f == null) return;
        var knownHosts = schema.Text(f, "knownHosts", "settings");
        if (knownHosts != null) inventory.KnownHostsPath = Resolve(folder, knownHosts);
        inventory.TrustOnFirstUse = schema.Boolean(f, "trustOnFirstUse", "settings") ?? false;
    }

    private static Located<InventorySite>? ReadSite(YamlSchema schema, YamlNode node)
    {
        var f = schema.Fields(node, "a site", new[] { "name" }, new[] { "description" });
        if (f == null) return null;
        return new(new InventorySite { Name = schema.Text(f, "name", "a site") ?? "", Description = schema.Text(f, "description", "a site") }, node, f);
    }

    private static Located<InventoryImageServer>? ReadImageServer(YamlSchema schema, YamlNode node)
    {
        var f = schema.Fields(node, "an image server", new[] { "name", "protocol", "address", "path" }, new[] { "port", "credential" });
        if (f == null) return null;
        var name = schema.Text(f, "name", "an image server") ?? "";
        var what = $"image server '{name}'";
        var protocolText = schema.Text(f, "protocol", what);
        var protocol = ImageServers.ImageServerProtocol.Tftp;
        if (protocolText != null && !ImageServers.ImageServerProtocols.TryParse(protocolText, out protocol))
        {
            schema.Error(f["protocol"], $"'protocol' of {what} must be tftp or sftp, not '{protocolText}'");
        }
        var server = new InventoryImageServer
        {
            Name = name,
            Protocol = protocol,
            Address = schema.Text(f, "address", what) ?? "",
            Port = schema.Integer(f, "port", what, 1, 65535),
            Path = schema.Text(f, "path", what) ?? "",
            CredentialName = schema.Text(f, "credential", what),
        };
        if (server.Protocol == ImageServers.ImageServerProtocol.Sftp && server.CredentialName == null)
        {
            schema.Error(node, $"{what} uses SFTP and needs 'credential:' (the name of the login the controllers use on it)");
        }
        return new(server, node, f);
    }

    private static Located<InventoryBundle>? ReadBundle(YamlSchema schema, YamlNode node, string folder)
    {
        var f = schema.Fields(node, "a bundle", new[] { "name" }, new[] { "version", "path" });
        if (f == null) return null;
        var name = schema.Text(f, "name", "a bundle") ?? "";
        var path = schema.Text(f, "path", $"bundle '{name}'");
        return new(new InventoryBundle
        {
            Name = name,
            Version = schema.Text(f, "version", $"bundle '{name}'"),
            Path = path == null ? null : Resolve(folder, path),
        }, node, f);
    }

    private static Located<InventoryController>? ReadController(YamlSchema schema, YamlNode node, string folder, string path)
    {
        var f = schema.Fields(node, "a controller", new[] { "name", "host" },
            new[] { "port", "site", "credential", "hostKey", "targetRelease", "imageServer", "keyFile", "knownHosts" });
        if (f == null) return null;
        var name = schema.Text(f, "name", "a controller") ?? "";
        var what = $"controller '{name}'";
        var hostKey = schema.Text(f, "hostKey", what);
        if (hostKey != null && !HostKeyFingerprint.IsWellFormed(hostKey))
        {
            schema.Error(f["hostKey"], $"'hostKey' of {what} must be a fingerprint like SHA256:<43 base64 characters> (Get-EwcHostKey prints it)");
        }
        var keyFile = schema.Text(f, "keyFile", what);
        var knownHosts = schema.Text(f, "knownHosts", what);
        return new(new InventoryController
        {
            Name = name,
            HostName = schema.Text(f, "host", what) ?? "",
            Port = schema.Integer(f, "port", what, 1, 65535) ?? 22,
            Site = schema.Text(f, "site", what),
            CredentialName = schema.Text(f, "credential", what),
            HostKey = hostKey,
            TargetRelease = schema.Text(f, "targetRelease", what),
            KeyFile = keyFile == null ? null : Resolve(folder, keyFile),
            KnownHostsPath = knownHosts == null ? null : Resolve(folder, knownHosts),
            Source = $"{path}:{node.Start.Line}",
        }, node, f);
    }

    private static void Unique<T>(YamlSchema schema, List<Located<T>> items, Func<Located<T>, string> name, string what)
    {
        foreach (var group in items.Where(x => name(x).Length > 0).GroupBy(name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            foreach (var dup in group.Skip(1)) schema.Error(dup.Node, $"a second {what} named '{name(dup)}' (names must be unique, ignoring case)");
        }
    }

    private static void ResolveReferences(YamlSchema schema, List<Located<InventoryController>> controllers,
        List<Located<InventorySite>> sites, List<Located<InventoryImageServer>> servers)
    {
        foreach (var c in controllers)
        {
            if (c.Item.Site != null && !sites.Any(s => string.Equals(s.Item.Name, c.Item.Site, StringComparison.OrdinalIgnoreCase)))
            {
                schema.Error(c.Fields["site"], $"controller '{c.Item.Name}' names site '{c.Item.Site}', which 'sites:' does not define" +
                    (sites.Count > 0 ? $" (defined: {string.Join(", ", sites.Select(s => s.Item.Name))})" : ""));
            }
            if (c.Fields.TryGetValue("imageServer", out var node))
            {
                var reference = (node as YamlScalarNode)?.Value;
                var server = servers.FirstOrDefault(s => string.Equals(s.Item.Name, reference, StringComparison.OrdinalIgnoreCase));
                if (server == null)
                {
                    schema.Error(node, $"controller '{c.Item.Name}' names image server '{reference}', which 'imageServers:' does not define" +
                        (servers.Count > 0 ? $" (defined: {string.Join(", ", servers.Select(s => s.Item.Name))})" : ""));
                }
                c.Item.ImageServer = server?.Item;
            }
        }
    }

    private static void ResolveCredentials(EwcInventory inventory, CredentialResolver credentials, ICollection<string>? warnings)
    {
        var cache = new Dictionary<string, System.Net.NetworkCredential?>(StringComparer.OrdinalIgnoreCase);
        System.Net.NetworkCredential? Resolve(string name)
        {
            if (!cache.TryGetValue(name, out var credential))
            {
                credential = cache[name] = credentials.Resolve(name);
                if (credential == null) warnings?.Add($"Credential '{name}' is not available: {CredentialResolver.Hint(name)}.");
            }
            return credential;
        }
        foreach (var server in inventory.ImageServers.Where(s => s.CredentialName != null)) server.Credential = Resolve(server.CredentialName!);
        foreach (var controller in inventory.Controllers.Where(c => c.CredentialName != null)) controller.Credential = Resolve(controller.CredentialName!);
    }

    /// <summary>A path from the inventory: ~/ is the home folder, a relative path starts at the inventory's folder.</summary>
    private static string Resolve(string folder, string path) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, path.StartsWith("~/", StringComparison.Ordinal)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Substring(2))
            : path));
}
