using System;
using System.Collections.Generic;
using System.Linq;

namespace EwcUpgrade.Parsers;

/// <summary>
/// The columns of a device table a parser does not know (a newer release), by header name. Still a
/// dictionary, so ConvertTo-Json writes an object and Export-Clixml a hashtable; but Export-Csv
/// writes a property with ToString(), which for a plain dictionary is its .NET type name: here it is
/// "Header=value; Header=value", which a spreadsheet shows as it was on the device.
/// </summary>
public sealed class ExtraColumns : Dictionary<string, string>
{
    public ExtraColumns() : base(StringComparer.OrdinalIgnoreCase) { }

    public ExtraColumns(IEnumerable<KeyValuePair<string, string>> columns) : this()
    {
        foreach (var column in columns) this[column.Key] = column.Value;
    }

    public override string ToString() => string.Join("; ", this.Select(kv => kv.Key + "=" + kv.Value));
}
