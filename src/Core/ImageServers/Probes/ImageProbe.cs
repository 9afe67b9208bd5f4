using System;
using System.Collections.Generic;
using System.Threading;

namespace EwcUpgrade.ImageServers.Probes;

/// <summary>
/// Pre-flight from the admin host: does the server serve each image at the path the controllers
/// will ask for, with the bundle's size? One result per image, in the order given.
/// </summary>
public static class ImageProbe
{
    /// <summary>Starts the detail of a Refused verdict that the server gave for the file (not for the port).</summary>
    internal const string AccessDeniedPrefix = "access denied";

    public static IEnumerable<ImageProbeResult> Probe(ImageProbeRequest request, IReadOnlyList<ImageProbeTarget> targets, CancellationToken ct = default)
    {
        if (request == null) throw new ArgumentNullException(nameof(request));
        if (targets == null || targets.Count == 0) throw new ArgumentException("Give at least one image to look for.", nameof(targets));
        return request.Protocol switch
        {
            ImageServerProtocol.Tftp => TftpImageProbe.Probe(request, targets, ct),
            ImageServerProtocol.Sftp => SftpImageProbe.Probe(request, targets, ct),
            _ => throw new NotSupportedException($"Probing {request.Protocol} servers is not supported."),
        };
    }
}
