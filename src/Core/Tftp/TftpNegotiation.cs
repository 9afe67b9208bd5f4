using System;
using System.Collections.Generic;
using System.Globalization;

namespace EwcUpgrade.Tftp;

/// <summary>The settings a transfer runs with after option negotiation.</summary>
internal sealed class NegotiatedTransfer
{
    public int BlockSize { get; set; } = 512;
    public int WindowSize { get; set; } = 1;
    public TimeSpan? Timeout { get; set; }
    /// <summary>The options to acknowledge in an OACK, in the client's order; empty means plain RFC 1350 (no OACK).</summary>
    public List<KeyValuePair<string, string>> Acknowledged { get; } = new();
}

/// <summary>
/// RFC 2347 negotiation for read requests: blksize (RFC 2348), timeout and tsize (RFC 2349),
/// windowsize (RFC 7440). Unknown, disabled or malformed options are left out of the OACK, which
/// is what the RFCs ask of a server that does not support them.
/// </summary>
internal static class TftpNegotiation
{
    public const int MinBlockSize = 8;
    public const int MaxBlockSize = 65464;

    public static NegotiatedTransfer Negotiate(IReadOnlyDictionary<string, string> requested, TftpServerOptions server, long? transferSize)
    {
        var result = new NegotiatedTransfer();
        foreach (var option in requested)
        {
            if (server.DisabledOptions.Contains(option.Key)) continue;
            switch (option.Key)
            {
                case "blksize" when TryInt(option.Value, out var size) && size >= MinBlockSize:
                    result.BlockSize = Math.Min(size, Math.Min(MaxBlockSize, server.MaxBlockSize));
                    result.Acknowledged.Add(new("blksize", result.BlockSize.ToString(CultureInfo.InvariantCulture)));
                    break;
                case "timeout" when TryInt(option.Value, out var seconds) && seconds is >= 1 and <= 255:
                    result.Timeout = TimeSpan.FromSeconds(seconds);
                    result.Acknowledged.Add(new("timeout", seconds.ToString(CultureInfo.InvariantCulture)));
                    break;
                case "tsize" when transferSize.HasValue:
                    result.Acknowledged.Add(new("tsize", transferSize.Value.ToString(CultureInfo.InvariantCulture)));
                    break;
                case "windowsize" when TryInt(option.Value, out var window) && window is >= 1 and <= 65535:
                    result.WindowSize = Math.Min(window, server.MaxWindowSize);
                    result.Acknowledged.Add(new("windowsize", result.WindowSize.ToString(CultureInfo.InvariantCulture)));
                    break;
            }
        }
        return result;
    }

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
