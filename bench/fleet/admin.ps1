# The admin side of the fleet benchmark, run by bench/fleet/run.ps1 as a process of its own so its
# peak memory (VmHWM) and CPU seconds are the upgrade's alone: starts the embedded TFTP server on
# 127.0.0.1:-TftpPort, upgrades the inventory's controllers with one Invoke-ApUpgrade (or, -Driver
# Manual, with the existing cmdlets: install add, poll show ap image, activate over SSH.NET, commit),
# and writes what it measured as JSON to -Result.
param(
    [Parameter(Mandatory)] [string] $Inventory,
    [Parameter(Mandatory)] [string] $BundleFolder,
    [Parameter(Mandatory)] [string] $ImageRoot,
    [Parameter(Mandatory)] [int] $TftpPort,
    [Parameter(Mandatory)] [string] $Result,
    [int] $Throttle = 32,
    [ValidateSet('InvokeApUpgrade', 'Manual')] [string] $Driver = 'InvokeApUpgrade',
    [int] $PollSeconds = 2,
    [int] $TimeoutMinutes = 30,
    [string] $Password = 'Lab-Only-Pa55'
)
$ErrorActionPreference = 'Stop'
$manifest = Join-Path $PSScriptRoot '../../module/EwcUpgrade.psd1'
Import-Module $manifest
$cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString $Password -AsPlainText -Force))

# One controller the way an admin would without Invoke-ApUpgrade. The activate's [y/n] is answered
# over a plain SSH.NET shell: Invoke-EwcCommand waits for a prompt and never answers a question.
$manualUpgrade = {
    param($c, $cred, $password, $pollSeconds, $deadline, $manifest)
    Import-Module $manifest
    $ErrorActionPreference = 'Stop'
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $status = 'Succeeded'; $why = $null; $aps = @()
    $connect = { Connect-Ewc -HostName $c.HostName -Port $c.Port -Credential $cred -HostKeyFingerprint $c.HostKey -TimeoutSeconds 30 -Confirm:$false }
    try {
        $s = & $connect
        $null = Invoke-EwcCommand -Session $s -Command 'install add profile default' -Confirm:$false
        while ($true) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'predownload did not finish in time' }
            Start-Sleep -Seconds $pollSeconds
            $aps = @(Get-ApImageStatus -Session $s)
            if (@($aps | Where-Object { "$($_.PredownloadState)" -in 'Initiated', 'Predownloading', 'Downloading' }).Count -eq 0) { break }
        }
        $failed = @($aps | Where-Object { "$($_.PredownloadState)" -eq 'Failed' })
        if ($failed.Count -gt 0) { throw "$($failed.Count) APs failed to predownload" }
        Disconnect-Ewc -Session $s -Confirm:$false
        $client = [Renci.SshNet.SshClient]::new($c.HostName, $c.Port, 'ewcadmin', $password)
        try {
            $client.ConnectionInfo.Timeout = [TimeSpan]::FromSeconds(30)
            $client.Connect()
            $shell = $client.CreateShellStream('vt100', 200, 50, 0, 0, 4096)
            $null = $shell.Expect('#', [TimeSpan]::FromSeconds(30))
            # The engine may still be closing the add (operation in progress): ask again, bounded.
            foreach ($try in 1..20) {
                $shell.WriteLine('install activate')
                $answer = $shell.Expect([regex]'\[y/n\]|FAILED.*|#\s*$', [TimeSpan]::FromSeconds(30))
                if ($answer -match '\[y/n\]') { break }
                if ($try -eq 20) { throw "install activate refused: $answer" }
                Start-Sleep -Milliseconds 500
            }
            $shell.WriteLine('y')
            # The session drops when the reload starts.
            $null = $shell.Expect([regex]'(?!)', [TimeSpan]::FromSeconds(10))
        }
        finally { $client.Dispose() }
        $s = $null
        while (-not $s) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'the controller did not come back after the reload' }
            Start-Sleep -Seconds $pollSeconds
            try { $s = & $connect } catch { $s = $null }
        }
        $null = Invoke-EwcCommand -Session $s -Command 'install commit' -Confirm:$false
        Disconnect-Ewc -Session $s -Confirm:$false
    }
    catch {
        $status = 'Failed'; $why = "$_"
    }
    [pscustomobject]@{ Controller = $c.Name; Status = $status; Duration = $clock.Elapsed; Aps = $aps.Count; Error = $why }
}

