using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace EwcUpgrade.Inventory;

/// <summary>
/// Resolves a credential reference by name, in order: the caller's explicit credentials, then
/// environment variables EWC_CREDENTIAL_&lt;NAME&gt;_USERNAME and _PASSWORD (the name upper-cased,
/// anything not a letter or digit turned into _), then an optional secret store (SecretManagement,
/// wired in by the cmdlet layer).
/// </summary>
public sealed class CredentialResolver
{
    private readonly IReadOnlyDictionary<string, NetworkCredential> _explicit;
    private readonly Func<string, NetworkCredential?>? _secretStore;
    private readonly Func<string, string?> _environment;

    public CredentialResolver(IReadOnlyDictionary<string, NetworkCredential>? explicitCredentials = null,
        Func<string, NetworkCredential?>? secretStore = null, Func<string, string?>? environment = null)
    {
        _explicit = explicitCredentials ?? new Dictionary<string, NetworkCredential>();
        _secretStore = secretStore;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public NetworkCredential? Resolve(string name)
    {
        foreach (var pair in _explicit)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)) return pair.Value;
        }
        var prefix = EnvironmentPrefix(name);
        var user = _environment(prefix + "_USERNAME");
        var password = _environment(prefix + "_PASSWORD");
        if (!string.IsNullOrEmpty(user) && password != null) return new NetworkCredential(user, password);
        return _secretStore?.Invoke(name);
    }

    /// <summary>Where a user can put the credential: named in errors, so the fix is obvious.</summary>
    public static string Hint(string name) =>
        $"pass -Credential @{{ '{name}' = (Get-Credential) }}, set {EnvironmentPrefix(name)}_USERNAME and {EnvironmentPrefix(name)}_PASSWORD, or store a SecretManagement secret named '{name}'";

    public static string EnvironmentPrefix(string name)
    {
        var sb = new StringBuilder("EWC_CREDENTIAL_");
        foreach (var c in name.ToUpperInvariant()) sb.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '_');
        return sb.ToString();
    }
}
