# Shared by every *.Tests.ps1: imports the built module (scripts/build.sh lays it out under module/).
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:Manifest = Join-Path $script:RepoRoot 'module/EwcUpgrade.psd1'
if (-not (Test-Path (Join-Path $script:RepoRoot 'module/bin/lib/EwcUpgrade.dll'))) {
    throw "The module is not built: run scripts/build.sh (or scripts/test.sh) first."
}
Import-Module $script:Manifest -Force -ErrorAction Stop

function New-TestFolder {
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("ewcupgrade-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 10))
    New-Item -ItemType Directory -Path $path | Out-Null
    $path
}

# A TFTP client is done once it sent its final ACK; the server ends the transfer when that ACK arrives.
# A sample bundle (of the image types given, else New-ApSampleBundle's default set) made in $Folder and
# imported into $Root; returns the imported bundle.
function Import-TestBundle([string] $Folder, [string] $Root, [string[]] $ImageType) {
    $zip = Join-Path $Folder 'bundle.zip'
    if ($ImageType) { $null = New-ApSampleBundle -Path $zip -ImageType $ImageType } else { $null = New-ApSampleBundle -Path $zip }
    Import-ApBundle -Path $zip -Destination $Root
}

function Wait-TransferEnd($Server) {
    foreach ($i in 1..100) {
        if (-not (Get-ImageTransfer -ServerId $Server.Id -State Active)) { return }
        Start-Sleep -Milliseconds 50
    }
}

function New-RandomFile([string] $Path, [int] $Bytes, [int] $Seed = 1) {
    $data = [byte[]]::new($Bytes)
    [System.Random]::new($Seed).NextBytes($data)
    [System.IO.File]::WriteAllBytes($Path, $data)
}

# The lab simulator (src/Simulator) for the controller tests. Its sshd checks the lab's passwords
# against system accounts it creates, so it needs root and OpenSSH's sshd.
function Get-LabPrerequisiteProblem {
    if ([System.Environment]::UserName -ne 'root') { return 'the lab needs root (its logins are system accounts)' }
    if (-not (Test-Path /usr/sbin/sshd)) { return "OpenSSH's sshd is not installed (apt-get install openssh-server)" }
    $null
}

# Where the lab cannot run its tests are skipped with the reason - except in CI, where they fail.
function Test-LabSkipped { [bool](Get-LabPrerequisiteProblem) -and $env:CI -ne 'true' }

function Start-TestLab([string] $LabText, [string] $Folder) {
    $labFile = Join-Path $Folder 'lab.yml'
    $endpoints = Join-Path $Folder 'endpoints.json'
    Set-Content -LiteralPath $labFile -Value $LabText
    # ./ewclab builds the simulator when its sources changed.
    $start = [System.Diagnostics.ProcessStartInfo]::new('bash')
    foreach ($a in (Join-Path $script:RepoRoot 'ewclab'), 'run', '--lab', $labFile, '--endpoints', $endpoints, '--create-users', '--exit-on-stdin-close') { $start.ArgumentList.Add($a) }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    # Read both streams as they come: a full pipe would stall the lab, and its errors explain a failed start.
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path $endpoints)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            if (-not $process.HasExited) { $process.Kill($true) }
            $null = $process.WaitForExit(10000)
            $said = foreach ($stream in $stdout, $stderr) { if ($stream.Wait(5000)) { $stream.Result } }
            throw "The lab did not start: $said"
        }
        Start-Sleep -Milliseconds 100
    }
    [pscustomobject]@{ Process = $process; Endpoints = Get-Content -Raw $endpoints | ConvertFrom-Json }
}

# An inventory of the lab's controllers with their pinned host keys and the credential name 'lab'.
function Write-TestInventory($Lab, [string] $Path, [string[]] $Names) {
    $yaml = "controllers:`n"
    foreach ($name in $Names) {
        $e = $Lab.Endpoints.controllers | Where-Object name -EQ $name
        $yaml += "  - name: $name`n    host: 127.0.0.1`n    port: $($e.port)`n    credential: lab`n    hostKey: $($e.hostKeyFingerprint)`n"
    }
    Set-Content -LiteralPath $Path -Value $yaml
}

# Closes every session to it, stops the lab and removes the test's folder.
function Stop-TestLab($Lab, [string] $Folder) {
    Disconnect-Ewc -All -Confirm:$false
    if ($Lab) {
        $Lab.Process.StandardInput.Close()
        if (-not $Lab.Process.WaitForExit(15000)) { $Lab.Process.Kill($true) }
    }
    if ($Folder) { Remove-Item -LiteralPath $Folder -Recurse -Force -ErrorAction SilentlyContinue }
}
