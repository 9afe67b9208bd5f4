# Fleet benchmark (issue 9; not a test: prints numbers). A lab of -Controllers simulated EWCs with
# -ApsPerController APs each (the first -DirectFetch with APs that fetch straight from the image
# server), upgraded by one Invoke-ApUpgrade -ThrottleLimit -Throttle through the embedded TFTP server,
# in an admin process of its own (bench/fleet/admin.ps1). Prints wall time against the ideal (the
# lab's per-controller time, from REF-CAPWAP and REF-DIRECT each upgraded alone first, times the
# waves ceil(controllers / throttle)), the admin process's peak memory (VmHWM) and CPU seconds, and
# the image server's bytes served and failed transfers. Needs root and sshd, as the lab does.
#   pwsh -NoProfile -File bench/fleet/run.ps1                                   (100 x 20, throttle 32)
#   pwsh -NoProfile -File bench/fleet/run.ps1 -Controllers 10 -ApsPerController 5 -Throttle 4   (quick)
# -Driver Manual upgrades with the older cmdlets (install add, poll, activate, commit) instead.
param(
    [int] $Controllers = 100,
    [int] $ApsPerController = 20,
    [int] $DirectFetch = 10,
    [int] $Throttle = 32,
    [int] $ClockFactor = 8,
    [int] $ReloadSeconds = 240,
    [int] $TimeoutSeconds = 0, # lab seconds; 0: 15 s real (see New-FleetLab.ps1 for why not the default 40)
    [int] $PollSeconds = 2,
    [ValidateSet('InvokeApUpgrade', 'Manual')] [string] $Driver = 'InvokeApUpgrade',
    [switch] $NoResultFile
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../../tests/Pester/common.ps1')
. (Join-Path $PSScriptRoot 'New-FleetLab.ps1')
if ($Driver -eq 'InvokeApUpgrade' -and -not (Get-Command Invoke-ApUpgrade -ErrorAction SilentlyContinue)) {
    throw 'Invoke-ApUpgrade is not in this build of the module yet: build a branch that has it, or run with -Driver Manual (the existing cmdlets).'
}
if ($problem = Get-LabPrerequisiteProblem) { throw "The fleet benchmark needs the lab: $problem" }
$DirectFetch = [Math]::Min($DirectFetch, $Controllers)
# This pwsh (as a dotnet tool the process itself is dotnet, so not its path).
$pwsh = if (Test-Path (Join-Path $PSHOME 'pwsh')) { Join-Path $PSHOME 'pwsh' } else { (Get-Command pwsh).Source }
$admin = Join-Path $PSScriptRoot 'admin.ps1'

function Get-LoadAverage { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' }
# Busy and all jiffies of the whole machine (every core), from /proc/stat's first line.
function Get-CpuJiffies {
    $f = ((Get-Content /proc/stat -TotalCount 1) -split '\s+')[1..8] | ForEach-Object { [long]$_ }
    [pscustomobject]@{ Busy = ($f | Measure-Object -Sum).Sum - $f[3] - $f[4]; All = ($f | Measure-Object -Sum).Sum }
}
# CPU seconds of the lab: its process and the curl it ran, and each listening sshd with its ended
# sessions (per-connection sshd and the attach process each session runs) - /proc/PID/stat's utime,
# stime, cutime and cstime, in clock ticks (100 a second on Linux).
function Get-LabCpuSeconds($Lab) {
    $ticks = 0
    foreach ($p in @($Lab.Process.Id) + @($Lab.Endpoints.sshdPids)) {
        $stat = Get-Content "/proc/$p/stat" -ErrorAction SilentlyContinue
        if (-not $stat) { continue }
        $f = $stat.Substring($stat.LastIndexOf(')') + 2) -split ' '
        $ticks += [long]$f[11] + [long]$f[12] + [long]$f[13] + [long]$f[14]
    }
    $ticks / 100
}
function Get-PeakMB([int] $ProcessId) {
    [long]((Get-Content "/proc/$ProcessId/status" | Where-Object { $_ -like 'VmHWM:*' }) -replace '\D', '') / 1024
}
# As Start-TestLab (tests/Pester/common.ps1), but the lab's stderr goes to a file: its "lab: curl ..."
# lines say why a transfer the simulated EWC or AP made failed.
function Start-FleetLab([string] $LabFile, [string] $Folder) {
    $endpoints = Join-Path $Folder 'endpoints.json'
    $start = [System.Diagnostics.ProcessStartInfo]::new('bash')
    foreach ($a in '-c', 'exec "$0" run --lab "$1" --endpoints "$2" --create-users --exit-on-stdin-close 2>"$3"',
        (Join-Path $script:RepoRoot 'ewclab'), $LabFile, $endpoints, (Join-Path $Folder 'lab-stderr.txt')) { $start.ArgumentList.Add($a) }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $null = $process.StandardOutput.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    while (-not (Test-Path $endpoints)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            if (-not $process.HasExited) { $process.Kill($true) }
            throw "The lab did not start: $(Get-Content -Raw (Join-Path $Folder 'lab-stderr.txt') -ErrorAction SilentlyContinue)"
        }
        Start-Sleep -Milliseconds 100
    }
    [pscustomobject]@{ Process = $process; Endpoints = Get-Content -Raw $endpoints | ConvertFrom-Json }
}
function Invoke-Admin([string] $InventoryPath, [int] $ThrottleLimit, [string] $ResultPath) {
    & $pwsh -NoProfile -File $admin -Inventory $InventoryPath -BundleFolder $bundle.Folder -ImageRoot $images -TftpPort $tftpPort `
        -Result $ResultPath -Throttle $ThrottleLimit -Driver $Driver -PollSeconds $PollSeconds
    if ($LASTEXITCODE -ne 0) { throw "the admin process failed (exit $LASTEXITCODE)" }
    Get-Content -Raw $ResultPath | ConvertFrom-Json
}

$folder = New-TestFolder
$lab = $null
try {
    $images = Join-Path $folder 'images'
    $null = New-ApSampleBundle -Path (Join-Path $folder 'bundle.zip') -Confirm:$false
    $bundle = Import-ApBundle -Path (Join-Path $folder 'bundle.zip') -Destination $images -Confirm:$false
    # A UDP port free now for the admin process's TFTP server: the lab's controllers must know it in advance.
    $probe = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
    $tftpPort = $probe.Client.LocalEndPoint.Port
    $probe.Dispose()
    $labFile = Join-Path $folder 'fleet-lab.yml'
    New-FleetLab -Path $labFile -TftpPort $tftpPort -ImagePath ('/' + (Split-Path -Leaf $bundle.Folder)) -Controllers $Controllers `
        -ApsPerController $ApsPerController -DirectFetch $DirectFetch -ClockFactor $ClockFactor -ReloadSeconds $ReloadSeconds -TimeoutSeconds $TimeoutSeconds -Reference
    $effectiveTimeout = if ($TimeoutSeconds -gt 0) { $TimeoutSeconds } else { 15 * $ClockFactor }
    $started = [System.Diagnostics.Stopwatch]::StartNew()
    $lab = Start-FleetLab $labFile $folder
    $labStart = $started.Elapsed.TotalSeconds
    $fleetNames = @($lab.Endpoints.controllers.name | Where-Object { $_ -like 'FLEET-*' })
    Write-TestInventory $lab (Join-Path $folder 'fleet.yml') $fleetNames
    Write-TestInventory $lab (Join-Path $folder 'ref-capwap.yml') 'REF-CAPWAP'
    Write-TestInventory $lab (Join-Path $folder 'ref-direct.yml') 'REF-DIRECT'
    "Lab: $($fleetNames.Count) controllers x $ApsPerController APs ($DirectFetch directFetch) + 2 reference controllers, clockFactor $ClockFactor, reload $ReloadSeconds lab s, timeout $effectiveTimeout lab s; started in $('{0:0.0}' -f $labStart) s. TFTP server on 127.0.0.1:$tftpPort."

    "Per-controller time: REF-CAPWAP, then REF-DIRECT, each upgraded alone ($Driver)..."
    $refs = foreach ($name in 'capwap', 'direct') { Invoke-Admin (Join-Path $folder "ref-$name.yml") 1 (Join-Path $folder "ref-$name.json") }
    foreach ($r in $refs) {
        if ($r.Results[0].Status -ne 'Succeeded') { throw "the reference controller $($r.Results[0].Controller) did not upgrade: $($r.Results[0].Status) $($r.Results[0].Error)" }
    }
    $perController = ($refs | ForEach-Object { $_.Results[0].Seconds } | Measure-Object -Maximum).Maximum
    $waves = [Math]::Ceiling($fleetNames.Count / $Throttle)
    $ideal = $perController * $waves

    "Fleet: $($fleetNames.Count) controllers, -ThrottleLimit $Throttle ($waves waves)..."
    $loadBefore = Get-LoadAverage
    $cpuBefore = Get-CpuJiffies
    $labCpuBefore = Get-LabCpuSeconds $lab
    $sshdLog = Join-Path $lab.Endpoints.stateDirectory 'sshd.log'
    $loginsBefore = @(Select-String -LiteralPath $sshdLog -Pattern 'Accepted (password|publickey) for').Count
    $fleet = Invoke-Admin (Join-Path $folder 'fleet.yml') $Throttle (Join-Path $folder 'fleet.json')
    $cpuAfter = Get-CpuJiffies
    Start-Sleep -Seconds 2 # the sessions' sshd processes end and are reaped after the admin's exit
    $labCpu = (Get-LabCpuSeconds $lab) - $labCpuBefore
    $logins = @(Select-String -LiteralPath $sshdLog -Pattern 'Accepted (password|publickey) for').Count - $loginsBefore
    $loadAfter = Get-LoadAverage
    $machineBusy = 100 * ($cpuAfter.Busy - $cpuBefore.Busy) / [Math]::Max(1, $cpuAfter.All - $cpuBefore.All)
    $labPeak = Get-PeakMB $lab.Process.Id
    $byStatus = ($fleet.Results | Group-Object Status | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', '
    $times = @($fleet.Results.Seconds | Sort-Object)
    $slowest = $times[-1]
    $labFailures = @(Get-Content (Join-Path $folder 'lab-stderr.txt') | Where-Object { $_ -like 'lab: curl*' })
    $failedOnes = @($fleet.Results | Where-Object Status -NE 'Succeeded' | Select-Object -First 5 | ForEach-Object { "$($_.Controller): $($_.Status) $($_.Error)" })

    $rows = [ordered]@{
        'Controllers x APs (directFetch)' = "$($fleetNames.Count) x $ApsPerController ($DirectFetch)"
        'Driver, -ThrottleLimit' = "$Driver, $Throttle"
        'Per-controller time alone (capwap / direct)' = '{0:0.0} s / {1:0.0} s' -f $refs[0].Results[0].Seconds, $refs[1].Results[0].Seconds
        'Ideal (per-controller x waves)' = '{0:0.0} s ({1:0.0} s x {2})' -f $ideal, $perController, $waves
        'Wall time' = '{0:0.0} s' -f $fleet.WallSeconds
        'Wall / ideal' = '{0:0.00} (target <= 1.15)' -f ($fleet.WallSeconds / $ideal)
        'Controllers' = "$byStatus"
        'Per-controller time in the fleet (min / median / max)' = '{0:0.0} / {1:0.0} / {2:0.0} s' -f $times[0], $times[[int][Math]::Floor($times.Count / 2)], $slowest
        'Admin peak memory (VmHWM)' = '{0:0} MB (target < 400)' -f $fleet.PeakRssMB
        'Admin CPU during the run' = '{0:0.0} s (user {1:0.0} + system {2:0.0} for the whole process)' -f $fleet.CpuSecondsDuringRun, $fleet.UserSeconds, $fleet.SystemSeconds
        'Image server bytes served' = '{0:N0} ({1} transfers completed)' -f $fleet.BytesServed, $fleet.TransfersCompleted
        'Failed transfers' = '{0} (target 0); lab-side failed fetches {1}' -f $fleet.TransfersFailed, $labFailures.Count
        'Readiness size probes' = '{0} (declined by the module after the server''s answer: state Declined; the server''s failed counter: {1})' -f $fleet.ReadinessProbes, $fleet.TransfersFailedByServerCount
        'Lab process peak memory' = '{0:0} MB' -f $labPeak
        'Lab CPU during the run' = '{0:0.0} s (lab, curl, sshd and its sessions; not those the lab cut with SIGKILL)' -f $labCpu
        'SSH logins to the lab during the run' = '{0} ({1:0.0} per controller)' -f $logins, ($logins / $fleetNames.Count)
        'Machine CPU busy during the run' = '{0:0}% of {1} cores' -f $machineBusy, [Environment]::ProcessorCount
        'Load average before / after' = "$loadBefore / $loadAfter"
    }
    $width = ($rows.Keys | Measure-Object Length -Maximum).Maximum
    $table = foreach ($k in $rows.Keys) { "| {0} | {1} |" -f $k.PadRight($width), $rows[$k] }
    ''
    "| {0} | {1} |" -f 'Measure'.PadRight($width), 'Value'
    "|{0}|---|" -f ('-' * ($width + 2))
    $table
    if ($failedOnes) { ''; 'Not succeeded (first 5):'; $failedOnes }
    if ($fleet.FailedTransfers) { ''; 'Failed transfers (first 20):'; $fleet.FailedTransfers }
    if ($labFailures) { ''; 'The lab on its failed fetches (first 10):'; $labFailures | Select-Object -First 10 }

    if (-not $NoResultFile) {
        $out = Join-Path $PSScriptRoot "../results/fleet-$((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd')).md"
        $text = @("# Fleet benchmark, $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC", '',
            "``pwsh -NoProfile -File bench/fleet/run.ps1 -Controllers $Controllers -ApsPerController $ApsPerController -DirectFetch $DirectFetch -Throttle $Throttle -ClockFactor $ClockFactor -ReloadSeconds $ReloadSeconds -TimeoutSeconds $effectiveTimeout -PollSeconds $PollSeconds -Driver $Driver``", '',
            "$([Environment]::ProcessorCount) cores shared with other work (see the load average); lab clockFactor $ClockFactor, reload $ReloadSeconds lab s, image-server timeout $effectiveTimeout lab s.", '',
            ("| {0} | {1} |" -f 'Measure'.PadRight($width), 'Value'), ("|{0}|---|" -f ('-' * ($width + 2)))) + $table
        if ($failedOnes) { $text += @('', 'Not succeeded (first 5):', '') + ($failedOnes | ForEach-Object { "- $_" }) }
        if ($fleet.FailedTransfers) { $text += @('', 'Failed transfers (first 20):', '') + ($fleet.FailedTransfers | ForEach-Object { "- $_" }) }
        if ($labFailures) { $text += @('', 'The lab on its failed fetches (first 10):', '') + ($labFailures | Select-Object -First 10 | ForEach-Object { "- $_" }) }
        Set-Content -LiteralPath $out -Value $text
        ''
        "Written to $((Resolve-Path $out).Path)"
    }
}
finally {
    if ($lab) { Stop-TestLab $lab $folder }
    elseif ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
}
