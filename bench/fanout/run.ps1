# Fan-out benchmark (not a test: prints numbers). Ten lab controllers (examples/lab-ten.yml) whose
# every command answers -DelayMs late (the simulator's delay fault), read with Get-ApImageStatus at
# several -ThrottleLimit values, each from fresh sessions (login included); then the stop latency of
# a command a controller delays by 15 s. Needs root and sshd, as the lab does.
#   pwsh -NoProfile -File bench/fanout/run.ps1 [-DelayMs 700] [-Reps 3]
param([int] $DelayMs = 700, [int] $Reps = 3, [int[]] $Throttle = @(1, 4, 8, 10))
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../../tests/Pester/common.ps1')
$folder = New-TestFolder
$labText = (Get-Content -Raw (Join-Path $script:RepoRoot 'examples/lab-ten.yml')) -replace '(?m)^(  - hostname: .+)$', "`$1`n    faults: { delayMs: $DelayMs }"
$labText += "`n  - hostname: SLOW-EWC`n    port: 0`n    users: [ { username: ewcadmin, password: `"Lab-Only-Pa55`" } ]`n    faults: { delayMs: 15000 }`n    aps: []`n"
$lab = Start-TestLab -LabText $labText -Folder $folder
try {
    $cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
    $ten = $lab.Endpoints.controllers | Where-Object name -Like 'TEN-*' | ForEach-Object {
        [pscustomobject]@{ HostName = '127.0.0.1'; Port = $_.port; Fingerprint = $_.hostKeyFingerprint }
    }
    $slow = $lab.Endpoints.controllers | Where-Object name -EQ 'SLOW-EWC'
    "Ten controllers, each command delayed $DelayMs ms (login: 2 commands, show ap image: 1); median of $Reps, fresh sessions:"
    foreach ($t in $Throttle) {
        $times = foreach ($r in 1..$Reps) {
            Disconnect-Ewc -All
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $aps = $ten | Get-ApImageStatus -Credential $cred -ThrottleLimit $t
            $clock.Stop()
            if ($aps.Count -ne 27) { throw "expected 27 APs, got $($aps.Count)" }
            $clock.Elapsed.TotalSeconds
        }
        $median = ($times | Sort-Object)[[int][Math]::Floor($times.Count / 2)]
        "  -ThrottleLimit {0,-3} {1,6:0.0} s   (runs: {2})" -f $t, $median, (($times | ForEach-Object { $_.ToString('0.0') }) -join ', ')
    }
    Disconnect-Ewc -All
    "Stop latency during a command SLOW-EWC delays by 15 s:"
    $latencies = foreach ($r in 1..$Reps) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m, $e, $c) Import-Module $m; Get-ApSummary -HostName 127.0.0.1 -Port $e.port -Credential $c -HostKeyFingerprint $e.hostKeyFingerprint').
                AddArgument($script:Manifest).AddArgument($slow).AddArgument($cred)
            $run = $ps.BeginInvoke()
            Start-Sleep -Seconds 2
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $null = $run.AsyncWaitHandle.WaitOne(30000)
            $clock.Elapsed.TotalMilliseconds
        }
        finally { $ps.Dispose() }
    }
    "  [powershell]::Stop(): {0} ms" -f (($latencies | ForEach-Object { [int]$_ }) -join ', ')
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        $null = 1 | ForEach-Object -TimeoutSeconds 2 -Parallel {
            Import-Module $using:Manifest
            Get-ApSummary -HostName 127.0.0.1 -Port $using:slow.port -Credential $using:cred -HostKeyFingerprint $using:slow.hostKeyFingerprint
        } 2>&1
    }
    catch {
        # The loop's timeout reports the stopped pipeline: that is the point here.
    }
    "  ForEach-Object -Parallel -TimeoutSeconds 2: returned after {0:0} ms (stop latency ~{1:0} ms)" -f $clock.Elapsed.TotalMilliseconds, ($clock.Elapsed.TotalMilliseconds - 2000)
}
finally {
    Disconnect-Ewc -All
    Stop-TestLab $lab
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
}
