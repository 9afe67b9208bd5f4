# Export-EwcCapture as a user runs it: an inventory piped in, a capture per controller in the
# parser captures' layout, no secret in any file, -WhatIf writing nothing, an existing capture
# refused without -Force, a command the release does not know recorded as rejected.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SkipLab = Test-LabSkipped
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Export-EwcCapture' -Skip:$script:SkipLab {
    BeforeAll {
        $folder = New-TestFolder
        $sftpPassword = 'Sftp-Pester-61'
        $urlPassword = 'Url-Pester-62'
        $loginPassword = 'Lab-Only-Pa55'
        $lab = Start-TestLab -Folder $folder -LabText @"
lab: capture-tests
controllers:
  - hostname: CAP-A
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    controllerVersion: 17.09.03.0.3760
    users: [ { username: ewcadmin, password: "$loginPassword", privilege: 15 } ]
    profile: { mode: sftp, server: 127.0.0.9, path: images/17_9_4a, username: calo, password: "$sftpPassword" }
    logging:
      - "*Feb 1 20:29:25.730: %INSTALL-3-OPERATION_ERROR_MESSAGE: Chassis 1 R0/0: install_engine: Failed to install_add package sftp://calo:$urlPassword@127.0.0.9/x/ap1g6, Error: Failed to download file sftp://calo:$urlPassword@127.0.0.9/x/ap1g6: No such file or directory"
    aps:
      - { name: AP-CA-1, model: C9120AXI-E, mac: 0c75.bd77.0001, ip: 10.9.7.1, primary: 17.9.3.50, backup: 17.6.5.22 }
  - hostname: CAP-B
    port: 0
    model: C9130AXI-E
    release: 17.9.3
    controllerVersion: 17.09.03.0.3760
    users: [ { username: ewcadmin, password: "$loginPassword", privilege: 15 } ]
    aps:
      - { name: AP-CB-1, model: C9130AXI-E, mac: 0c75.bd77.0002, ip: 10.9.7.2, primary: 17.9.3.50, backup: 17.6.5.22 }
"@
        $inventory = Join-Path $folder 'site.yml'
        Write-TestInventory -Lab $lab -Path $inventory -Names 'CAP-A', 'CAP-B'
        $cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString $loginPassword -AsPlainText -Force))
        $controllers = Import-EwcInventory $inventory -Credential @{ lab = $cred }
        # The device's stored (type 8) form of the SFTP password, read the way a user would see it.
        $typeEight = ($controllers[0] | Invoke-EwcCommand -Command 'show running-config | section image-download').Output -split "`n" |
            Where-Object { $_ -match 'sftp-password 8 (\S+)' } | ForEach-Object { $Matches[1] }
        $layout = 'ShowVersion', 'ShowApSummary', 'ShowApImage', 'ShowInstallSummary', 'ImageDownloadProfileConfig', 'ImageDownloadLog'
    }
    AfterAll {
        Stop-TestLab $lab $folder
    }

    It 'writes each controller''s capture in the parser captures'' layout, with a manifest' {
        $out = Join-Path $folder 'captures'
        $captures = $controllers | Export-EwcCapture -Path $out
        $captures.Count | Should -Be 2
        foreach ($capture in $captures) {
            $capture.Release | Should -Be '17.09.03'
            $capture.Folder | Should -Be $out
            @($capture.Commands | Where-Object Status -EQ Captured).Count | Should -Be 6
            $capture.Files.Count | Should -Be 7
            foreach ($parser in $layout) {
                Join-Path $out $parser "device-17.09.03-$($capture.Controller).txt" | Should -Exist
            }
            Join-Path $out "device-17.09.03-$($capture.Controller).manifest.yml" | Should -Exist
        }
        ($captures | Sort-Object Controller).Model | Should -Be 'C9120AXI-E', 'C9130AXI-E'
        # Only the parser folders and the manifests: the folder can be copied onto the test captures as it is.
        (Get-ChildItem $out -Directory).Name | Sort-Object | Should -Be ($layout | Sort-Object)
        (Get-ChildItem $out -File).Name | Sort-Object | Should -Be 'device-17.09.03-CAP-A.manifest.yml', 'device-17.09.03-CAP-B.manifest.yml'
        (Get-Content -Raw (Join-Path $out 'ShowApSummary/device-17.09.03-CAP-B.txt')) | Should -Match 'AP-CB-1\s+\d\s+C9130AXI-E'
        $manifest = Get-Content -Raw (Join-Path $out 'device-17.09.03-CAP-A.manifest.yml')
        $manifest | Should -Match 'model: "C9120AXI-E"'
        $manifest | Should -Match 'command: "show ap image"'
        $manifest | Should -Match 'file: "ShowApImage/device-17.09.03-CAP-A.txt"'
    }

    It 'leaves no secret in any file' {
        $typeEight | Should -Not -BeNullOrEmpty
        $out = Join-Path $folder 'secrets'
        $null = $controllers[0] | Export-EwcCapture -Path $out
        $files = Get-ChildItem $out -Recurse -File
        $files.Count | Should -Be 7
        foreach ($file in $files) {
            $text = Get-Content -Raw $file.FullName
            foreach ($secret in $sftpPassword, $urlPassword, $loginPassword, $typeEight) {
                $text.Contains($secret) | Should -BeFalse -Because "$($file.Name) must not hold a secret"
            }
        }
        Get-Content -Raw (Join-Path $out 'ImageDownloadProfileConfig/device-17.09.03-CAP-A.txt') | Should -Match 'sftp-password 8 \*\*\*\*\*'
        Get-Content -Raw (Join-Path $out 'ImageDownloadLog/device-17.09.03-CAP-A.txt') | Should -Match ([regex]::Escape('sftp://*****@127.0.0.9/x/ap1g6'))
    }

    It 'writes nothing with -WhatIf' {
        $out = Join-Path $folder 'whatif'
        $result = $controllers | Export-EwcCapture -Path $out -WhatIf
        $result | Should -BeNullOrEmpty
        @(Get-ChildItem $out -Recurse -File -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'refuses an existing capture without -Force and replaces it with -Force' {
        $out = Join-Path $folder 'existing'
        $null = $controllers[1] | Export-EwcCapture -Path $out
        $file = Join-Path $out 'ShowApImage/device-17.09.03-CAP-B.txt'
        Set-Content -LiteralPath $file -Value 'edited by hand'

        $again = $controllers[1] | Export-EwcCapture -Path $out -ErrorVariable refused -ErrorAction SilentlyContinue
        $again | Should -BeNullOrEmpty
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'DestinationExists,*'
        $refused[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $refused[0].TargetObject | Should -Be 'CAP-B'
        (Get-Content -Raw $file).Trim() | Should -Be 'edited by hand'

        $files = $controllers[1] | Export-EwcCapture -Path $out -Force -PassThru
        $files.Count | Should -Be 7
        $files | ForEach-Object { $_ | Should -BeOfType [System.IO.FileInfo] }
        Get-Content -Raw $file | Should -Match 'AP-CB-1'
    }

    It 'limits the capture to -Command, and refuses a command that is not a capture''s' {
        $out = Join-Path $folder 'some'
        $capture = $controllers[0] | Export-EwcCapture -Path $out -Command 'show ap image'
        $capture.Release | Should -Be '17.09.03'  # show version still ran: it names the capture
        (Get-ChildItem $out -Recurse -File).Name | Sort-Object | Should -Be 'device-17.09.03-CAP-A.manifest.yml', 'device-17.09.03-CAP-A.txt'
        Join-Path $out 'ShowApImage/device-17.09.03-CAP-A.txt' | Should -Exist

        { $controllers[0] | Export-EwcCapture -Path $out -Command 'configure terminal' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,EwcUpgrade.Cmdlets.ExportEwcCapture'
    }

    It 'takes a session from Connect-Ewc and a host name with a login as well' {
        $b = $lab.Endpoints.controllers | Where-Object name -EQ 'CAP-B'
        $session = Connect-Ewc -HostName 127.0.0.1 -Port $b.port -Credential $cred -HostKeyFingerprint $b.hostKeyFingerprint
        $fromSession = $session | Export-EwcCapture -Path (Join-Path $folder 'from-session') -Command 'show ap summary'
        $fromSession.Controller | Should -Be 'CAP-B'
        Join-Path $folder 'from-session/ShowApSummary/device-17.09.03-CAP-B.txt' | Should -Exist
        $fromHost = '127.0.0.1' | Export-EwcCapture -Port $b.port -Credential $cred -HostKeyFingerprint $b.hostKeyFingerprint -Path (Join-Path $folder 'from-host') -Command 'show ap summary'
        $fromHost.Controller | Should -Be 'CAP-B'
        Join-Path $folder 'from-host/ShowApSummary/device-17.09.03-CAP-B.txt' | Should -Exist
    }

    It 'takes -ThrottleLimit and -TimeoutSeconds like every controller cmdlet' {
        $p = (Get-Command Export-EwcCapture).Parameters
        $p.ContainsKey('ThrottleLimit') | Should -BeTrue
        $p.ContainsKey('TimeoutSeconds') | Should -BeTrue
        $captures = $controllers | Export-EwcCapture -Path (Join-Path $folder 'one-at-a-time') -ThrottleLimit 1
        ($captures.Controller | Sort-Object) | Should -Be 'CAP-A', 'CAP-B'
    }

    It 'completes -Command with the capture''s commands, quoted' {
        $line = 'Export-EwcCapture -Path x -Command show'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain "'show ap image'"
        $completion.CompletionMatches.CompletionText | Should -Contain "'show running-config | section image-download'"
    }

    It 'records a command the device rejects in the manifest and captures the rest' {
        # The device data file names show install summary; a release that spells it otherwise rejects it.
        $override = Join-Path $folder 'device-cli.yml'
        Set-Content -LiteralPath $override -Value "upgrade:`n  status:`n    install-summary: { text: show install nosuchthing, mark: U }`n"
        $out = Join-Path $folder 'rejected'
        $env:EWCUPGRADE_DEVICE_CLI = $override
        try {
            $capture = $controllers[0] | Export-EwcCapture -Path $out -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
        } finally {
            Remove-Item Env:EWCUPGRADE_DEVICE_CLI
        }
        $failed.Count | Should -Be 0
        $rejected = @($capture.Commands | Where-Object Status -EQ Rejected)
        $rejected.Count | Should -Be 1
        $rejected[0].Command | Should -Be 'show install nosuchthing'
        $rejected[0].Text | Should -Match '% Invalid input'
        @($warned | Where-Object { "$_" -match 'rejected' }).Count | Should -Be 1
        Join-Path $out 'ShowInstallSummary' | Should -Not -Exist
        @(Get-ChildItem $out -Recurse -File).Count | Should -Be 6
        $manifest = Get-Content -Raw (Join-Path $out 'device-17.09.03-CAP-A.manifest.yml')
        $manifest | Should -Match 'status: "rejected"'
        $manifest | Should -Match '% Invalid input'
    }
}
