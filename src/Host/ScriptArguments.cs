using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace EwcUpgrade.Host;

/// <summary>
/// Binds "-Name value", "-Switch" and positional tokens to a script's parameters without ever
/// pasting them into script text: the script's own parameter metadata says which names are
/// switches, so "-Force positional" binds as the user meant.
/// </summary>
internal static class ScriptArguments
{
    public static (Hashtable Named, object[] Positional) Bind(CommandInfo script, IReadOnlyList<string> tokens)
    {
        var named = new Hashtable(StringComparer.OrdinalIgnoreCase);
        var positional = new List<object>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Length < 2 || token[0] != '-' || char.IsDigit(token[1]) || token[1] == '.')
            {
                positional.Add(token);
                continue;
            }
            var name = token.Substring(1);
            var colon = name.IndexOf(':');
            if (colon > 0)
            {
                named[name[..colon]] = Value(name[(colon + 1)..]);
                continue;
            }
            if (IsSwitch(script, name) || i + 1 >= tokens.Count)
            {
                named[name] = true;
                continue;
            }
            named[name] = tokens[++i];
        }
        return (named, positional.ToArray());
    }

    private static object Value(string text) => text.ToLowerInvariant() switch
    {
        "$true" or "true" => true,
        "$false" or "false" => false,
        _ => text,
    };

    private static bool IsSwitch(CommandInfo script, string name)
    {
        foreach (var parameter in script.Parameters.Values)
        {
            var matches = parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || parameter.Aliases.Contains(name);
            if (matches) return parameter.SwitchParameter;
        }
        // CmdletBinding's common switches.
        return name.Equals("Verbose", StringComparison.OrdinalIgnoreCase) || name.Equals("Debug", StringComparison.OrdinalIgnoreCase) ||
               name.Equals("WhatIf", StringComparison.OrdinalIgnoreCase) || name.Equals("Confirm", StringComparison.OrdinalIgnoreCase);
    }
}
