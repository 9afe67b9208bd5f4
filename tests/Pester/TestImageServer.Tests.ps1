BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Test-ImageServer: pre-flight of an image server from the admin host' {
    BeforeAll {
        $folder = New-TestFolder
        $root = Join-Path $folder 'images'
        $bundle = Import-TestBundle -Folder $folder -Root $root -ImageType ap1g7, ap1g8
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
    }
    AfterAll {
        Get-ImageServer | Stop-ImageServer
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'finds every image of an imported bundle under its version folder, with the bundle''s sizes' {
        $results = Get-ApBundle $root | Test-ImageServer -Server 127.0.0.1 -Port $server.Port
        @($results).Count | Should -Be @($bundle.Images).Count
        foreach ($r in $results) {
            $r.Verdict | Should -Be 'OK'
            $r.FoundSize | Should -Be $r.ExpectedSize
            $r.RemotePath | Should -BeLike "/$($bundle.Version)/*"
        }
        Get-ApBundle $root | Test-ImageServer -Server 127.0.0.1 -Port $server.Port -Quiet | Should -BeTrue
    }

    It 'says NotFound with the fix for a path the controllers should not be given' {
        $results = $bundle | Test-ImageServer -Server 127.0.0.1 -Port $server.Port -ImagePath /17.9.4a
        $results | ForEach-Object { $_.Verdict | Should -Be 'NotFound' }
        $results[0].Fix | Should -Match 'relative to the server''s root'
        $bundle | Test-ImageServer -Server 127.0.0.1 -Port $server.Port -ImagePath /17.9.4a -Quiet | Should -BeFalse
    }

    It 'says SizeMismatch when the server''s copy is not the bundle''s' {
        $copy = Join-Path $folder 'short'
        New-Item -ItemType Directory -Path (Join-Path $copy $bundle.Version) -Force | Out-Null
        $image = $bundle.Images | Where-Object ImageType -eq 'ap1g7'
        $bytes = [System.IO.File]::ReadAllBytes($image.FullPath)
        [System.IO.File]::WriteAllBytes((Join-Path $copy "$($bundle.Version)/ap1g7"), $bytes[0..999])
        $other = Start-ImageServer -Root $copy -Address 127.0.0.1 -Port 0 -PassThru
        $r = $bundle | Test-ImageServer -Server 127.0.0.1 -Port $other.Port | Where-Object ImageType -eq 'ap1g7'
        $r.Verdict | Should -Be 'SizeMismatch'
        $r.FoundSize | Should -Be 1000
        $r.Fix | Should -Match 'copy the bundle''s files to the server again'
    }

    It 'says Refused for a port where nothing listens, once per image, without a download' {
        $closed = [System.Net.Sockets.Socket]::new('InterNetwork', 'Dgram', 'Udp')
        $closed.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $port = $closed.LocalEndPoint.Port
        $closed.Dispose()
        $results = Test-ImageServer -Server 127.0.0.1 -Port $port -ImagePath "/$($bundle.Version)" -ImageType ap1g7, ap1g8 -TimeoutSeconds 1 -Retries 0
        $results.Verdict | Should -Be @('Refused', 'Refused')
        $results[0].Fix | Should -Match 'Nothing listens on UDP'
    }

    It 'checks each inventory controller''s own image server, path and port from the pipeline' {
        $inventory = Join-Path $folder 'inventory.yml'
        Set-Content -LiteralPath $inventory -Value @"
imageServers:
  - { name: good, protocol: tftp, address: 127.0.0.1, port: $($server.Port), path: /$($bundle.Version) }
  - { name: wrong-path, protocol: tftp, address: 127.0.0.1, port: $($server.Port), path: /17.9.4a }
controllers:
  - { name: EWC-GOOD, host: 127.0.0.1, keyFile: ./none, imageServer: good }
  - { name: EWC-WRONG, host: 127.0.0.1, keyFile: ./none, imageServer: wrong-path }
"@
        $results = Import-EwcInventory $inventory | Test-ImageServer -Bundle $bundle
        ($results | Where-Object Controller -eq 'EWC-GOOD').Verdict | Sort-Object -Unique | Should -Be 'OK'
        ($results | Where-Object Controller -eq 'EWC-WRONG').Verdict | Sort-Object -Unique | Should -Be 'NotFound'
        ($results | Where-Object Controller -eq 'EWC-WRONG')[0].RemotePath | Should -BeLike '/17.9.4a/*'
        Import-EwcInventory $inventory | Test-ImageServer -Bundle $bundle -Quiet | Should -BeFalse
    }

    It 'asks for -ImagePath when there is no bundle to derive it from' {
        { Test-ImageServer -Server 127.0.0.1 -ImageType ap1g7 -ErrorAction Stop } | Should -Throw -ErrorId 'ImagePathMissing,EwcUpgrade.Cmdlets.TestImageServer'
    }
}
