using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using EwcUpgrade.Inventory;
using EwcUpgrade.Ssh;

namespace EwcUpgrade.Cmdlets.Internal;

/// <summary>
/// -Controller: turns an inventory controller that went through serialisation (Start-Job, $using:,
/// Invoke-Command, Import-Clixml) back into a controller, its credential resolved again by name in
/// this process (environment variables or SecretManagement). Anything else passes unchanged.
/// </summary>
public sealed class InventoryControllerTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (inputData is IList list && inputData is not string)
        {
            var items = new object?[list.Count];
            for (var i = 0; i < list.Count; i++) items[i] = One(engineIntrinsics, list[i]);
            return items;
        }
        return One(engineIntrinsics, inputData);
    }

    private static object? One(EngineIntrinsics engine, object? item)
    {
        if (item is not PSObject ps || ps.BaseObject is InventoryController || !ps.TypeNames.Contains(InventoryRehydration.ControllerTypeName)) return item;
        var resolver = new CredentialResolver(secretStore: SecretStore.For(engine.InvokeCommand));
        try
        {
            return InventoryRehydration.Controller(Lookup(ps), resolver);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
    }

    private static Func<string, object?> Lookup(PSObject ps) => name =>
    {
        var value = ps.Properties[name]?.Value;
        if (value is PSObject nested && nested.BaseObject is not string && nested.BaseObject is not ValueType) return Lookup(nested);
        return value is PSObject wrapped ? wrapped.BaseObject : value;
    };
}

/// <summary>
/// -HostName: takes text (or an IP address). Without this, an unrelated object piped in — a FileInfo,
/// a process — would be turned into its string and bound as a host name silently. Objects that other
/// pipeline parameters take pass unchanged, so they bind there: sessions, inventory controllers
/// (also deserialised ones), and objects with a HostName, Host or Address property (Get-EwcHostKey's
/// output, Import-Csv rows), which bind by property name.
/// </summary>
public sealed class HostNameTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly string[] s_names = { "HostName", "Host", "Address" };

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        switch (value)
        {
            case null or string:
                return value;
            case IPAddress address:
                return address.ToString();
            case Controllers.EwcSession or InventoryController:
                return inputData;
        }
        var wrapped = PSObject.AsPSObject(inputData!);
        if (wrapped.TypeNames.Any(t => t.StartsWith("Deserialized.EwcUpgrade.", StringComparison.Ordinal))) return inputData;
        if (s_names.Any(n => wrapped.Properties[n] != null)) return inputData;
        // A result that carries its session (Invoke-ApUpgrade's) binds to -Session by property name.
        if (wrapped.Properties["Session"]?.Value is Controllers.EwcSession) return inputData;
        throw new ArgumentTransformationMetadataException(
            $"-HostName takes a host name or an address as text, not a {value.GetType().Name}. Pipe host names, sessions (Connect-Ewc), inventory controllers (Import-EwcInventory) or objects with a HostName property.");
    }
}

/// <summary>-HostKeyFingerprint: only the forms a host key can be compared with, checked when the command is bound.</summary>
public sealed class ValidateHostKeyFingerprintAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        var text = (element is PSObject ps ? ps.BaseObject : element)?.ToString() ?? "";
        if (!HostKeyFingerprint.IsWellFormed(text))
        {
            throw new ValidationMetadataException(
                $"'{text}' is not a host key fingerprint. Give it as ssh-keygen -l prints it: SHA256:<43 base64 characters> " +
                "(e.g. SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU), or MD5:xx:xx:...:xx (16 hex pairs). Get-EwcHostKey shows both.");
        }
    }
}
