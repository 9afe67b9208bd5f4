using System;
using System.Collections.Generic;
using System.Net;

namespace EwcUpgrade.Tftp;

/// <summary>How the embedded TFTP server listens and what it allows. Checked by the TftpServer constructor.</summary>
public sealed class TftpServerOptions
{
    /// <summary>The folder served, read-only.</summary>
    public string Root { get; set; } = "";
    /// <summary>IPv6Any (the default) listens on IPv4 and IPv6.</summary>
    public IPAddress Address { get; set; } = IPAddress.IPv6Any;
    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 69;
    public int MaxSessions { get; set; } = 512;
    /// <summary>With DataPortMax, the ports transfers reply from (firewalls); 0 and 0 mean any free port.</summary>
    public int DataPortMin { get; set; }
    public int DataPortMax { get; set; }
    public int MaxBlockSize { get; set; } = 65464;
    public int MaxWindowSize { get; set; } = 64;
    /// <summary>Options ignored as if unknown, for clients that mishandle them (blksize, tsize, timeout, windowsize).</summary>
    public ISet<string> DisabledOptions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    /// <summary>Networks allowed to read; empty allows everyone. Others get "Access violation".</summary>
    public IList<IpNetwork> AllowedClients { get; } = new List<IpNetwork>();
    /// <summary>
    /// How long a client is assumed to wait before it repeats itself when it negotiates no timeout
    /// (RFC 2349), and the least assumed when it does: 5 s is what the tftp-hpa, atftp and BSD clients
    /// use. It sets how long the server waits for a client, not how fast it retransmits: that follows
    /// the measured round trip (see RetryPolicy).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>A transfer fails when MaxRetries times the client's timeout pass without any progress (at least one timeout).</summary>
    public int MaxRetries { get; set; } = 5;
    /// <summary>The shortest retransmission timeout (tests raise it so no timeout interleaves with a scripted exchange).</summary>
    internal TimeSpan RetransmissionFloor { get; set; } = RetryPolicy.DefaultFloor;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root)) throw new ArgumentException("The TFTP root folder is required.");
        if (!System.IO.Directory.Exists(Root)) throw new ArgumentException($"The TFTP root '{Root}' does not exist.");
        if (Address == null) throw new ArgumentException("The listen address is required.");
        if (Port is < 0 or > 65535) throw new ArgumentException($"Port {Port} is not a UDP port (0-65535).");
        if (MaxSessions < 1) throw new ArgumentException("MaxSessions must be at least 1.");
        if ((DataPortMin != 0 || DataPortMax != 0) && (DataPortMin is < 1 or > 65535 || DataPortMax is < 1 or > 65535 || DataPortMin > DataPortMax))
        {
            throw new ArgumentException($"The data port range {DataPortMin}-{DataPortMax} is not valid: both ends 1-65535, the first not above the second.");
        }
        if (MaxBlockSize is < TftpNegotiation.MinBlockSize or > TftpNegotiation.MaxBlockSize)
        {
            throw new ArgumentException($"MaxBlockSize must be {TftpNegotiation.MinBlockSize}-{TftpNegotiation.MaxBlockSize}.");
        }
        if (MaxWindowSize is < 1 or > 65535) throw new ArgumentException("MaxWindowSize must be 1-65535.");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException("Timeout must be positive.");
        if (MaxRetries < 0) throw new ArgumentException("MaxRetries must not be negative.");
    }
}
