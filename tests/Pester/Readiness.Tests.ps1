# Test-EwcUpgradeReadiness against lab controllers that read their profile back from the device,
# with a real TFTP server (and, as root, a real SFTP server) holding an imported bundle.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SkipLab = Test-LabSkipped
    # The SFTP server makes a system account and chroots: root only.
    $script:NotRoot = [System.Environment]::UserName -ne 'root' -and $env:CI -ne 'true'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Test-EwcUpgradeReadiness: each controller against a bundle and its image server' -Skip:$script:SkipLab {
    BeforeAll {
        $folder = New-TestFolder
        $root = Join-Path $folder 'images'
        # The bundle holds ap1g7 and ap1g8 (and the controller image); MIXED-EWC also has an AP2802, which needs ap3g3.
        $bundle = Import-TestBundle -Folder $folder -Root $root -ImageType ap1g7, ap1g8
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        $lab = Start-TestLab -Folder $folder -LabText @"
lab: readiness-tests
controllers:
  - hostname: READY-EWC
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    controllerVersion: 17.09.03.0.3760
    users: [ { username: ewcadmin, password: "Lab-Only-Pa55", privilege: 15 } ]
    aps:
      - { name: AP-R-1, model: C9120AXI-E, mac: 0c75.bd56.0001, ip: 10.9.7.1, primary: 17.9.3.50, backup: 17.6.5.22 }
      - { name: AP-R-2, model: C9105AXI-E, mac: 0c75.bd56.0002, ip: 10.9.7.2, primary: 17.9.3.50, backup: 17.6.5.22 }
  - hostname: MIXED-EWC
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    controllerVersion: 17.09.03.0.3760
    users: [ { username: ewcadmin, password: "Lab-Only-Pa55", privilege: 15 } ]
    aps:
      - { name: AP-M-1, model: C9120AXI-E, mac: 0c75.bd57.0001, ip: 10.9.6.1, primary: 17.9.3.50, backup: 17.6.5.22 }
      - { name: AP-M-2, model: AIR-AP2802I-E-K9, mac: 0c75.bd57.0002, ip: 10.9.6.2, primary: 17.9.3.50, backup: 17.6.5.22 }
"@
        $cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
        $sessions = @{}
        foreach ($name in 'READY-EWC', 'MIXED-EWC') {
            $e = $lab.Endpoints.controllers | Where-Object name -EQ $name
            $sessions[$name] = Connect-Ewc -HostName 127.0.0.1 -Port $e.port -Credential $cred -HostKeyFingerprint $e.hostKeyFingerprint
            $null = $sessions[$name] | Set-EwcDownloadProfile -Mode Tftp -ImageServer 127.0.0.1 -ImagePath "/$($bundle.Version)"
        }
    }
    AfterAll {
        Get-ImageServer | Stop-ImageServer
        Stop-TestLab $lab $folder
    }

    It 'says Ready for a controller whose APs, bundle, profile and server all fit, having probed each image it needs' {
        $r = $sessions['READY-EWC'] | Test-EwcUpgradeReadiness -Bundle $bundle -ProbePort $server.Port
        $r.Controller | Should -Be 'READY-EWC'
        $r.Reasons | ForEach-Object { "$($_.Code): $($_.Message)" } | Should -BeNullOrEmpty
        $r.Ready | Should -BeTrue
        $r.CurrentRelease | Should -Be '17.9.3'
        $r.TargetVersion | Should -Be '17.09.04a.0.6'
        $r.ApCount | Should -Be 2
        $r.NeededImageTypes | Should -Be @('controller', 'ap1g7', 'ap1g8')
        $r.ServerChecks.ImageType | Should -Be @('controller', 'ap1g7', 'ap1g8')
        $r.ServerChecks.Verdict | Sort-Object -Unique | Should -Be 'OK'
        $r.ServerChecks[0].RemotePath | Should -Be "/$($bundle.Version)/C9800-AP-iosxe-wlc.bin"
        # The server really was asked: a probe is a read request the server logs.
        @(Get-ImageTransfer -ServerId $server.Id | Where-Object File -Like "*$($bundle.Version)/ap1g8").Count | Should -BeGreaterThan 0
        $sessions['READY-EWC'] | Test-EwcUpgradeReadiness -Bundle $bundle -ProbePort $server.Port -Quiet | Should -BeTrue
        # The table names each column the task asks for.
        ($r | Out-String -Width 200) | Should -Match 'READY-EWC\s+True\s+17\.9\.3\s+17\.09\.04a\.0\.6\s+2'
    }

    It 'names only the image type missing from the bundle, with the APs that need it' {
        $r = $sessions['MIXED-EWC'] | Test-EwcUpgradeReadiness -Bundle $bundle -ProbePort $server.Port
        $r.Ready | Should -BeFalse
        $r.MissingFromBundle | Should -Be @('ap3g3')
        @($r.Reasons).Count | Should -Be 1
        $r.Reasons[0].Code | Should -Be 'ImageTypeMissingFromBundle'
        $r.Reasons[0].ImageType | Should -Be 'ap3g3'
        $r.Reasons[0].Message | Should -Match 'MIXED-EWC.*AIR-AP2802I-E-K9.*ap3g3'
        # What the bundle does hold was still checked on the server.
        $r.ServerChecks.ImageType | Should -Be @('controller', 'ap1g7')
        ($r | Out-String -Width 200) | Should -Match 'ImageTypeMissingFromBundle ap3g3'
        $sessions['MIXED-EWC'] | Test-EwcUpgradeReadiness -Bundle $bundle -ProbePort $server.Port -Quiet | Should -BeFalse
    }

    It 'says the profile points elsewhere (NotFound) with the fix when its path is not the bundle''s folder' {
        $null = $sessions['READY-EWC'] | Set-EwcDownloadProfile -Mode Tftp -ImageServer 127.0.0.1 -ImagePath /17.9.4a
        try {
            $r = $sessions['READY-EWC'] | Test-EwcUpgradeReadiness -Bundle $bundle -ProbePort $server.Port
        }
        finally {
            $null = $sessions['READY-EWC'] | Set-EwcDownloadProfile -Mode Tftp -ImageServer 127.0.0.1 -ImagePath "/$($bundle.Version)"
        }
        $r.Ready | Should -BeFalse
        $r.Profile.ImagePath | Should -Be '/17.9.4a'
        $r.ServerChecks.Verdict | Sort-Object -Unique | Should -Be 'NotFound'
        $r.Reasons.Code | Should -Be @('ProfileElsewhere')
        $r.Reasons[0].Verdict | Should -Be 'NotFound'
        $r.Reasons[0].Message | Should -Match "READY-EWC's profile points at path '/17.9.4a'.*NotFound"
        $r.Reasons[0].Fix | Should -Match ([regex]::Escape("-ImagePath /$($bundle.Version)"))
    }

    It 'calls an older bundle a downgrade and the running release already at target' {
        $older = New-ApSampleBundle -Path (Join-Path $folder 'older') -Release 17.9.2 -ApVersion 17.9.2.12 -ControllerVersion 17.09.02.0.1234 -ImageType ap1g7, ap1g8
        $r = $sessions['READY-EWC'] | Test-EwcUpgradeReadiness -Bundle (Get-ApBundle $older.Path) -ProbePort $server.Port
        $r.Ready | Should -BeFalse
        $r.Reasons.Code | Should -Contain 'Downgrade'
        $r.Reasons.Code | Should -Not -Contain 'AlreadyAtTarget'
        ($r.Reasons | Where-Object Code -EQ 'Downgrade').Message | Should -Match 'READY-EWC runs 17\.9\.3, newer than the bundle''s 17\.9\.2'

        $same = New-ApSampleBundle -Path (Join-Path $folder 'same') -Release 17.9.3 -ApVersion 17.9.3.50 -ControllerVersion 17.09.03.0.3760 -ImageType ap1g7, ap1g8
        $r = $sessions['READY-EWC'] | Test-EwcUpgradeReadiness -Bundle (Get-ApBundle $same.Path) -ProbePort $server.Port
        $r.Reasons.Code | Should -Contain 'AlreadyAtTarget'
        $r.Reasons.Code | Should -Not -Contain 'Downgrade'
    }

    It 'gives one report per controller piped in, each with its own verdict' {
        $reports = $sessions['READY-EWC'], $sessions['MIXED-EWC'] | Test-EwcUpgradeReadiness -Bundle $bundle -ProbePort $server.Port -ThrottleLimit 2
        @($reports).Count | Should -Be 2
        ($reports | Where-Object Controller -EQ 'READY-EWC').Ready | Should -BeTrue
        ($reports | Where-Object Controller -EQ 'MIXED-EWC').Ready | Should -BeFalse
    }

    It 'reports a controller it cannot reach as an error, and -Quiet as not ready' {
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        $ok = Test-EwcUpgradeReadiness 127.0.0.1 -Port $port -Credential $cred -Bundle $bundle -Quiet -ErrorVariable e -ErrorAction SilentlyContinue
        $ok | Should -BeFalse
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed*'
    }
}

