namespace EwcUpgrade.Simulator.Tests;

/// <summary>
/// Output copied from the device reference (shared/reference/ewc-device.md §7), which the
/// simulator must reproduce line for line for a lab holding the same values.
/// </summary>
internal static class ReferenceCaptures
{
    public static readonly string[] ApImage =
    [
        "Total number of APs  : 3",
        "",
        "",
        "Number of APs ",
        "        Initiated                  : 0",
        "        Downloading                : 0",
        "        Predownloading             : 0",
        "        Completed downloading      : 0",
        "        Completed predownloading   : 3",
        "        Not Supported              : 0",
        "        Failed to Predownload      : 0",
        "        Predownload in progress    : No",
        "AP Name                           Primary Image          Backup Image            Predownload Status   Predownload Version  Next Retry Time   Retry Count   Method",
        new string('-', 162),
    ];

    public const string ApImageRow =
        "AP-POD-2-2                        17.9.4.27              17.12.1.5                  Complete              17.12.1.5           N/A                 0           CAPWAP";

    public static readonly string[] ApSummary =
    [
        "Number of APs: 3",
        "",
        "CC = Country Code",
        "RD = Regulatory Domain",
        "",
        "AP Name                          Slots AP Model             Ethernet MAC   Radio MAC      CC   RD   IP Address                                State        Location",
        new string('-', 165),
        "AP6C41.0E16.E79C                 2     C9120AXI-E           6c41.0e16.e79c 6c41.0e1a.2b40 US   -B   172.16.4.26                               Registered   default location",
    ];

    public static readonly string[] InstallSummary =
    [
        "[ Chassis 1/R0 ] Installed Package(s) Information:",
        "State (St): I - Inactive, U - Activated & Uncommitted,",
        "            C - Activated & Committed, D - Deactivated & Uncommitted",
        new string('-', 80),
        "Type  St   Filename/Version",
        new string('-', 80),
        "IMG   C    17.09.03.0.3760",
        "",
        new string('-', 80),
        "Auto abort timer: inactive",
        new string('-', 80),
    ];
}
