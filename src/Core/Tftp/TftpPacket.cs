using System;
using System.Collections.Generic;
using System.Text;

namespace EwcUpgrade.Tftp;

public enum TftpOpcode : ushort
{
    ReadRequest = 1,
    WriteRequest = 2,
    Data = 3,
    Ack = 4,
    Error = 5,
    OptionAck = 6,
}

public enum TftpErrorCode : ushort
{
    NotDefined = 0,
    FileNotFound = 1,
    AccessViolation = 2,
    DiskFull = 3,
    IllegalOperation = 4,
    UnknownTransferId = 5,
    FileExists = 6,
    NoSuchUser = 7,
    OptionNegotiation = 8,
}

/// <summary>A parsed RRQ or WRQ.</summary>
internal sealed class TftpRequest
{
    public TftpRequest(TftpOpcode opcode, string fileName, string mode, IReadOnlyDictionary<string, string> options)
    {
        Opcode = opcode;
        FileName = fileName;
        Mode = mode;
        Options = options;
    }

    public TftpOpcode Opcode { get; }
    public string FileName { get; }
    public string Mode { get; }
    /// <summary>Option names lower-cased; the first occurrence of a name wins.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }
}

/// <summary>
/// Encodes and decodes TFTP packets (RFC 1350, 2347). No I/O: every method works on a buffer, so the
/// wire format is tested on its own.
/// </summary>
internal static class TftpPacket
{
    public const int DataHeaderSize = 4;
    public const int MaxPacketSize = 65468;

    // Latin-1 maps every byte to one char and back, so no name is mangled before the path checks see it.
    private static readonly Encoding Latin1 = Encoding.GetEncoding("ISO-8859-1");

    public static TftpOpcode? Opcode(byte[] buffer, int length) =>
        length >= 2 ? (TftpOpcode)(buffer[0] << 8 | buffer[1]) : null;

    /// <summary>A request, or null when the packet is not a well-formed RRQ/WRQ (it is then answered with an error or dropped).</summary>
    public static TftpRequest? ParseRequest(byte[] buffer, int length)
    {
        var opcode = Opcode(buffer, length);
        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest)) return null;
        var strings = new List<string>();
        var start = 2;
        for (var i = 2; i < length; i++)
        {
            if (buffer[i] != 0) continue;
            strings.Add(Latin1.GetString(buffer, start, i - start));
            start = i + 1;
        }
        if (start != length || strings.Count < 2 || strings[0].Length == 0) return null; // unterminated, or no name/mode
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 2; i + 1 < strings.Count; i += 2)
        {
            var name = strings[i].ToLowerInvariant();
            if (!options.ContainsKey(name)) options[name] = strings[i + 1];
        }
        return new TftpRequest(opcode.Value, strings[0], strings[1].ToLowerInvariant(), options);
    }

    public static bool TryParseAck(byte[] buffer, int length, out ushort block)
    {
        block = 0;
        if (length < 4 || Opcode(buffer, length) != TftpOpcode.Ack) return false;
        block = (ushort)(buffer[2] << 8 | buffer[3]);
        return true;
    }

    public static bool TryParseData(byte[] buffer, int length, out ushort block)
    {
        block = 0;
        if (length < 4 || Opcode(buffer, length) != TftpOpcode.Data) return false;
        block = (ushort)(buffer[2] << 8 | buffer[3]);
        return true;
    }

    public static bool TryParseError(byte[] buffer, int length, out TftpErrorCode code, out string message)
    {
        code = 0;
        message = "";
        if (length < 4 || Opcode(buffer, length) != TftpOpcode.Error) return false;
        code = (TftpErrorCode)(buffer[2] << 8 | buffer[3]);
        var end = Array.IndexOf(buffer, (byte)0, 4, length - 4);
        message = Encoding.ASCII.GetString(buffer, 4, (end < 0 ? length : end) - 4);
        return true;
    }

    /// <summary>The options of an OACK, names lower-cased; null when the packet is not an OACK.</summary>
    public static Dictionary<string, string>? ParseOptionAck(byte[] buffer, int length)
    {
        if (Opcode(buffer, length) != TftpOpcode.OptionAck) return null;
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        var start = 2;
        for (var i = 2; i < length; i++)
        {
            if (buffer[i] != 0) continue;
            var text = Latin1.GetString(buffer, start, i - start);
            if (name == null) name = text.ToLowerInvariant();
            else { options[name] = text; name = null; }
            start = i + 1;
        }
        return options;
    }

    /// <summary>OACK: the accepted options only (RFC 2347).</summary>
    public static int WriteOptionAck(byte[] buffer, IEnumerable<KeyValuePair<string, string>> options)
    {
        var n = WriteOpcode(buffer, TftpOpcode.OptionAck);
        foreach (var option in options)
        {
            n = WriteString(buffer, n, option.Key);
            n = WriteString(buffer, n, option.Value);
        }
        return n;
    }

    public static int WriteError(byte[] buffer, TftpErrorCode code, string message)
    {
        var n = WriteOpcode(buffer, TftpOpcode.Error);
        buffer[n++] = (byte)((ushort)code >> 8);
        buffer[n++] = (byte)code;
        return WriteString(buffer, n, message.Length > 400 ? message.Substring(0, 400) : message);
    }

    public static void WriteDataHeader(byte[] buffer, ushort block)
    {
        buffer[0] = 0;
        buffer[1] = (byte)TftpOpcode.Data;
        buffer[2] = (byte)(block >> 8);
        buffer[3] = (byte)block;
    }

    public static int WriteAck(byte[] buffer, ushort block)
    {
        var n = WriteOpcode(buffer, TftpOpcode.Ack);
        buffer[n++] = (byte)(block >> 8);
        buffer[n++] = (byte)block;
        return n;
    }

    public static int WriteRequest(byte[] buffer, TftpOpcode opcode, string fileName, string mode, IEnumerable<KeyValuePair<string, string>> options)
    {
        var n = WriteOpcode(buffer, opcode);
        n = WriteString(buffer, n, fileName);
        n = WriteString(buffer, n, mode);
        foreach (var option in options)
        {
            n = WriteString(buffer, n, option.Key);
            n = WriteString(buffer, n, option.Value);
        }
        return n;
    }

    private static int WriteOpcode(byte[] buffer, TftpOpcode opcode)
    {
        buffer[0] = 0;
        buffer[1] = (byte)opcode;
        return 2;
    }

    private static int WriteString(byte[] buffer, int offset, string text)
    {
        var n = Latin1.GetBytes(text, 0, text.Length, buffer, offset);
        buffer[offset + n] = 0;
        return offset + n + 1;
    }
}
