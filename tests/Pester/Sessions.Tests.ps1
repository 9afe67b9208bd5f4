# Controller sessions and the controller cmdlets' parameter binding, as a user drives them in pwsh
# (issue 7: reuse, configuration mode, Start-Job, fingerprints, pipeline binding, -WhatIf, errors).
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SkipLab = Test-LabSkipped
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Binding checked before anything connects' {
    It 'refuses a malformed -HostKeyFingerprint at binding, naming the accepted forms' {
        $cred = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))
        $failure = { Connect-Ewc -HostName 127.0.0.1 -Port 1 -Credential $cred -HostKeyFingerprint abc } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
        $failure.Exception.Message | Should -Match 'SHA256:'
        $failure.Exception.Message | Should -Match 'MD5:'
    }

    It 'makes a missing credential a non-terminating error per host, with one id' {
        $failures = @()
        $out = '127.0.0.1', '127.0.0.2' | Connect-Ewc -Port 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failures.Count | Should -Be 2
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'CredentialMissing,*' }
        $failures[1].TargetObject | Should -Be '127.0.0.2'
    }

    It 'does not bind a file or a process piped in by accident' {
        $cred = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))
        $file = Get-Item -LiteralPath $PSCommandPath
        $file | Connect-Ewc -Credential $cred -Port 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $failures[0].Exception.Message | Should -Match 'not a FileInfo'
        'a.txt', 'b.txt' | ForEach-Object { [System.IO.FileInfo]::new($_) } | Get-EwcHostKey -ErrorVariable failures3 -ErrorAction SilentlyContinue
        $failures3.Count | Should -Be 2
        $failures3 | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*' }
        Get-Process -Id $PID | Get-EwcSession -ErrorVariable failures2 -ErrorAction SilentlyContinue
        $failures2[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound*'
    }

    It 'reports an unknown session id the same way in Get-EwcSession and Disconnect-Ewc' {
        Get-EwcSession -Id 99999 -ErrorVariable a -ErrorAction SilentlyContinue
        Disconnect-Ewc -Id 99999 -ErrorVariable b -ErrorAction SilentlyContinue
        $a.Count | Should -Be 1
        $a[0].FullyQualifiedErrorId | Should -BeLike 'SessionNotFound,*'
        $b[0].FullyQualifiedErrorId | Should -BeLike 'SessionNotFound,*'
        $a[0].Exception.Message | Should -Be $b[0].Exception.Message
    }
}

