<#
.SYNOPSIS
    The main job, rehearsed on this machine: build an AP bundle, import it, host it on the
    embedded TFTP server and fetch every image from it the way an EWC does; then upgrade a
    simulated lab of three EWCs (examples/lab.yml) reached over real SSH: profiles pointed at the
    server, readiness, download, predownload, activation with its reload and commit, with progress,
    the AP image table before and after; then one path broken on purpose and the failure diagnosed.

.DESCRIPTION
    Runs with ./ewcupgrade (no pwsh needed) or in pwsh 7 after Import-Module ./module/EwcUpgrade.psd1.
    Uses only Microsoft.PowerShell.Core cmdlets and the module's own, so it runs on the embedded engine.
    The bundle is generated (not Cisco software): same file set, version files and, with
    -Size Realistic, the real image sizes (about 780 MB in all).
    The lab part needs root (its sshd checks the lab's passwords against system accounts it creates,
    and the server listens on the EWC's TFTP port, 69, on 127.0.0.69) and OpenSSH's sshd; without
    root it is skipped with a note (and the server listens on -Port). -SkipLab skips it.

.EXAMPLE
    ./ewcupgrade -File examples/demo.ps1
.EXAMPLE
    pwsh -File examples/demo.ps1      (after ./ewcupgrade built the module once)
#>
[CmdletBinding()]
param(
    [ValidateSet('Small', 'Realistic')]
    [string] $Size = 'Small',

    # The server's port when the lab part does not run (the lab's controllers use 69, the EWC's port).
    [ValidateRange(1, 65535)]
    [int] $Port = 6969,

    # Where the server listens: a loopback address of its own, so port 69 is free there.
    [string] $ServerAddress = '127.0.0.69',

    [string] $WorkFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ewcupgrade-demo'),

    # How many images are fetched at once (the EWC fetches one per AP image type in the network).
    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 8,

    [switch] $SkipLab
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module EwcUpgrade)) { Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '..', 'module', 'EwcUpgrade.psd1')) }
$runLab = -not $SkipLab -and [System.Environment]::UserName -eq 'root'
if ($runLab) { $Port = 69 }
$imageRoot = [System.IO.Path]::Combine($WorkFolder, 'images')
$zip = [System.IO.Path]::Combine($WorkFolder, 'C9800-AP-universalk9.17.9.4a.zip')
$log = [System.IO.Path]::Combine($WorkFolder, 'tftp.log')
$null = [System.IO.Directory]::CreateDirectory($WorkFolder)

"== 1. A sample AP bundle for release 17.9.4a ($Size sizes)"
New-ApSampleBundle -Path $zip -Size $Size -Force | Out-Default

"== 2. Imported under the image root, in a folder named by its version.info"
$bundle = Import-ApBundle -Path $zip -Destination $imageRoot -Force
$bundle | Out-Default
$bundle = Get-ApBundle -Path $bundle.Folder -Hash
$bundle.Images | Out-Default

"== 3. Does it hold an image for every AP model of the network?"
$network = 'C9120AXI-E', 'C9105AXI-E', 'C9130AXI-E', 'AIR-AP2802I-E-K9', 'C9115AXI-B'
$network | Get-ApImageType | Out-Default
$bundle | Test-ApBundle -Model $network | Out-Default

"== 4. The embedded TFTP server (read-only, IPv4 and IPv6, RFC 2347-2349 and 7440)"
$server = Start-ImageServer -Root $imageRoot -Address $ServerAddress -Port $Port -LogPath $log -PassThru
$server | Out-Default

try {
    "== 5. The images fetched as the EWC fetches them: tftp://${ServerAddress}:$Port/$($bundle.Version)/<image>, $ThrottleLimit at a time"
    $manifest = [System.IO.Path]::Combine((Get-Module EwcUpgrade).ModuleBase, 'EwcUpgrade.psd1')
    $version = $bundle.Version
    $fetched = $bundle.Images | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
        Import-Module $using:manifest
        Receive-TftpFile -Server $using:ServerAddress -Port $using:Port -Path "/$using:version/$($_.FileName)" -BlockSize 1428 -WindowSize 16
    }
    $fetched | Out-Default

    "== 6. Every image arrived intact (SHA-256 of what was received against the bundle)"
    $bad = @($bundle.Images | Where-Object { $image = $_; -not ($fetched | Where-Object { $_.File -eq "/$version/$($image.FileName)" -and $_.Sha256 -eq $image.Sha256 }) })
    if ($bad.Count -gt 0) { throw "Images that did not arrive intact: $($bad.FileName -join ', ')" }
    "All $(@($fetched).Count) images match."

    "== 7. What the server saw"
    Get-ImageTransfer -ServerId $server.Id | Out-Default
    [System.IO.File]::ReadAllLines($log)

    $lab = [System.IO.Path]::Combine($PSScriptRoot, 'lab-demo.ps1')
    if ($SkipLab) { "== 8. The lab is skipped (-SkipLab)." }
    else { & $lab -WorkFolder $WorkFolder -ImagePath "/$version" -ImageServer $ServerAddress -Bundle $bundle }
}
finally {
    $server | Stop-ImageServer
}
"Done. The log is in $log; the image root in $imageRoot."
