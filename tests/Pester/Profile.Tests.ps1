BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SkipLab = Test-LabSkipped
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # The simulator stores the SFTP password as the device does, type 8 (PBKDF2-SHA256, 20000
    # rounds, Cisco's base64 alphabet): recomputing it with the stored salt tells which password the device holds.
    function Test-TypeEightSecret([string] $Secret, [string] $Clear) {
        if ($Secret -notmatch '^\$8\$([^$]+)\$(.+)$') { throw "not a type 8 secret: $Secret" }
        $salt, $hash = $Matches[1], $Matches[2]
        $derived = [System.Security.Cryptography.Rfc2898DeriveBytes]::Pbkdf2([System.Text.Encoding]::UTF8.GetBytes($Clear),
            [System.Text.Encoding]::ASCII.GetBytes($salt), 20000, [System.Security.Cryptography.HashAlgorithmName]::SHA256, 32)
        $alphabet = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
        $text = [System.Text.StringBuilder]::new()
        $bits = 0; $value = 0
        foreach ($b in $derived) {
            $value = (($value -shl 8) -bor $b) -band 0xFFFF
            $bits += 8
            while ($bits -ge 6) { $bits -= 6; $null = $text.Append($alphabet[($value -shr $bits) -band 63]) }
        }
        if ($bits -gt 0) { $null = $text.Append($alphabet[($value -shl (6 - $bits)) -band 63]) }
        $text.ToString().Substring(0, 43) -ceq $hash
    }
}

Describe 'Inventory controllers and their image server' {
    BeforeAll {
        $controllers = Import-EwcInventory (Join-Path $script:RepoRoot 'examples/lab-inventory.yml') -Credential @{
            lab = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'x' -AsPlainText -Force))
        }
    }

    It 'shows the same image server in the view as the property holds' {
        $row = ($controllers[0] | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_ -match '^SITE-A-EWC' }
        $row | Should -Match '\sadmin-tftp\s'
        "$($controllers[0].ImageServer)" | Should -Be 'admin-tftp'
        ($controllers[0] | Select-Object -ExpandProperty ImageServer | Out-String).Trim() | Should -Match 'admin-tftp'
        ($controllers | ConvertTo-Csv | ConvertFrom-Csv)[0].ImageServer | Should -Be 'admin-tftp'
        $controllers[0].ImageServer.Name | Should -Be 'admin-tftp'
    }

    It 'gives the address as ImageServerAddress' {
        $controllers[0].ImageServerAddress | Should -Be '127.0.0.1'
        $controllers[0].ImageServer.Address | Should -Be '127.0.0.1'
    }
}

