# Invoke-ApUpgrade against lab controllers that really download: from the module's TFTP server
# (curl in the lab) and its SFTP server (OpenSSH, SSH.NET in the lab), through predownload,
# activation with its reload and commit. Failures are real failed transfers, diagnosed.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SkipLab = Test-LabSkipped
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))

    # A loopback address of its own, so the TFTP server can use port 69 (the device's port) without
    # meeting another test's server.
    function New-LoopbackAddress { "127.$(Get-Random -Minimum 20 -Maximum 250).$(Get-Random -Minimum 1 -Maximum 250).$(Get-Random -Minimum 2 -Maximum 250)" }

    # Lab controllers: each with APs of three image types; $Install is the lab's install options.
    function New-LabText([string] $Name, [string[]] $Controllers, [string] $Install = '{ }', [int] $ClockFactor = 100) {
        $text = "lab: $Name`nclockFactor: $ClockFactor`ncontrollers:`n"
        $n = 0
        foreach ($c in $Controllers) {
            $n++
            $text += @"
  - hostname: $c
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    controllerVersion: 17.09.03.0.3760
    users: [ { username: ewcadmin, password: "Lab-Only-Pa55", privilege: 15 } ]
    install: $Install
    aps:
      - { name: $c-AP1, model: C9120AXI-E, mac: 0c75.bd$('{0:x2}' -f $n).0001, ip: 10.9.$n.1, primary: 17.9.3.50, backup: 17.6.5.22, role: Master }
      - { name: $c-AP2, model: C9130AXI-E, mac: 0c75.bd$('{0:x2}' -f $n).0002, ip: 10.9.$n.2, primary: 17.9.3.50, backup: 17.6.5.22 }
      - { name: $c-AP3, model: AIR-AP2802I-E-K9, mac: 0c75.bd$('{0:x2}' -f $n).0003, ip: 10.9.$n.3, primary: 17.9.3.50, backup: 8.10.130.0 }

"@
        }
        $text
    }

    # A sample bundle of every image type imported under <folder>/images, served over TFTP on port 69 of an address of its own.
    function Start-BundleServer([string] $Folder) {
        $root = Join-Path $Folder 'images'
        $null = New-ApSampleBundle -Path (Join-Path $Folder 'bundle.zip')
        $bundle = Import-ApBundle -Path (Join-Path $Folder 'bundle.zip') -Destination $root
        $address = New-LoopbackAddress
        $root, $bundle, $address, (Start-ImageServer -Root $root -Address $address -Port 69 -PassThru)
    }

    function Connect-Lab($Lab, [string] $Name) {
        $e = $Lab.Endpoints.controllers | Where-Object name -EQ $Name
        Connect-Ewc -HostName 127.0.0.1 -Port $e.port -Credential $script:Cred -HostKeyFingerprint $e.hostKeyFingerprint
    }

    # The install summary's rows and the log's install events: what the device did, for "changed nothing".
    function Get-DeviceTrace($Session) {
        $summary = $Session | Invoke-EwcCommand -Command 'show install summary'
        $adds = @($Session | Get-EwcUpgradeLog | Where-Object Kind -EQ 'InstallStarted').Count
        [pscustomobject]@{ Summary = ($summary.Output -join "`n"); InstallStarts = $adds }
    }
}

