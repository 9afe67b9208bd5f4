@{
    RootModule           = 'EwcUpgrade.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'f95e20c6-5c7c-4091-a5d1-d65210af113d'
    Author               = 'EwcUpgrade contributors'
    CompanyName          = 'EwcUpgrade'
    Copyright            = '(c) 2026 EwcUpgrade contributors. MIT License.'
    Description          = 'Upgrades access points in non-homogeneous Cisco Embedded Wireless Controller (EWC) networks: imports AP bundles, hosts them on an embedded TFTP server, and drives the controllers'' image download.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('EwcUpgrade.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Get-ApImageType'
        'New-ApSampleBundle'
        'Import-ApBundle'
        'Get-ApBundle'
        'Test-ApBundle'
        'Test-ImageServer'
        'Test-EwcUpgradeReadiness'
        'Get-EwcUpgradeLog'
        'Invoke-ApUpgrade'
        'Start-ImageServer'
        'Stop-ImageServer'
        'Get-ImageServer'
        'Get-ImageTransfer'
        'Receive-TftpFile'
        'Import-EwcInventory'
        'Connect-Ewc'
        'Get-EwcSession'
        'Disconnect-Ewc'
        'Get-EwcHostKey'
        'Get-EwcDownloadProfile'
        'Set-EwcDownloadProfile'
        'Get-ApSummary'
        'Get-ApImageStatus'
        'Invoke-EwcCommand'
        'Export-EwcCapture'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Cisco', 'EWC', 'Catalyst9800', 'Wireless', 'AccessPoint', 'TFTP', 'SFTP', 'Upgrade', 'Network', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/ewcupgrade/EwcUpgrade'
            LicenseUri   = 'https://github.com/ewcupgrade/EwcUpgrade/blob/main/LICENSE'
            ReleaseNotes = 'AP bundles, the embedded TFTP image server, YAML inventories, SSH sessions to controllers, the image-download profile and AP status.'
        }
    }
}
