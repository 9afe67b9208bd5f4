using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EwcUpgrade.Tftp;

/// <summary>An address range written as CIDR (192.0.2.0/24, 2001:db8::/32) or a single address.</summary>
public readonly struct IpNetwork
{
    private readonly byte[] _prefix;

    private IpNetwork(byte[] prefix, int length, AddressFamily family)
    {
        _prefix = prefix;
        PrefixLength = length;
        Family = family;
    }

    public int PrefixLength { get; }
    public AddressFamily Family { get; }

    public static IpNetwork Parse(string text) =>
        TryParse(text, out var network) ? network : throw new FormatException($"'{text}' is not an address or a network in CIDR form.");

    public static bool TryParse(string text, out IpNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var address)) return false;
        var bits = address.GetAddressBytes().Length * 8;
        var length = bits;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > bits)) return false;
        network = new IpNetwork(Mask(address.GetAddressBytes(), length), length, address.AddressFamily);
        return true;
    }

    /// <summary>IPv4-mapped IPv6 addresses (a dual-stack socket's view of IPv4 clients) match IPv4 networks.</summary>
    public bool Contains(IPAddress address)
    {
        if (_prefix == null) return false;
        if (address.IsIPv4MappedToIPv6 && Family == AddressFamily.InterNetwork) address = address.MapToIPv4();
        if (address.AddressFamily != Family) return false;
        var masked = Mask(address.GetAddressBytes(), PrefixLength);
        for (var i = 0; i < masked.Length; i++)
        {
            if (masked[i] != _prefix[i]) return false;
        }
        return true;
    }

    public override string ToString() => _prefix == null ? "" : new IPAddress(_prefix) + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

    private static byte[] Mask(byte[] bytes, int length)
    {
        var result = (byte[])bytes.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            var keep = Math.Max(0, Math.Min(8, length - i * 8));
            result[i] &= (byte)(0xFF << (8 - keep));
        }
        return result;
    }
}