Describe 'Invoke-ApUpgrade: the whole upgrade over the embedded TFTP server' -Skip:$script:SkipLab {
    BeforeAll {
        $folder = New-TestFolder
        $root, $bundle, $address, $server = Start-BundleServer $folder
        # examples/lab.yml as it is, on free ports and a faster clock.
        $labText = (Get-Content -Raw (Join-Path $script:RepoRoot 'examples/lab.yml')) -replace 'port: 221\d\d', 'port: 0' -replace 'clockFactor: \d+', 'clockFactor: 100'
        $lab = Start-TestLab -Folder $folder -LabText $labText
        $sessions = foreach ($name in 'SITE-A-EWC', 'SITE-B-EWC', 'SITE-C-EWC') { Connect-Lab $lab $name }
        $sessions | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath "/$($bundle.Version)" -Confirm:$false | Out-Null
    }
    AfterAll {
        Get-ImageServer | Stop-ImageServer
        Stop-TestLab $lab $folder
    }

    It '-WhatIf lists the phases and CLI lines per controller and changes nothing' {
        $before = Get-DeviceTrace $sessions[0]
        $said = $sessions | Invoke-ApUpgrade -Bundle $bundle -PassThru -WhatIf 6>&1 | Out-String
        # -WhatIf text goes to the host; what matters is that the device did nothing.
        $after = Get-DeviceTrace $sessions[0]
        $after.Summary | Should -Be $before.Summary
        $after.InstallStarts | Should -Be $before.InstallStarts
        @($sessions[0] | Get-ApImageStatus | Where-Object PredownloadStatus -NE 'None').Count | Should -Be 0
    }

    It 'upgrades the example lab: every AP of SITE-A and SITE-B runs the bundle, and the controllers the new package, committed' {
        $results = $sessions[0..1] | Invoke-ApUpgrade -Bundle $bundle -PollSeconds 0.25 -PassThru -Confirm:$false
        $results.Count | Should -Be 2
        foreach ($r in $results) {
            $r.Status | Should -Be 'Succeeded' -Because $r.Message
            $r.PhasesDone | Should -Be 'All'
            $r.FromVersion | Should -Be '17.09.03.0.3760'
            $r.RunningVersion | Should -Be $bundle.ControllerVersion
            $r.State | Should -Match 'committed'
            $r.Aps.Count | Should -BeGreaterThan 3
            @($r.Aps | Where-Object Outcome -NE 'Upgraded').Count | Should -Be 0
            @($r.Aps | Where-Object After -NE $bundle.Version).Count | Should -Be 0
        }
        # What the device says, not what the result says.
        foreach ($s in $sessions[0..1]) {
            @($s | Get-ApImageStatus | Where-Object PrimaryImage -NE $bundle.Version).Count | Should -Be 0
            ($s | Invoke-EwcCommand -Command 'show install summary').Output -join "`n" | Should -Match "IMG\s+C\s+$([regex]::Escape($bundle.ControllerVersion))"
        }
        # The images came from the module's server: the controller image and each AP image type once per controller.
        $served = @(Get-ImageTransfer -ServerId $server.Id -State Completed)
        @($served | Where-Object File -Like '*C9800-AP-iosxe-wlc.bin').Count | Should -Be 2
        @($served | Where-Object File -Like '*/ap3g3').Count | Should -Be 2
        # The readiness check's size probes are Declined by the client after the server's answer: not failures.
        @(Get-ImageTransfer -ServerId $server.Id -State Declined).Count | Should -BeGreaterThan 0
        @(Get-ImageTransfer -ServerId $server.Id -State Failed).Count | Should -Be 0
        (Get-ImageServer -Id $server.Id).FailedCount | Should -Be 0
    }

    It 'survives the reload: the same session object answers afterwards' {
        $sessions[0].State | Should -Be 'Open'
        ($sessions[0] | Invoke-EwcCommand -Command 'show version').Output -join "`n" | Should -Match 'Version 17\.9\.4'
        # A second run finds every phase done and sends nothing.
        $before = Get-DeviceTrace $sessions[0]
        $again = $sessions[0] | Invoke-ApUpgrade -Bundle $bundle -PollSeconds 0.25 -PassThru -Confirm:$false
        $again.Status | Should -Be 'Succeeded'
        $again.PhasesDone | Should -BeNullOrEmpty
        $again.PhasesAlreadyDone | Should -Be 'All'
        (Get-DeviceTrace $sessions[0]).InstallStarts | Should -Be $before.InstallStarts
    }

    It 'reports SITE-C, on the new release already, as failed for the AP whose predownload failed, with its retry' {
        $r = $sessions[2] | Invoke-ApUpgrade -Bundle $bundle -PollSeconds 0.25 -PassThru -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'Failed'
        $r.PhasesAlreadyDone | Should -Be 'All'
        $store = $r.Aps | Where-Object ApName -EQ 'AP-C-STORE'
        $store.Outcome | Should -Be 'Failed'
        $store.RetryCount | Should -Be 2
        $r.Message | Should -Match 'AP-C-STORE'
        $failure[0].FullyQualifiedErrorId | Should -Be 'UpgradeFailed,EwcUpgrade.Cmdlets.InvokeApUpgrade'
    }
}

