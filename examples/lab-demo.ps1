<#
.SYNOPSIS
    The controller half of the demo: the whole upgrade of a simulated lab of three EWCs
    (examples/lab.yml) over real SSH from the image server the caller started - profiles, readiness,
    the upgrade with progress, the AP image table before and after - then one path broken on
    purpose and the failure diagnosed.

.DESCRIPTION
    Called by examples/demo.ps1; runs on its own too. Starts the lab simulator (./ewclab) on free
    ports, writes an inventory that pins each controller's host key from the lab's endpoints, and drives
    the controllers with the module's cmdlets. Needs root (the lab's logins are system accounts it
    creates; ./ewclab installs OpenSSH's sshd when it is missing); otherwise it says so and returns.
    The lab's clock runs 8 times faster than real time (clockFactor in lab.yml): the reload after
    install activate takes 30 s instead of 4 minutes, and the whole upgrade about a minute.

.EXAMPLE
    ./ewcupgrade -File examples/lab-demo.ps1 -Bundle (Get-ApBundle /tmp/ewcupgrade-demo/images)
    (with the embedded TFTP server serving that image root on 127.0.0.69, port 69, as demo.ps1 starts it)
#>
[CmdletBinding()]
param(
    [string] $WorkFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ewcupgrade-demo'),
    # The folder under the server's root that holds the images: Import-ApBundle names it by the
    # bundle's version.info (17.9.4.27 for the sample bundle of release 17.9.4a), not by the release.
    # With -Bundle it is that bundle's folder.
    [string] $ImagePath = '/17.9.4.27',
    # Where the controllers reach the image server: a TFTP server on port 69 there (the EWC's port).
    [string] $ImageServer = '127.0.0.69',
    # The imported bundle to upgrade to.
    [Parameter(Mandatory)]
    $Bundle
)
$ErrorActionPreference = 'Stop'
if ($Bundle -and -not $PSBoundParameters.ContainsKey('ImagePath')) { $ImagePath = "/$($Bundle.Version)" }
$repo = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..'))

"== 8. A simulated lab of three EWCs over real SSH (examples/lab.yml)"
if ([System.Environment]::UserName -ne 'root') {
    "Skipped: the lab needs root (its logins are system accounts it creates)."
    return
}
$state = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ewcupgrade-demo-lab')
$labFile = [System.IO.Path]::Combine($WorkFolder, 'lab.yml')
$endpointsFile = [System.IO.Path]::Combine($WorkFolder, 'lab-endpoints.json')
# The example lab's fixed ports may be taken by a lab you started yourself: this one takes free ports.
$labText = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($PSScriptRoot, 'lab.yml'))
[System.IO.File]::WriteAllText($labFile, [regex]::Replace($labText, '(?m)^(\s+port:) \d+', '$1 0'))
[System.IO.File]::Delete($endpointsFile)

# ./ewclab builds the simulator when needed and installs OpenSSH's sshd when it is missing.
$start = [System.Diagnostics.ProcessStartInfo]::new('bash')
foreach ($a in [System.IO.Path]::Combine($repo, 'ewclab'), 'run', '--lab', $labFile, '--state-dir', $state, '--endpoints', $endpointsFile, '--create-users', '--exit-on-stdin-close') {
    $start.ArgumentList.Add($a)
}
$start.UseShellExecute = $false
$start.RedirectStandardInput = $true   # closing it stops the lab, even if this script is interrupted
$labProcess = [System.Diagnostics.Process]::Start($start)
try {
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not [System.IO.File]::Exists($endpointsFile)) {
        if ($labProcess.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The lab did not start (see its output above)." }
        [System.Threading.Thread]::Sleep(100)
    }
    $endpoints = [System.Text.Json.JsonDocument]::Parse([System.IO.File]::ReadAllText($endpointsFile)).RootElement

    # An inventory as an administrator would write it, with each host key pinned (Get-EwcHostKey reads one).
    $inventory = [System.IO.Path]::Combine($WorkFolder, 'lab-inventory.yml')
    $yaml = [System.Text.StringBuilder]::new()
    $null = $yaml.AppendLine("imageServers:`n  - name: demo-tftp`n    protocol: tftp`n    address: $ImageServer`n    path: $ImagePath`ncontrollers:")
    foreach ($c in $endpoints.GetProperty('controllers').EnumerateArray()) {
        $null = $yaml.AppendLine("  - name: $($c.GetProperty('name').GetString())`n    host: 127.0.0.1`n    port: $($c.GetProperty('port').GetInt32())" +
            "`n    credential: lab`n    hostKey: $($c.GetProperty('hostKeyFingerprint').GetString())`n    imageServer: demo-tftp")
    }
    [System.IO.File]::WriteAllText($inventory, $yaml.ToString())

    # The lab's own test password (from examples/lab.yml); real credentials come from -Credential,
    # EWC_CREDENTIAL_<NAME>_USERNAME/_PASSWORD or SecretManagement, never from the inventory.
    $password = [System.Net.NetworkCredential]::new('', 'Lab-Only-Pa55').SecurePassword
    $controllers = Import-EwcInventory $inventory -Credential @{ lab = [pscredential]::new('ewcadmin', $password) }
    $controllers | Out-Default

    "== 9. Each controller's image-download profile pointed at the server (only what differs is sent)"
    $controllers | Set-EwcDownloadProfile -PassThru | Out-Default

    "== 10. Ready? The APs' image types against the bundle, the server asked for each at the profile's path, the releases"
    $controllers | Test-EwcUpgradeReadiness -Bundle $Bundle | Out-Default

    "== 11. Before: show ap image"
    $controllers | Get-ApImageStatus | Out-Default

    "== 12. The upgrade: download, every AP's predownload, activate (the controller reloads), commit"
    "SITE-C runs 17.9.4a already; its AP1832 failed its predownload before (the seed's case) and is reported."
    $results = $controllers | Invoke-ApUpgrade -Bundle $Bundle -PollSeconds 1 -PassThru -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
    $results | Out-Default
    foreach ($e in $failed) { "Reported: $($e.Exception.Message)" }
    $results | ForEach-Object { $_.Aps } | Out-Default

    "== 13. After: show ap image"
    $controllers | Get-ApImageStatus | Out-Default

    "== 14. A path broken on purpose on SITE-B, as in the seed: the readiness check says so..."
    $siteB = $controllers | Where-Object Name -EQ 'SITE-B-EWC'
    $siteB | Set-EwcDownloadProfile -ImagePath '/Wrong-Path' -Confirm:$false | Out-Null
    $siteB | Test-EwcUpgradeReadiness -Bundle $Bundle | ForEach-Object { $_.Reasons } | Out-Default
    "...and when the controller is told to download anyway, its log and the server's say why it failed:"
    $siteB | Invoke-EwcCommand -Command 'install add profile default' -Confirm:$false | Out-Null
    $failure = $null
    foreach ($i in 1..60) {
        $failure = @($siteB | Get-EwcUpgradeLog -Failed | Where-Object Kind -EQ 'InstallFailed') | ForEach-Object { $_ }
        if ($failure) { $failure = @($failure)[-1]; break }
        [System.Threading.Thread]::Sleep(500)
    }
    if (-not $failure) { throw 'SITE-B logged no failure within 30 s.' }
    foreach ($p in 'Controller', 'Url', 'Error', 'Cause', 'ServerSaw', 'Fix') { '  {0,-10} : {1}' -f $p, $failure.$p }
}
finally {
    Disconnect-Ewc -All
    $labProcess.StandardInput.Close()
    if (-not $labProcess.WaitForExit(15000)) { $labProcess.Kill($true) }
}
