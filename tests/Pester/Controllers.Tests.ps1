BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SkipLab = Test-LabSkipped
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Import-EwcInventory' {
    BeforeAll {
        $folder = New-TestFolder
    }
    AfterAll {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'reads the example lab inventory, versions kept as written' {
        $controllers = Import-EwcInventory (Join-Path $script:RepoRoot 'examples/lab-inventory.yml') -Credential @{
            lab = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'x' -AsPlainText -Force))
        }
        $controllers.Count | Should -Be 3
        $controllers[0].Name | Should -Be 'SITE-A-EWC'
        $controllers[0].TargetRelease | Should -BeOfType [string]
        $controllers[0].TargetRelease | Should -Be '17.9.4a'
        $controllers[0].ImageServer.Path | Should -Be '/17.9.4.27'
        $controllers | ForEach-Object { $_.HasCredential | Should -BeTrue }
    }

    It 'reports every problem with file, line and column' {
        $path = Join-Path $folder 'bad.yml'
        Set-Content -LiteralPath $path -Value "controllers:`n  - name: A`n    host: h`n    prot: 22`n  - name: B`n    host: h`n    site: nowhere`n"
        $result = Import-EwcInventory $path -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InventoryInvalid*'
        $problems[0].Exception.Message | Should -Match ([regex]::Escape("${path}:4:5: unknown key 'prot'"))
        $problems[0].Exception.Message | Should -Match ([regex]::Escape("${path}:7:11:"))
    }

    It 'warns about a credential it cannot resolve, naming where to put it' {
        $path = Join-Path $folder 'nocred.yml'
        Set-Content -LiteralPath $path -Value "controllers:`n  - name: A`n    host: 127.0.0.1`n    credential: nowhere`n"
        $controller = Import-EwcInventory $path -WarningVariable warnings -WarningAction SilentlyContinue
        $controller.HasCredential | Should -BeFalse
        $warnings[0] | Should -Match 'EWC_CREDENTIAL_NOWHERE_USERNAME'
    }
}