Describe 'Test-EwcUpgradeReadiness with an SFTP image server' -Skip:($script:SkipLab -or $script:NotRoot) {
    BeforeAll {
        # OpenSSH chroots only below folders that root alone may change: not under /tmp.
        $root = "/srv/ewcupgrade-tests/readiness-" + [guid]::NewGuid().ToString('N').Substring(0, 8)
        New-Item -ItemType Directory -Path $root -Force | Out-Null
        chmod 755 /srv/ewcupgrade-tests $root
        $folder = New-TestFolder
        $bundle = Import-TestBundle -Folder $folder -Root $root -ImageType ap1g7
        chmod -R go-w $root
        $user = 'ewcready' + [guid]::NewGuid().ToString('N').Substring(0, 5)
        $login = [pscredential]::new($user, (ConvertTo-SecureString 'Ready-Sftp-Pa55' -AsPlainText -Force))
        $sftp = Start-ImageServer -Protocol Sftp -Root $root -Address 127.0.0.1 -Port 0 -Credential $login -PassThru
        $lab = Start-TestLab -Folder $folder -LabText @"
lab: readiness-sftp-tests
controllers:
  - hostname: SFTP-EWC
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    controllerVersion: 17.09.03.0.3760
    users: [ { username: ewcadmin, password: "Lab-Only-Pa55", privilege: 15 } ]
    aps:
      - { name: AP-S-1, model: C9120AXI-E, mac: 0c75.bd58.0001, ip: 10.9.5.1, primary: 17.9.3.50, backup: 17.6.5.22 }
"@
        $cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
        $inventory = Join-Path $folder 'inventory.yml'
        Write-TestInventory $lab $inventory 'SFTP-EWC'
        Add-Content -LiteralPath $inventory -Value "    imageServer: lab-sftp`nimageServers:`n  - { name: lab-sftp, protocol: sftp, address: 127.0.0.1, port: $($sftp.Port), path: $($bundle.Version), credential: sftp }"
        $controller = Import-EwcInventory $inventory -Credential @{ lab = $cred; sftp = $login }
        $null = $controller | Set-EwcDownloadProfile -Mode Sftp -ImageServer 127.0.0.1 -Port $sftp.Port -ImagePath $bundle.Version -Credential $login
    }
    AfterAll {
        Get-ImageServer | Stop-ImageServer
        Stop-TestLab $lab $folder
        Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'logs in with the inventory image server''s credential and finds the bundle at the profile''s sftp-port and path' {
        $r = $controller | Test-EwcUpgradeReadiness -Bundle $bundle -ImageServerHostKeyFingerprint $sftp.HostKeyFingerprint
        $r.Reasons | ForEach-Object { "$($_.Code): $($_.Message)" } | Should -BeNullOrEmpty
        $r.Ready | Should -BeTrue
        $r.Profile.Mode | Should -Be 'Sftp'
        $r.ServerChecks.Protocol | Sort-Object -Unique | Should -Be 'Sftp'
        $r.ServerChecks.Port | Sort-Object -Unique | Should -Be $sftp.Port
    }

    It 'says AuthFailed for a wrong SFTP password, never showing it in the report, its reasons or the verbose stream' {
        $wrong = [pscredential]::new($user, (ConvertTo-SecureString 'Not-The-Ready-Pa55' -AsPlainText -Force))
        $verbose = $controller | Test-EwcUpgradeReadiness -Bundle $bundle -ImageServerCredential $wrong -ImageServerHostKeyFingerprint $sftp.HostKeyFingerprint -Verbose 4>&1
        $r = $verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $r.Ready | Should -BeFalse
        @($r.Reasons).Count | Should -Be 1
        $r.Reasons[0].Code | Should -Be 'ServerCheckFailed'
        $r.Reasons[0].Verdict | Should -Be 'AuthFailed'
        $r.Reasons[0].Fix | Should -Match 'sftp-password'
        $everything = ($verbose | Out-String) + ($r.Reasons | Format-List * | Out-String) + ($r.ServerChecks | Format-List * | Out-String) + ($r | ConvertTo-Json -Depth 6)
        $everything | Should -Match 'AuthFailed'
        $everything | Should -Not -Match 'Not-The-Ready-Pa55'
        $everything | Should -Not -Match 'Ready-Sftp-Pa55'
    }

    It 'says the server was not checked, rather than Ready, when no SFTP login is at hand' {
        $e = $lab.Endpoints.controllers | Where-Object name -EQ 'SFTP-EWC'
        $r = Test-EwcUpgradeReadiness 127.0.0.1 -Port $e.port -Credential $cred -HostKeyFingerprint $e.hostKeyFingerprint -Bundle $bundle
        $r.Ready | Should -BeFalse
        $r.Reasons.Code | Should -Be @('ServerNotChecked')
        $r.Reasons[0].Fix | Should -Match "sftp-username $user"
    }
}