# The server's log file has every transfer's end (Get-ImageTransfer keeps the last 1000 only).
$serverLog = [System.IO.Path]::ChangeExtension($Result, '.tftp.log')
$server = Start-ImageServer -Root $ImageRoot -Address 127.0.0.1 -Port $TftpPort -LogPath $serverLog -PassThru -Confirm:$false
$bundle = Get-ApBundle -Path $BundleFolder
$controllers = @(Import-EwcInventory -Path $Inventory -Credential @{ lab = $cred })
$cpuBefore = [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
$clock = [System.Diagnostics.Stopwatch]::StartNew()
if ($Driver -eq 'InvokeApUpgrade') {
    if (-not (Get-Command Invoke-ApUpgrade -ErrorAction SilentlyContinue)) {
        throw 'Invoke-ApUpgrade is not in this build of the module (it is not merged yet): run with -Driver Manual.'
    }
    # -Wait: the commit (the last phase) is waited for too, so the wall time covers the whole upgrade.
    # -ProbePort: the readiness check probes the server where it listens (the lab's controllers are
    # told the port by the lab file; a device's profile has none and uses 69).
    $results = @(Invoke-ApUpgrade -Controller $controllers -Bundle $bundle -Phase All -Wait -ProbePort $TftpPort -ThrottleLimit $Throttle -PollSeconds $PollSeconds -TimeoutMinutes $TimeoutMinutes -PassThru -Confirm:$false -ErrorAction Continue)
}
else {
    Add-Type -Path (Join-Path $PSScriptRoot '../../module/bin/lib/Renci.SshNet.dll')
    $deadline = [DateTime]::UtcNow.AddMinutes($TimeoutMinutes)
    $job = $manualUpgrade.ToString()
    $results = @($controllers | ForEach-Object -ThrottleLimit $Throttle -Parallel {
        $run = [scriptblock]::Create($using:job)
        & $run $_ $using:cred $using:Password $using:PollSeconds $using:deadline $using:manifest
    })
}
$clock.Stop()
$cpu = [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpuBefore
Start-Sleep -Milliseconds 500 # transfers that end with the last ACK
# Readiness probes (Invoke-ApUpgrade's check of the server) decline the transfer after the server's
# answer with the size (TFTP error 8): the server records them as Declined, not Failed. Counted apart.
$probeLines = @(Select-String -LiteralPath $serverLog -Pattern ': declined .+ to .+: ' | ForEach-Object { $_.Line })
$failedLines = @(Select-String -LiteralPath $serverLog -Pattern ': failed .+ to .+: ' | ForEach-Object { $_.Line })
$failedTransfers = @($failedLines | ForEach-Object { $_ -replace '^.*?: failed ', '' })
$status = Get-Content /proc/self/status
$kb = { param($key) [long](($status | Where-Object { $_ -like "${key}:*" }) -replace '\D', '') }
$me = [System.Diagnostics.Process]::GetCurrentProcess()
[ordered]@{
    Driver = $Driver
    Controllers = $controllers.Count
    Throttle = $Throttle
    WallSeconds = $clock.Elapsed.TotalSeconds
    CpuSecondsDuringRun = $cpu.TotalSeconds
    CpuSecondsTotal = $me.TotalProcessorTime.TotalSeconds
    UserSeconds = $me.UserProcessorTime.TotalSeconds
    SystemSeconds = $me.PrivilegedProcessorTime.TotalSeconds
    PeakRssMB = (& $kb 'VmHWM') / 1024
    RssMB = (& $kb 'VmRSS') / 1024
    Threads = (& $kb 'Threads')
    BytesServed = $server.BytesServed
    TransfersCompleted = $server.CompletedCount
    TransfersFailedByServerCount = $server.FailedCount
    ReadinessProbes = $probeLines.Count
    TransfersFailed = $failedTransfers.Count
    FailedTransfers = @($failedTransfers | Select-Object -First 20)
    Results = @($results | ForEach-Object {
        # Invoke-ApUpgrade's results say why in Message; the manual driver's in Error.
        $why = foreach ($p in 'Message', 'Error') { if ($_.PSObject.Properties[$p] -and "$($_.$p)") { "$($_.$p)" } }
        [ordered]@{ Controller = "$($_.Controller)"; Status = "$($_.Status)"; Seconds = ([TimeSpan]$_.Duration).TotalSeconds; Aps = [int]$(if ($_.PSObject.Properties['ApCount']) { $_.ApCount } else { $_.Aps }); Error = $why | Select-Object -First 1 }
    })
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $Result
Stop-ImageServer -Id $server.Id -Confirm:$false
Disconnect-Ewc -All -Confirm:$false