Describe 'Download profile and image status against the simulated lab' -Skip:$script:SkipLab {
    BeforeAll {
        if ($script:LabProblem = Get-LabPrerequisiteProblem) { throw "Cannot run the lab tests: $script:LabProblem" }
        $folder = New-TestFolder
        # Its own login name, so this lab's accounts are not the ones other test files' labs use.
        $labText = @"
lab: profile-tests
controllers:
  - hostname: PROF-SFTP-EWC
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    users: [ { username: ewcprofile, password: "Lab-Only-Pa55" } ]
    profile: { mode: sftp, server: 10.1.1.62, path: images/17_9_4a, username: calo, password: "Old-Sftp-Pa55" }
    aps:
      - { name: AP-P-1, model: C9120AXI-E, mac: 0c75.bd55.0001, ip: 10.9.8.1, primary: 17.9.3.50, backup: 17.6.5.22 }
  - hostname: PROF-WM-EWC
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    users: [ { username: ewcprofile, password: "Lab-Only-Pa55" } ]
    aps:
      - { name: AP-P-2, model: C9120AXI-E, mac: 0c75.bd55.0002, ip: 10.9.8.2, primary: 17.9.3.50, backup: 17.6.5.22 }
  - hostname: PROF-IMG-EWC
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    users: [ { username: ewcprofile, password: "Lab-Only-Pa55" } ]
    aps:
$(-join (1..10 | ForEach-Object { "      - { name: AP-I-$_, model: C9120AXI-E, mac: 0c75.bd66.00$('{0:d2}' -f $_), ip: 10.9.7.$_, primary: 17.9.3.50, backup: 17.9.4.27, predownload: { status: Complete, version: 17.9.4.27, method: CAPWAP } }`n" }))
      - { name: AP-I-11, model: C9120AXI-E, mac: 0c75.bd66.0011, ip: 10.9.7.11, primary: 17.9.3.50, backup: 17.6.5.22, predownload: { status: Failed, version: 17.9.4.27, retry: 2, nextRetry: "00:05:00", method: CAPWAP } }
      - { name: AP-I-12, model: C9120AXI-E, mac: 0c75.bd66.0012, ip: 10.9.7.12, primary: 17.9.3.50, backup: 17.6.5.22, predownload: { status: Predownloading, version: 17.9.4.27, method: CAPWAP } }

"@
        $lab = Start-TestLab -LabText $labText -Folder $folder
        $cred = [pscredential]::new('ewcprofile', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
        function Endpoint([string] $Name) { $lab.Endpoints.controllers | Where-Object name -EQ $Name }
        function Connect([string] $Name) {
            $e = Endpoint $Name
            Connect-Ewc -HostName 127.0.0.1 -Port $e.port -Credential $cred -HostKeyFingerprint $e.hostKeyFingerprint
        }
        function Get-StoredSftpSecret($Session) {
            $config = ($Session | Invoke-EwcCommand -Command 'show running-config | section image-download').Output
            if ($config -notmatch '(?m)^\s*sftp-password 8 (\S+)') { throw "no stored SFTP password in: $config" }
            $Matches[1]
        }

        # Runs Set-EwcDownloadProfile in a child pwsh whose console shows the -WhatIf lines and
        # -Confirm prompts (they go to the host, not to a stream) and reads the answers from stdin.
        function Invoke-ChildSet([string] $Name, [string] $Arguments, [string[]] $Answers = @()) {
            $e = Endpoint $Name
            $script = @"
Import-Module '$script:Manifest'
`$cred = [pscredential]::new('ewcprofile', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
`$s = Connect-Ewc -HostName 127.0.0.1 -Port $($e.port) -Credential `$cred -HostKeyFingerprint '$($e.hostKeyFingerprint)'
`$before = `$s.CommandCount
`$s | Set-EwcDownloadProfile $Arguments
"commands sent: `$(`$s.CommandCount - `$before)"
"@
            # The pwsh that runs these tests (a dotnet tool's pwsh is a launcher on PATH, its process is dotnet).
            $start = [System.Diagnostics.ProcessStartInfo]::new((Get-Command pwsh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source)
            foreach ($a in '-NoProfile', '-Command', $script) { $start.ArgumentList.Add($a) }
            $start.UseShellExecute = $false
            $start.RedirectStandardInput = $true
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $child = [System.Diagnostics.Process]::Start($start)
            $stdout = $child.StandardOutput.ReadToEndAsync()
            $stderr = $child.StandardError.ReadToEndAsync()
            foreach ($answer in $Answers) { $child.StandardInput.WriteLine($answer) }
            $child.StandardInput.Close()
            if (-not $child.WaitForExit(120000)) { $child.Kill($true); throw 'the child pwsh did not finish within 120 s' }
            $child.WaitForExit()
            $stdout.Result + $stderr.Result
        }
    }
    AfterAll {
        Stop-TestLab $lab $folder
    }
    AfterEach {
        Disconnect-Ewc -All
    }

    It 'sends a new SFTP password even when server, path and login already match' {
        $session = Connect 'PROF-SFTP-EWC'
        $old = Get-StoredSftpSecret $session
        Test-TypeEightSecret $old 'Old-Sftp-Pa55' | Should -BeTrue

        $new = [pscredential]::new('calo', (ConvertTo-SecureString 'New-Sftp-Pa55' -AsPlainText -Force))
        $verbose = $session | Set-EwcDownloadProfile -Mode Sftp -ImageServer 10.1.1.62 -ImagePath images/17_9_4a -Credential $new -Verbose 4>&1 | Out-String

        $verbose | Should -Not -Match 'nothing sent'
        $verbose | Should -Match 'sftp-password 0 \*{8}'
        $verbose | Should -Not -Match 'New-Sftp-Pa55'
        $stored = Get-StoredSftpSecret $session
        $stored | Should -Not -Be $old
        Test-TypeEightSecret $stored 'New-Sftp-Pa55' | Should -BeTrue
        Test-TypeEightSecret $stored 'Old-Sftp-Pa55' | Should -BeFalse
    }

    Context 'Get-ApImageStatus -Summary' {
        BeforeAll {
            # The view's row for PROF-IMG-EWC: APs, InProgress, Initiated, Downloading, Predownloading, Downloaded, Predownloaded, Failed, NotSupported.
            $row = 'PROF-IMG-EWC\s+12\s+True\s+0\s+0\s+1\s+0\s+10\s+1\s+0\s*$'
        }

        It 'has typed counters: numeric comparison and JSON numbers' {
            $report = Connect 'PROF-IMG-EWC' | Get-ApImageStatus -Summary
            $report.CompletedPredownloading | Should -BeOfType [int]
            $report.CompletedPredownloading -gt 9 | Should -BeTrue   # as text "10" -gt 9 would be false
            $report.TotalAps | Should -Be 12
            $report.FailedToPredownload | Should -Be 1
            $report.Predownloading | Should -Be 1
            $report.PredownloadInProgress | Should -BeOfType [bool]
            $report.PredownloadInProgress | Should -BeTrue
            $json = $report | Select-Object -Property * -ExcludeProperty Aps | ConvertTo-Json -Compress
            $json | Should -Match '"CompletedPredownloading":10[,}]'
            $json | Should -Match '"TotalAps":12[,}]'
            $json | Should -Match '"PredownloadInProgress":true[,}]'
        }

        It 'shows its values in the view after Export-Clixml and Import-Clixml' {
            $path = Join-Path $folder 'report.xml'
            Connect 'PROF-IMG-EWC' | Get-ApImageStatus -Summary | Export-Clixml -LiteralPath $path
            $back = Import-Clixml -LiteralPath $path
            $back.CompletedPredownloading | Should -Be 10
            ($back | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_ -match 'PROF-IMG-EWC' } | Should -Match $row
        }

        It 'shows its values in the view when it comes from a job' {
            $e = Endpoint 'PROF-IMG-EWC'
            $report = Start-Job -ScriptBlock {
                param($Manifest, $Port, $Fingerprint)
                Import-Module $Manifest
                $cred = [pscredential]::new('ewcprofile', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
                Connect-Ewc -HostName 127.0.0.1 -Port $Port -Credential $cred -HostKeyFingerprint $Fingerprint | Get-ApImageStatus -Summary
                Disconnect-Ewc -All
            } -ArgumentList $script:Manifest, $e.port, $e.hostKeyFingerprint | Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop
            $report.CompletedPredownloading | Should -Be 10
            ($report | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_ -match 'PROF-IMG-EWC' } | Should -Match $row
        }
    }

    It 'takes the image server address from an inventory piped in' {
        $e = Endpoint 'PROF-IMG-EWC'
        $inventory = Join-Path $folder 'inventory.yml'
        Set-Content -LiteralPath $inventory -Value @"
imageServers:
  - { name: admin-tftp, protocol: tftp, address: 127.0.0.9, path: /17.9.4a }
controllers:
  - { name: PROF-IMG-EWC, host: 127.0.0.1, port: $($e.port), credential: lab, hostKey: "$($e.hostKeyFingerprint)", imageServer: admin-tftp }
"@
        $set = Import-EwcInventory $inventory -Credential @{ lab = $cred } | Set-EwcDownloadProfile -PassThru
        $set.Mode | Should -Be 'tftp'
        $set.Server | Should -Be '127.0.0.9'
        $set.ImagePath | Should -Be '/17.9.4a'
    }

    It '-WhatIf previews the write memory step too, and sends nothing' {
        $said = Invoke-ChildSet 'PROF-WM-EWC' '-Mode Tftp -ImageServer 127.0.0.1 -ImagePath /17.9.4a -WriteMemory -WhatIf'
        $said | Should -Match '(?s)What if: Performing the operation "Set the image-download profile.*image-download-mode tftp'
        $said | Should -Match 'What if: Performing the operation "write memory" on target "PROF-WM-EWC"'
        $said | Should -Match 'commands sent: 1\b'   # only the read of the profile
        (Connect 'PROF-WM-EWC' | Get-EwcDownloadProfile).Configured | Should -BeFalse
    }

    It '-Confirm asks for write memory as its own step, also when the change is declined' {
        $said = Invoke-ChildSet 'PROF-WM-EWC' '-Mode Tftp -ImageServer 127.0.0.1 -ImagePath /17.9.4a -WriteMemory -Confirm' -Answers 'N', 'Y'
        $said | Should -Match 'Performing the operation "Set the image-download profile'
        $said | Should -Match 'Performing the operation "write memory" on target "PROF-WM-EWC"'
        $said | Should -Match 'commands sent: 2\b'   # the read of the profile and write memory
        (Connect 'PROF-WM-EWC' | Get-EwcDownloadProfile).Configured | Should -BeFalse
    }
}