Describe 'Sessions to the simulated lab' -Skip:$script:SkipLab {
    BeforeAll {
        if ($script:LabProblem = Get-LabPrerequisiteProblem) { throw "Cannot run the lab tests: $script:LabProblem" }
        $folder = New-TestFolder
        $labText = (Get-Content -Raw (Join-Path $script:RepoRoot 'examples/lab.yml')) -replace '(?m)^(\s+port:) \d+', '$1 0'
        $lab = Start-TestLab -LabText $labText -Folder $folder
        $cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
        $wrong = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Not-The-Pa55' -AsPlainText -Force))
        function Endpoint([string] $Name) { $lab.Endpoints.controllers | Where-Object name -EQ $Name }
        $a = Endpoint 'SITE-A-EWC'
        $inventory = Join-Path $folder 'inventory.yml'
        Write-TestInventory $lab $inventory 'SITE-A-EWC', 'SITE-B-EWC', 'SITE-C-EWC'
    }
    AfterAll {
        Stop-TestLab $lab $folder
    }
    AfterEach {
        Disconnect-Ewc -All -Confirm:$false
    }

    Context 'reuse (item 3, 15)' {
        It 'reuses a session only for the same login, and says so in the verbose stream' {
            $first = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint -Verbose 4>&1
            $opened = $first | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $session = $first | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
            "$opened" | Should -Match "opened session $($session.Id) "
            $again = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint -Verbose 4>&1
            "$($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match "reusing session $($session.Id) "
            ($again | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Id | Should -Be $session.Id
        }

        It 'refuses a wrong password even while a session with the right one is open' {
            $null = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint
            $out = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $wrong -HostKeyFingerprint $a.hostKeyFingerprint -ErrorVariable failure -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $failure[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
            $failure[0].Exception.Message | Should -Match 'Authentication failed'
            (Get-EwcSession).Count | Should -Be 1
        }

        It 'checks the host key against -KnownHostsFile even while a pinned session is open' {
            $null = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint
            $knownHosts = Join-Path $folder 'empty_known_hosts'
            Set-Content -LiteralPath $knownHosts -Value ''
            $out = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -KnownHostsFile $knownHosts -ErrorVariable failure -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $failure[0].FullyQualifiedErrorId | Should -BeLike 'HostKeyUnknown*'
            $failure[0].Exception.Message | Should -Match ([regex]::Escape($knownHosts))
        }
    }

    Context 'configuration mode (item 4)' {
        It 'leaves the session in privileged EXEC after configure terminal' {
            $session = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint
            $null = $session | Invoke-EwcCommand -Command 'configure terminal' -Confirm:$false
            ($session | Get-ApSummary).Count | Should -Be 5
            ($session | Invoke-EwcCommand -Command 'show running-config | section image-download' -ErrorAction Stop).Output | Should -Match 'image-download'
        }

        It 'runs configuration lines given together in one -Command, then returns to EXEC' {
            $session = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint
            $out = $session | Invoke-EwcCommand -Command 'configure terminal', 'wireless profile image-download default', 'image-download-mode tftp', 'tftp-image-path /cfgtest' -Confirm:$false -ErrorAction Stop
            $out.Count | Should -Be 4
            ($session | Get-EwcDownloadProfile).ImagePath | Should -Be '/cfgtest'
        }
    }

    Context 'Start-Job (item 9)' {
        It 'runs inventory controllers serialised into a job, the credential resolved again by name' {
            $env:EWC_CREDENTIAL_LAB_USERNAME = 'ewcadmin'
            $env:EWC_CREDENTIAL_LAB_PASSWORD = 'Lab-Only-Pa55'
            try {
                $controllers = Import-EwcInventory $inventory
                $job = Start-Job { Import-Module $using:Manifest; $using:controllers | Get-ApSummary | ForEach-Object Controller }
                $names = $job | Wait-Job -Timeout 120 | Receive-Job -ErrorVariable failures -ErrorAction SilentlyContinue
                $job | Remove-Job -Force
                $failures | Should -BeNullOrEmpty
                $names.Count | Should -Be 13
                ($names | Sort-Object -Unique) | Should -Be @('SITE-A-EWC', 'SITE-B-EWC', 'SITE-C-EWC')
            }
            finally {
                Remove-Item Env:EWC_CREDENTIAL_LAB_USERNAME, Env:EWC_CREDENTIAL_LAB_PASSWORD -ErrorAction SilentlyContinue
            }
        }

        It 'fails per controller when the job cannot resolve the credential' {
            $controllers = Import-EwcInventory $inventory -Credential @{ lab = $cred }
            $job = Start-Job { Import-Module $using:Manifest; $using:controllers | Get-ApSummary; 'went on' }
            $out = $job | Wait-Job -Timeout 120 | Receive-Job -ErrorVariable failures -ErrorAction SilentlyContinue
            $job | Remove-Job -Force
            $out | Should -Be 'went on'
            $failures.Count | Should -Be 3
            $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'CredentialMissing*' }
            "$($failures[0])" | Should -Match 'EWC_CREDENTIAL_LAB_USERNAME'
        }
    }

    Context 'pipeline binding (item 11)' {
        It 'closes the sessions of inventory controllers piped to Disconnect-Ewc' {
            $controllers = Import-EwcInventory $inventory -Credential @{ lab = $cred }
            ($controllers | Connect-Ewc).Count | Should -Be 3
            $controllers[0, 1] | Disconnect-Ewc -Confirm:$false
            (Get-EwcSession).Controller | Should -Be 'SITE-C-EWC'
        }

        It 'takes a plain host name by value' {
            $aps = '127.0.0.1' | Get-ApSummary -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint
            $aps.Count | Should -Be 5
        }

        It 'pins the key Get-EwcHostKey just read when it is piped to Connect-Ewc' {
            $knownHosts = Join-Path $folder 'no_known_hosts'
            $session = Get-EwcHostKey 127.0.0.1 -Port $a.port | Connect-Ewc -Credential $cred -KnownHostsFile $knownHosts
            $session.Port | Should -Be $a.port
            $session.HostKeyFingerprint | Should -Be $a.hostKeyFingerprint
            Test-Path $knownHosts | Should -BeFalse
        }
    }

    Context '-WhatIf (item 12)' {
        It 'Disconnect-Ewc -WhatIf keeps the session' {
            $session = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint
            $session | Disconnect-Ewc -WhatIf
            Disconnect-Ewc -All -WhatIf
            $session.State | Should -Be 'Open'
            (Get-EwcSession).Id | Should -Be $session.Id
        }

        It 'Connect-Ewc -TrustOnFirstUse -WhatIf writes no key and logs in nowhere; without it the key is recorded' {
            $knownHosts = Join-Path $folder 'tofu_known_hosts'
            $out = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -KnownHostsFile $knownHosts -TrustOnFirstUse -WhatIf
            $out | Should -BeNullOrEmpty
            Test-Path $knownHosts | Should -BeFalse
            Get-EwcSession | Should -BeNullOrEmpty
            $session = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -KnownHostsFile $knownHosts -TrustOnFirstUse
            $session.HostKeyFingerprint | Should -Be $a.hostKeyFingerprint
            Get-Content -LiteralPath $knownHosts | Should -Match ([regex]::Escape("[127.0.0.1]:$($a.port) "))
        }
    }

    Context 'closed sessions (item 14)' {
        It 'says in plain words that a disconnected session was closed and how to get a new one' {
            $session = Connect-Ewc 127.0.0.1 -Port $a.port -Credential $cred -HostKeyFingerprint $a.hostKeyFingerprint
            $session | Disconnect-Ewc -Confirm:$false
            $session | Get-ApSummary -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -BeLike 'SessionClosed*'
            $failure[0].Exception.Message | Should -Not -Match 'Object name'
            $failure[0].Exception.Message | Should -Match "session $($session.Id) to SITE-A-EWC .*was closed.*Disconnect-Ewc"
            $failure[0].Exception.Message | Should -Match 'Connect-Ewc'
        }
    }
}
