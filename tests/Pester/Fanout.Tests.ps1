BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SkipLab = Test-LabSkipped
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

# Many controllers at once: examples/lab-ten.yml with the simulator's delay fault on every
# controller (each command answers 700 ms late), plus SLOW-EWC whose commands take 15 s.
Describe 'Controller cmdlets over many controllers' -Skip:$script:SkipLab {
    BeforeAll {
        $folder = New-TestFolder
        $labText = (Get-Content -Raw (Join-Path $script:RepoRoot 'examples/lab-ten.yml')) -replace '(?m)^(  - hostname: .+)$', "`$1`n    faults: { delayMs: 700 }"
        $labText += @'

  - hostname: SLOW-EWC
    port: 0
    users: [ { username: ewcadmin, password: "Lab-Only-Pa55" } ]
    faults: { delayMs: 15000 }
    aps: []
'@
        $lab = Start-TestLab -LabText $labText -Folder $folder
        $cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
        $ten = $lab.Endpoints.controllers | Where-Object name -Like 'TEN-*' | ForEach-Object {
            [pscustomobject]@{ HostName = '127.0.0.1'; Port = $_.port; Fingerprint = $_.hostKeyFingerprint }
        }
        $slow = $lab.Endpoints.controllers | Where-Object name -EQ 'SLOW-EWC'

        # Controllers at work at once, from the order things came out of the pipeline: each starts
        # with its "Connecting to" verbose line and ends with its APs.
        function Get-PeakConcurrency($Stream) {
            $running = 0; $peak = 0; $seen = @{}
            foreach ($item in $Stream) {
                if ($item -is [System.Management.Automation.VerboseRecord]) {
                    if ($item.Message -like 'Connecting to *') { $running++; $peak = [Math]::Max($peak, $running) }
                }
                elseif (-not $seen.ContainsKey($item.Controller)) { $seen[$item.Controller] = $true; $running-- }
            }
            [pscustomobject]@{ Peak = $peak; Controllers = $seen.Count }
        }
    }
    AfterAll {
        Stop-TestLab $lab $folder
    }
    BeforeEach {
        Disconnect-Ewc -All
    }

    It 'reads ten controllers at once, as many as -ThrottleLimit <Throttle> allows' -ForEach @(@{ Throttle = 8 }, @{ Throttle = 3 }) {
        $stream = $ten | Get-ApImageStatus -Credential $cred -ThrottleLimit $Throttle -Verbose 4>&1
        $aps = $stream | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $aps.Count | Should -Be 27
        $c = Get-PeakConcurrency $stream
        $c.Controllers | Should -Be 10
        # Each controller's work takes three delayed commands: the first $Throttle all start before one ends.
        $c.Peak | Should -Be $Throttle
    }

    It 'takes -ThrottleLimit on every controller cmdlet, 8 by default, 1 to 256' {
        foreach ($name in 'Connect-Ewc', 'Get-ApSummary', 'Get-ApImageStatus', 'Get-EwcDownloadProfile', 'Set-EwcDownloadProfile', 'Invoke-EwcCommand') {
            $p = (Get-Command $name).Parameters
            $p.ContainsKey('ThrottleLimit') | Should -BeTrue -Because $name
            $p.ContainsKey('TimeoutSeconds') | Should -BeTrue -Because $name
        }
        { Get-ApSummary -HostName 127.0.0.1 -Credential $cred -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'ends a command the controller is slow to answer when ForEach-Object -Parallel -TimeoutSeconds runs out' {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $null = 1 | ForEach-Object -TimeoutSeconds 2 -Parallel {
            Import-Module $using:Manifest
            Get-ApSummary -HostName 127.0.0.1 -Port $using:slow.port -Credential $using:cred -HostKeyFingerprint $using:slow.hostKeyFingerprint
        } 2>&1
        $clock.Stop()
        # The login's first command alone takes 15 s: a stop that waited for it would take that long.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        Write-Host "  ForEach-Object -Parallel -TimeoutSeconds 2 returned after $([int]$clock.Elapsed.TotalMilliseconds) ms."
    }

    It 'ends at once when the pipeline is stopped ([powershell]::Stop())' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m, $e, $c) Import-Module $m; Get-ApImageStatus -HostName 127.0.0.1 -Port $e.port -Credential $c -HostKeyFingerprint $e.hostKeyFingerprint').
                AddArgument($script:Manifest).AddArgument($slow).AddArgument($cred)
            $run = $ps.BeginInvoke()
            Start-Sleep -Seconds 2
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $run.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue
            Write-Host "  [powershell]::Stop() returned after $($clock.ElapsedMilliseconds) ms."
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'stops one controller at its -TimeoutSeconds deadline with ControllerDeadline while the others finish' {
        $targets = @($ten[0]; [pscustomobject]@{ HostName = '127.0.0.1'; Port = $slow.port; Fingerprint = $slow.hostKeyFingerprint })
        $aps = $targets | Get-ApSummary -Credential $cred -TimeoutSeconds 5 -ErrorVariable failure -ErrorAction SilentlyContinue
        @($aps).Count | Should -BeGreaterThan 0
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'ControllerDeadline*'
        $failure[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'says AuthenticationFailed for a refused login' {
        $wrong = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Not-The-Pa55' -AsPlainText -Force))
        $ten[0] | Get-ApSummary -Credential $wrong -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $failure[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$($failure[0])" | Should -Not -Match 'Not-The-Pa55'
    }

    It 'says KeyFileUnreadable for a key file that is not a key' {
        $key = Join-Path $folder 'not-a-key'
        Set-Content -LiteralPath $key -Value 'this is not a private key'
        $ten[0] | Get-ApSummary -Credential $cred -KeyFile $key -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'KeyFileUnreadable*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure[0].Exception.Message | Should -Match 'Cannot read the private key file'
    }
}
