namespace EwcUpgrade.Diagnosis;

/// <summary>The fix for each cause, in one sentence (reference §8 and the seed's troubleshooting).</summary>
internal static class DiagnosisFixes
{
    public static string For(ImageDownloadEvent e)
    {
        var file = e.File ?? "the image";
        var folder = e.Path ?? "the image path";
        var server = e.Server ?? "the image server";
        return e.Cause switch
        {
            DownloadFailureCause.WrongPath =>
                $"The server {server} has no {folder}/{file}: set the download profile's image path to the folder that holds the unzipped AP bundle.",
            DownloadFailureCause.MissingImage =>
                $"The folder {folder} on {server} holds other images of the bundle but not {file}: copy {file} from the AP bundle into it.",
            DownloadFailureCause.ServerUnreachable =>
                $"The EWC got no answer from {server}: check that the server runs and that nothing blocks UDP 69 (TFTP) or TCP 22 (SFTP) between the EWC and the server.",
            DownloadFailureCause.AuthenticationFailed =>
                $"The SFTP server {server} refused the login: set the download profile's user name and password to an account the server accepts.",
            _ =>
                $"The device said \"{e.Error}\", which this module does not know: check the image server's own log for {file}.",
        };
    }

    public const string ApFailureAlone =
        "No install error is logged near this AP's failure: see show ap image for its retry count and the AP's console for why the download could not start.";

    public const string NoRequestReachedServer =
        "No request for this file reached the server: a firewall between the EWC and the server (UDP 69 / TCP 22) or a wrong server address in the download profile.";
}
