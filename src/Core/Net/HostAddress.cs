using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EwcUpgrade.Net;

/// <summary>Addresses as users type them (IP literals, bracketed IPv6, host names) and as we print them.</summary>
public static class HostAddress
{
    public static IPAddress Resolve(string host)
    {
        if (string.IsNullOrWhiteSpace(host)) throw new ArgumentException("An address or host name is required.", nameof(host));
        if (IPAddress.TryParse(host.Trim().Trim('[', ']'), out var address)) return address;
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            if (addresses.Length > 0) return addresses[0];
        }
        catch (SocketException) { }
        throw new ArgumentException($"Cannot resolve '{host}' to an IP address.", nameof(host));
    }

    /// <summary>A host for a URL: an IPv6 literal in brackets, anything else as given.</summary>
    public static string FormatHost(string host) =>
        IPAddress.TryParse(host, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + host + "]" : host;

    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? "[" + endPoint.Address + "]:" + endPoint.Port.ToString(CultureInfo.InvariantCulture)
            : endPoint.Address + ":" + endPoint.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a port range written "50000-50100" (or a single port).</summary>
    public static (int Min, int Max) ParsePortRange(string text)
    {
        var parts = (text ?? "").Split('-');
        if (parts.Length is 1 or 2 &&
            int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var min) &&
            int.TryParse(parts[parts.Length - 1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var max) &&
            min is >= 1 and <= 65535 && max is >= 1 and <= 65535 && min <= max)
        {
            return (min, max);
        }
        throw new ArgumentException($"'{text}' is not a port range: write it as MIN-MAX with ports 1-65535, e.g. 50000-50100.", nameof(text));
    }
}
