namespace EwcUpgrade.ImageServers;

/// <summary>Where a transfer is, whatever the protocol (TFTP negotiates options first; SFTP does not).</summary>
public enum ImageTransferState
{
    Negotiating,
    Transferring,
    Completed,
    Failed,
    /// <summary>TFTP: the client asked for the options' answer only (a size check) and declined the transfer.</summary>
    Declined,
}
