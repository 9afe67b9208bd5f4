namespace EwcUpgrade.ImageServers;

/// <summary>Where a transfer is, whatever the protocol (TFTP negotiates options first; SFTP does not).</summary>
public enum ImageTransferState
{
    Negotiating,
    Transferring,
    Completed,
    Failed,
}
