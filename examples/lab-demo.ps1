<#
.SYNOPSIS
    The controller half of the demo: a simulated lab of three EWCs (examples/lab.yml) over real SSH,
    their image-download profile pointed at the image server, and every AP's image status.

.DESCRIPTION
    Called by examples/demo.ps1; runs on its own too. Starts the lab simulator (./ewclab) on free
    ports, writes an inventory that pins each controller's host key from the lab's endpoints, and drives
    the controllers with the module's cmdlets. Needs root (the lab's logins are system accounts it
    creates; ./ewclab installs OpenSSH's sshd when it is missing); otherwise it says so and returns.

.EXAMPLE
    ./ewcupgrade -File examples/lab-demo.ps1
#>
[CmdletBinding()]
param(
    [string] $WorkFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ewcupgrade-demo'),
    # The folder under the server's root that holds the images: Import-ApBundle names it by the
    # bundle's version.info (17.9.4.27 for the sample bundle of release 17.9.4a), not by the release.
    # With -Bundle it is that bundle's folder.
    [string] $ImagePath = '/17.9.4.27',
    [string] $ImageServer = '127.0.0.1',
    # The imported bundle, to check it against the lab's AP models.
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
    "A second run finds nothing to change:"
    $controllers | Set-EwcDownloadProfile -Verbose 4>&1 | ForEach-Object { "  $_" }

    "== 10. The APs, each with the image type its model needs"
    $aps = $controllers | Get-ApSummary
    $aps | Out-Default
    if ($Bundle) {
        "Does the bundle cover every AP model of the lab?"
        $Bundle | Test-ApBundle -Model ([System.Linq.Enumerable]::ToArray([System.Linq.Enumerable]::Distinct([string[]]($aps | ForEach-Object Model)))) | Out-Default
    }

    "== 11. Their image status (show ap image), and the counters per controller"
    $controllers | Get-ApImageStatus | Out-Default
    $controllers | Get-ApImageStatus -Summary | Out-Default
}
finally {
    Disconnect-Ewc -All
    $labProcess.StandardInput.Close()
    if (-not $labProcess.WaitForExit(15000)) { $labProcess.Kill($true) }
}