Describe 'Invoke-ApUpgrade: failures diagnosed, budgets, resuming, many controllers' -Skip:$script:SkipLab {
    BeforeAll {
        $folder = New-TestFolder
        $root, $bundle, $address, $server = Start-BundleServer $folder
        # A second address where a UDP socket takes requests and never answers: a blocked port as the EWC sees it.
        $silentAddress = New-LoopbackAddress
        $silent = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]$silentAddress, 69))
        $names = 1..14 | ForEach-Object { 'UP-{0:d2}' -f $_ }
        $labText = (New-LabText 'upgrade-many' $names) + (New-LabText 'x' @('SLOW-EWC') -Install '{ capwapRate: 4000 }').Split("controllers:`n", 2)[1]
        $lab = Start-TestLab -Folder $folder -LabText $labText
        $targets = $lab.Endpoints.controllers | Where-Object name -Like 'UP-*' | Sort-Object name | ForEach-Object {
            [pscustomobject]@{ HostName = '127.0.0.1'; Port = $_.port; Fingerprint = $_.hostKeyFingerprint; Name = $_.name }
        }
        $all = $targets | ForEach-Object { Connect-Lab $lab $_.Name }
        $all | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath "/$($bundle.Version)" -Confirm:$false | Out-Null
    }
    AfterAll {
        $silent.Dispose()
        Get-ImageServer | Stop-ImageServer
        Stop-TestLab $lab $folder
    }

    It 'skips a controller the readiness check finds not ready, with its reasons, sending nothing' {
        $s = $all[0]
        $s | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath '/Wrong-Path' -Confirm:$false | Out-Null
        $before = Get-DeviceTrace $s
        $r = $s | Invoke-ApUpgrade -Bundle $bundle -PollSeconds 0.25 -PassThru -Confirm:$false -ErrorVariable skipped -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'Skipped'
        $r.Message | Should -Match 'Not ready'
        $r.Reasons -join ' ' | Should -Match 'Wrong-Path'
        $r.Readiness.Ready | Should -BeFalse
        $skipped[0].FullyQualifiedErrorId | Should -Be 'UpgradeSkipped,EwcUpgrade.Cmdlets.InvokeApUpgrade'
        (Get-DeviceTrace $s).InstallStarts | Should -Be $before.InstallStarts
    }

    # The seed's failures, forced past the readiness check (which would have caught them) so the device really fails.
    It 'diagnoses the seed''s wrong path as WrongPath on every AP, with what the server saw and the fix' {
        $s = $all[0]
        $r = $s | Invoke-ApUpgrade -Bundle $bundle -Force -PollSeconds 0.25 -PassThru -Confirm:$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Failed'
        $r.PhasesDone | Should -BeNullOrEmpty
        $r.Failures[0].Cause | Should -Be 'WrongPath'
        $r.Failures[0].ServerSaw | Should -Match 'not found'
        $r.Failures[0].Fix | Should -Match 'image path'
        @($r.Aps | Where-Object Outcome -EQ 'Failed').Count | Should -Be 3
        @($r.Aps | Where-Object Cause -EQ 'WrongPath').Count | Should -Be 3
        # Not activated: the controller still runs its old package.
        $r.RunningVersion | Should -Be '17.09.03.0.3760'
        $s | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath "/$($bundle.Version)" -Confirm:$false | Out-Null
    }

    It 'diagnoses a server that never answers as ServerUnreachable, the server having seen nothing' {
        $s = $all[1]
        $s | Set-EwcDownloadProfile -Mode Tftp -ImageServer $silentAddress -ImagePath "/$($bundle.Version)" -Confirm:$false | Out-Null
        $r = $s | Invoke-ApUpgrade -Bundle $bundle -Force -PollSeconds 0.25 -PassThru -Confirm:$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Failed'
        $r.Failures[0].Error | Should -Match 'Timed out'
        $r.Failures[0].Cause | Should -Be 'ServerUnreachable'
        @($r.Aps | Where-Object Cause -EQ 'ServerUnreachable').Count | Should -Be 3
        $s | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath "/$($bundle.Version)" -Confirm:$false | Out-Null
    }

    It 'fails only the APs whose image type the folder lacks' {
        $s = $all[2]
        $partial = Join-Path $root 'partial'
        Copy-Item -Recurse (Join-Path $root $bundle.Version) $partial
        Remove-Item (Join-Path $partial 'ap3g3')
        $s | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath '/partial' -Confirm:$false | Out-Null
        $r = $s | Invoke-ApUpgrade -Bundle $bundle -Force -Phase Download -Wait -PollSeconds 0.25 -PassThru -Confirm:$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Failed'
        ($r.Aps | Where-Object ImageType -EQ 'ap3g3').Outcome | Should -Be 'Failed'
        ($r.Aps | Where-Object ImageType -EQ 'ap3g3').Cause | Should -BeIn 'MissingImage', 'WrongPath'
        @($r.Aps | Where-Object Outcome -EQ 'Predownloaded').Count | Should -Be 2
        $s | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath "/$($bundle.Version)" -Confirm:$false | Out-Null
    }

    It 'stops starting controllers once -MaxFailed is spent; those under way finish' {
        $three = $all[3..5]
        $three[0], $three[1] | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath '/Wrong-Path' -Confirm:$false | Out-Null
        $r = $three | Invoke-ApUpgrade -Bundle $bundle -Force -WarningAction SilentlyContinue -Phase Download -Wait -MaxFailed 0 -ThrottleLimit 1 -PollSeconds 0.25 -PassThru -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $r.Count | Should -Be 3
        $r[0].Status | Should -Be 'Failed'
        $r[1].Status | Should -Be 'Skipped'
        $r[1].Message | Should -Match 'failure budget'
        $r[2].Status | Should -Be 'Skipped'
        @($errors | Where-Object FullyQualifiedErrorId -Like 'UpgradeSkipped,*').Count | Should -Be 2
        # The skipped ones were not touched.
        (Get-DeviceTrace $three[1]).InstallStarts | Should -Be 0
        $three[0], $three[1] | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath "/$($bundle.Version)" -Confirm:$false | Out-Null
    }

    It 'refuses a -MaxFailed that is neither a count nor a percentage' {
        { $all[0] | Invoke-ApUpgrade -Bundle $bundle -MaxFailed 'many' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,EwcUpgrade.Cmdlets.InvokeApUpgrade'
    }

    It 'downloads now and activates later: results pipe into the next phase, which skips what is done' {
        $s = $all[6]
        $d = $s | Invoke-ApUpgrade -Bundle $bundle -Phase Download -Wait -PollSeconds 0.25 -PassThru -Confirm:$false
        $d.Status | Should -Be 'Succeeded'
        $d.PhasesDone | Should -Be 'Download'
        @($d.Aps | Where-Object Outcome -EQ 'Predownloaded').Count | Should -Be 3
        $d.RunningVersion | Should -Be '17.09.03.0.3760'
        $a = $d | Invoke-ApUpgrade -Bundle $bundle -PollSeconds 0.25 -PassThru -Confirm:$false
        $a.Status | Should -Be 'Succeeded'
        $a.PhasesAlreadyDone | Should -Be 'Download'
        $a.PhasesDone | Should -Be 'Activate, Commit'
        @($a.Aps | Where-Object Outcome -EQ 'Upgraded').Count | Should -Be 3
    }

    It 'stops at Ctrl+C within the poll, says where the controller was left, and a new run picks up from there' {
        $e = $lab.Endpoints.controllers | Where-Object name -EQ 'SLOW-EWC'
        $slow = Connect-Lab $lab 'SLOW-EWC'
        $slow | Set-EwcDownloadProfile -Mode Tftp -ImageServer $address -ImagePath "/$($bundle.Version)" -Confirm:$false | Out-Null
        # The upgrade in a process of its own (the embedded host, which takes SIGINT as Ctrl+C).
        $script = Join-Path $folder 'interrupted.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Port, $Fingerprint, $BundleFolder)
$cred = [pscredential]::new('ewcadmin', [Net.NetworkCredential]::new('', 'Lab-Only-Pa55').SecurePassword)
Invoke-ApUpgrade -HostName 127.0.0.1 -Port $Port -Credential $cred -HostKeyFingerprint $Fingerprint -Bundle (Get-ApBundle -Path $BundleFolder) -PollSeconds 0.25 -Confirm:$false
'@
        $start = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $script:RepoRoot 'ewcupgrade'))
        foreach ($a in '-File', $script, $e.port, $e.hostKeyFingerprint, $bundle.Folder) { $start.ArgumentList.Add([string]$a) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $out = $process.StandardOutput.ReadToEndAsync()
        $err = $process.StandardError.ReadToEndAsync()
        try {
            # Interrupt it while the APs predownload (slowly, at this controller's CAPWAP rate).
            $seen = $false
            foreach ($i in 1..300) {
                if (@($slow | Get-ApImageStatus | Where-Object PredownloadStatus -EQ 'Predownloading').Count -gt 0) { $seen = $true; break }
                Start-Sleep -Milliseconds 100
            }
            $seen | Should -BeTrue
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            & /bin/kill -s INT $process.Id
            $process.WaitForExit(15000) | Should -BeTrue
            Write-Host "  SIGINT to exit: $($clock.ElapsedMilliseconds) ms."
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
        }
        $process.ExitCode | Should -Be 130
        $said = $out.Result + $err.Result
        $said | Should -Match 'WARNING: SLOW-EWC: stopped waiting; the device runs 17\.09\.03\.0\.3760; download in progress on the device \(\d+ of 3 APs predownloaded\)'
        # The device goes on; a new run waits for that download instead of starting another, then finishes.
        $r = $slow | Invoke-ApUpgrade -Bundle $bundle -PollSeconds 0.25 -PassThru -Confirm:$false
        $r.Status | Should -Be 'Succeeded' -Because $r.Message
        @($r.Aps | Where-Object Outcome -EQ 'Upgraded').Count | Should -Be 3
        $starts = @($slow | Get-EwcUpgradeLog | Where-Object { $_.Kind -eq 'InstallStarted' -and $_.File -eq 'C9800-AP-iosxe-wlc.bin' })
        $starts.Count | Should -Be 1
    }

    It 'upgrades ten controllers at -ThrottleLimit 4: four at once, never more' {
        # The last ten: earlier tests left some downloaded or failed, none half-way.
        $ten = $targets | Select-Object -Last 10
        $stream = $ten | Invoke-ApUpgrade -Credential $script:Cred -Bundle $bundle -ThrottleLimit 4 -PollSeconds 0.25 -PassThru -Confirm:$false -Verbose 4>&1
        $running = 0; $peak = 0
        foreach ($item in $stream) {
            if ($item -is [System.Management.Automation.VerboseRecord]) {
                if ($item.Message -like 'Connecting to *') { $running++; $peak = [Math]::Max($peak, $running) }
            }
            elseif ($item.PSObject.TypeNames -contains 'EwcUpgrade.Upgrade.ApUpgradeResult') { $running-- }
        }
        $peak | Should -Be 4
        $results = @($stream | Where-Object { $_.PSObject.TypeNames -contains 'EwcUpgrade.Upgrade.ApUpgradeResult' })
        $results.Count | Should -Be 10
        # Some of them ran a phase in an earlier test; every one ends committed on the bundle.
        @($results | Where-Object Status -NE 'Succeeded').Count | Should -Be 0
        @($results | Where-Object RunningVersion -NE $bundle.ControllerVersion).Count | Should -Be 0
    }
}

