namespace EwcUpgrade.ImageServers;

/// <summary>How an image server hands images to controllers and APs.</summary>
public enum ImageServerProtocol
{
    Tftp,
    Sftp,
}

public enum ImageServerState
{
    Running,
    Stopped,
}
