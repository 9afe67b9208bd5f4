# Get-EwcUpgradeLog against a lab controller that really downloads from the module's TFTP server:
# the seed's wrong-path failure, produced by a real failed transfer, diagnosed from both sides.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:SkipLab = Test-LabSkipped
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Get-EwcUpgradeLog: image-download failures with their cause and fix' -Skip:$script:SkipLab {
    BeforeAll {
        $folder = New-TestFolder
        $root = Join-Path $folder 'images'
        $bundle = Import-TestBundle -Folder $folder -Root $root -ImageType ap1g7
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        $lab = Start-TestLab -Folder $folder -LabText @"
lab: upgrade-log-tests
clockFactor: 20
controllers:
  - hostname: LOG-EWC
    port: 0
    model: C9120AXI-E
    release: 17.9.3
    controllerVersion: 17.09.03.0.3760
    users: [ { username: ewcadmin, password: "Lab-Only-Pa55", privilege: 15 } ]
    install: { tftpPort: $($server.Port) }
    aps:
      - { name: AP-LOG-1, model: C9120AXI-E, mac: 0c75.bd55.0001, ip: 10.9.8.1, primary: 17.9.3.50, backup: 17.6.5.22 }
"@
        $endpoint = $lab.Endpoints.controllers | Where-Object name -EQ 'LOG-EWC'
        $cred = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'Lab-Only-Pa55' -AsPlainText -Force))
        $session = Connect-Ewc -HostName 127.0.0.1 -Port $endpoint.port -Credential $cred -HostKeyFingerprint $endpoint.hostKeyFingerprint
    }
    AfterAll {
        Get-ImageServer | Stop-ImageServer
        Stop-TestLab $lab $folder
    }

    It 'names a wrong image path as WrongPath, with what the server saw and the fix' {
        # The release name instead of the folder Import-ApBundle made: the seed's first failure.
        $null = $session | Set-EwcDownloadProfile -Mode Tftp -ImageServer 127.0.0.1 -ImagePath /17.9.4a
        $null = $session | Invoke-EwcCommand -Command 'install add profile default' -Confirm:$false
        $failure = $null
        foreach ($i in 1..100) {
            $failure = $session | Get-EwcUpgradeLog -Failed | Where-Object Kind -EQ 'InstallFailed' | Select-Object -First 1
            if ($failure) { break }
            Start-Sleep -Milliseconds 200
        }
        $failure | Should -Not -BeNullOrEmpty
        $failure.Controller | Should -Be 'LOG-EWC'
        $failure.Cause | Should -Be 'WrongPath'
        $failure.Url | Should -BeLike "tftp://127.0.0.1*/17.9.4a/*"
        $failure.ServerSaw | Should -Match 'not found'
        $failure.Fix | Should -Match 'image path'
        # The same request is in the server's own log of transfers.
        @(Get-ImageTransfer -ServerId $server.Id -State Failed | Where-Object File -Like '*17.9.4a/*').Count | Should -BeGreaterThan 0
    }

    It 'refuses a device-data override with a typo, naming the line' {
        $override = Join-Path $folder 'device.yml'
        Set-Content -LiteralPath $override -Value "upgrade:`n  comands: {}"
        { $session | Get-EwcUpgradeLog -DeviceCliPath $override -ErrorAction Stop } | Should -Throw -ErrorId 'DeviceDataInvalid,EwcUpgrade.Cmdlets.GetEwcUpgradeLog'
    }
}
