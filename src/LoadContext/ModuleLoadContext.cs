using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace EwcUpgrade.LoadContext;

/// <summary>
/// The module's private AssemblyLoadContext on PowerShell 7: SSH.NET, BouncyCastle and YamlDotNet
/// load from the module's own folder here, so another module that loaded other versions of them
/// into the default context can never clash with ours (and ours never clash with theirs).
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private static ModuleLoadContext? s_instance;
    private static readonly object s_gate = new();

    private readonly string _folder;
    private readonly Dictionary<string, Version?> _platform;

    private ModuleLoadContext(string folder) : base("EwcUpgrade", isCollectible: false)
    {
        _folder = folder;
        _platform = PlatformAssemblies();
    }

    /// <summary>Loads the module's main assembly into the module context (once per process).</summary>
    public static Assembly Initialize(string folder, string mainAssemblyName)
    {
        lock (s_gate)
        {
            s_instance ??= new ModuleLoadContext(Path.GetFullPath(folder));
            return s_instance.LoadFromAssemblyName(new AssemblyName(mainAssemblyName));
        }
    }

    protected override Assembly? Load(AssemblyName name)
    {
        // Shared-framework assemblies come from the default context: loading a netstandard shim copy
        // of, say, System.Memory here would split type identity. Everything else the module folder
        // holds is ours, even when the host application has an assembly of the same name.
        if (name.Name is null || IsSharedFramework(name)) return null;
        var candidate = Path.Combine(_folder, name.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    private bool IsSharedFramework(AssemblyName name) =>
        _platform.TryGetValue(name.Name!, out var version) &&
        (name.Version is null || version is null || version >= name.Version);

    /// <summary>The assemblies of the runtime's own folder (System.*, Microsoft.Win32.*, netstandard, …).</summary>
    private static Dictionary<string, Version?> PlatformAssemblies()
    {
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        var map = new Dictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.EnumerateFiles(runtimeFolder, "*.dll"))
        {
            map[Path.GetFileNameWithoutExtension(path)] = TryVersion(path);
        }
        return map;
    }

    private static Version? TryVersion(string path)
    {
        try { return AssemblyName.GetAssemblyName(path).Version; }
        catch (Exception e) when (e is BadImageFormatException or IOException) { return null; }
    }
}
