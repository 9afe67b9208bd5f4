namespace EwcUpgrade.ImageServers;

/// <summary>How an image server hands images to controllers and APs.</summary>
public enum ImageServerProtocol
{
    Tftp,
    // Sftp arrives with the managed OpenSSH server (a later issue); the enum keeps the cmdlet surface stable.
}

public enum ImageServerState
{
    Running,
    Stopped,
}