Describe 'Controllers of the simulated lab over SSH' -Skip:$script:SkipLab {
    BeforeAll {
        if ($script:LabProblem = Get-LabPrerequisiteProblem) { throw "Cannot run the lab tests: $script:LabProblem" }
        $folder = New-TestFolder
        $labText = (Get-Content -Raw (Join-Path $script:RepoRoot 'examples/lab.yml')) -replace '(?m)^(\s+port:) \d+', '$1 0'
        $labText += @"
  - hostname: FLAKY-EWC
    port: 0
    users: [ { username: ewcadmin, password: "Lab-Only-Pa55" } ]
    faults: { dropOn: [ "show ap image" ] }
    aps:
      - { name: AP-F-1, model: C9120AXI-E, mac: 0c75.bd44.0001, ip: 10.9.9.1, primary: 17.9.3.50, backup: 17.6.5.22 }

"@
        $lab = Start-TestLab -LabText $labText -Folder $folder
        $cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
        function Endpoint([string] $Name) { $lab.Endpoints.controllers | Where-Object name -EQ $Name }
        function Connect([string] $Name) {
            $e = Endpoint $Name
            Connect-Ewc -HostName 127.0.0.1 -Port $e.port -Credential $cred -HostKeyFingerprint $e.hostKeyFingerprint
        }
        $inventory = Join-Path $folder 'inventory.yml'
        Write-TestInventory $lab $inventory 'SITE-A-EWC', 'SITE-B-EWC', 'SITE-C-EWC'
    }
    AfterAll {
        Stop-TestLab $lab $folder
    }
    AfterEach {
        Disconnect-Ewc -All
    }

    It 'logs in with a password and lands in privileged EXEC mode' {
        $session = Connect 'SITE-A-EWC'
        $session.DeviceName | Should -Be 'SITE-A-EWC'
        $session.State | Should -Be 'Open'
        (Get-EwcSession).Id | Should -Be $session.Id
    }

    It 'reports a wrong password as an authentication failure without showing it' {
        $e = Endpoint 'SITE-B-EWC'
        $wrong = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Not-The-Pa55' -AsPlainText -Force))
        Connect-Ewc -HostName 127.0.0.1 -Port $e.port -Credential $wrong -HostKeyFingerprint $e.hostKeyFingerprint -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $failure[0].Exception.Message | Should -Match 'Authentication failed'
        "$($failure[0]) $($failure[0].Exception)" | Should -Not -Match 'Not-The-Pa55'
    }

    It 'refuses a host key that differs from the pinned one' {
        $e = Endpoint 'SITE-B-EWC'
        Connect-Ewc -HostName 127.0.0.1 -Port $e.port -Credential $cred -HostKeyFingerprint 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'HostKeyChanged*'
        (Get-EwcHostKey -HostName 127.0.0.1 -Port $e.port).Fingerprint | Should -Be $e.hostKeyFingerprint
    }

    It 'sets the TFTP profile, reads it back, and a second run sends nothing' {
        $session = Connect 'SITE-B-EWC'
        $set = $session | Set-EwcDownloadProfile -Mode Tftp -ImageServer 127.0.0.1 -ImagePath /17.9.4a -PassThru
        $set.Mode | Should -Be 'tftp'
        $set.ImagePath | Should -Be '/17.9.4a'
        $before = $session.CommandCount
        $session | Set-EwcDownloadProfile -Mode Tftp -ImageServer 127.0.0.1 -ImagePath /17.9.4a -Verbose 4>&1 | Out-String | Should -Match 'nothing sent'
        $session.CommandCount | Should -Be ($before + 1)
    }

    It 'sets the SFTP profile with the password masked, and -WhatIf changes nothing' {
        $session = Connect 'SITE-C-EWC'
        $sftp = [pscredential]::new('calo', (ConvertTo-SecureString 'Sftp-Pa55-Secret' -AsPlainText -Force))
        $before = $session | Get-EwcDownloadProfile
        $session | Set-EwcDownloadProfile -Mode Sftp -ImageServer 10.1.1.62 -ImagePath images/17_9_4a -Credential $sftp -WhatIf
        ($session | Get-EwcDownloadProfile).Mode | Should -Be $before.Mode

        $verbose = $session | Set-EwcDownloadProfile -Mode Sftp -ImageServer 10.1.1.62 -ImagePath images/17_9_4a -Credential $sftp -Verbose 4>&1 | Out-String
        $verbose | Should -Match 'sftp-password 0 \*{8}'
        $verbose | Should -Not -Match 'Sftp-Pa55-Secret'
        $after = $session | Get-EwcDownloadProfile
        $after.Mode | Should -Be 'sftp'
        $after.Username | Should -Be 'calo'
        $after.HasPassword | Should -BeTrue
    }

    It 'reads the status of every AP of the example lab through an inventory' {
        $status = Import-EwcInventory $inventory -Credential @{ lab = $cred } | Get-ApImageStatus
        $status.Count | Should -Be 13
        ($status | Where-Object ApName -EQ 'AP-C-STORE').PredownloadStatus | Should -Be 'Failed'
        ($status | Select-Object -ExpandProperty Controller -Unique).Count | Should -Be 3
        $types = Import-EwcInventory $inventory -Credential @{ lab = $cred } | Get-ApSummary | Select-Object -ExpandProperty ImageType -Unique
        $types | Sort-Object | Should -Be @('ap1g4', 'ap1g6a', 'ap1g7', 'ap1g8', 'ap3g3')
    }

    It 'surfaces an invalid command as an error record with the device text' {
        Connect 'SITE-A-EWC' | Invoke-EwcCommand -Command 'show foo' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'DeviceCommandFailed*'
        $failure[0].Exception.DeviceText | Should -Match "% Invalid input detected at '\^' marker\."
    }

    It 'reports a connection dropped mid-command, and the next command reconnects' {
        $session = Connect 'FLAKY-EWC'
        $session | Get-ApImageStatus -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].Exception.Message | Should -Match "closed while running 'show ap image'"
        $session.State | Should -Be 'Broken'
        ($session | Get-ApSummary).ApName | Should -Be 'AP-F-1'
    }
}