Describe 'Invoke-ApUpgrade: SFTP, jobs' -Skip:$script:SkipLab {
    BeforeAll {
        $folder = New-TestFolder
        # OpenSSH chroots the SFTP login into the image root: a root-owned path outside /tmp.
        $root = "/srv/ewcupgrade-tests/upgrade-" + [guid]::NewGuid().ToString('N').Substring(0, 8)
        New-Item -ItemType Directory -Path $root -Force | Out-Null
        chmod 755 /srv/ewcupgrade-tests $root
        $bundle = Import-TestBundle -Folder $folder -Root $root
        $password = 'Upgrade-Sftp-Pa55'
        $login = [pscredential]::new('ewcsftpup', (ConvertTo-SecureString $password -AsPlainText -Force))
        $server = Start-ImageServer -Protocol Sftp -Root $root -Address 127.0.0.1 -Port 0 -Credential $login -PassThru
        $lab = Start-TestLab -Folder $folder -LabText (New-LabText 'upgrade-sftp' @('SFTP-EWC', 'SFTP-BAD', 'JOB-EWC'))
        $good = Connect-Lab $lab 'SFTP-EWC'
        $bad = Connect-Lab $lab 'SFTP-BAD'
        $good | Set-EwcDownloadProfile -Mode Sftp -ImageServer 127.0.0.1 -Port $server.Port -ImagePath $bundle.Version -Credential $login -Confirm:$false | Out-Null
        $wrong = [pscredential]::new('ewcsftpup', (ConvertTo-SecureString 'Not-The-Pa55' -AsPlainText -Force))
        $bad | Set-EwcDownloadProfile -Mode Sftp -ImageServer 127.0.0.1 -Port $server.Port -ImagePath $bundle.Version -Credential $wrong -Confirm:$false | Out-Null
    }
    AfterAll {
        Get-ImageServer | Stop-ImageServer
        Stop-TestLab $lab $folder
        Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'upgrades a controller whose profile names the module''s SFTP server' {
        $r = $good | Invoke-ApUpgrade -Bundle $bundle -ImageServerCredential $login -ImageServerHostKeyFingerprint $server.HostKeyFingerprint -PollSeconds 0.25 -PassThru -Confirm:$false
        $r.Readiness.Ready | Should -BeTrue
        $r.Status | Should -Be 'Succeeded' -Because $r.Message
        @($r.Aps | Where-Object Outcome -EQ 'Upgraded').Count | Should -Be 3
        @(Get-ImageTransfer -ServerId $server.Id | Where-Object Protocol -EQ 'Sftp').Count | Should -BeGreaterThan 3
    }

    It 'diagnoses a rejected SFTP password as AuthenticationFailed, never showing it' {
        $r = $bad | Invoke-ApUpgrade -Bundle $bundle -Force -PollSeconds 0.25 -PassThru -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Failed'
        $r.Failures[0].Cause | Should -Be 'AuthenticationFailed'
        $r.Failures[0].Url | Should -Not -Match 'Not-The-Pa55'
        ($r | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue) + ($failure | Out-String) + ($warned | Out-String) | Should -Not -Match 'Not-The-Pa55'
    }

    It 'runs as a job whose results Receive-Job returns' {
        $e = $lab.Endpoints.controllers | Where-Object name -EQ 'JOB-EWC'
        $s = Connect-Lab $lab 'JOB-EWC'
        $s | Set-EwcDownloadProfile -Mode Sftp -ImageServer 127.0.0.1 -Port $server.Port -ImagePath $bundle.Version -Credential $login -Confirm:$false | Out-Null
        $job = $s | Invoke-ApUpgrade -Bundle $bundle -ImageServerCredential $login -ImageServerHostKeyFingerprint $server.HostKeyFingerprint -PollSeconds 0.25 -PassThru -AsJob -Confirm:$false
        $job | Should -BeOfType [System.Management.Automation.Job]
        (Get-Job -Id $job.Id).Name | Should -Be 'ApUpgrade'
        $null = $job | Wait-Job -Timeout 120
        $job.State | Should -Be 'Completed'
        # Per controller bars under the overall one (Receive-Job shows them, and takes them away).
        @($job.Progress | Where-Object ParentActivityId -EQ 1 | Where-Object StatusDescription -Like 'Download:*').Count | Should -BeGreaterThan 0
        $r = $job | Receive-Job
        $r.Controller | Should -Be 'JOB-EWC'
        $r.Status | Should -Be 'Succeeded'
        $job | Remove-Job
    }
}
