BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The embedded TFTP image server' {
    BeforeAll {
        $folder = New-TestFolder
        $root = Join-Path $folder 'root'
        New-Item -ItemType Directory -Path (Join-Path $root '17.9.4.27') | Out-Null
        $image = Join-Path $root '17.9.4.27/ap1g7'
        New-RandomFile -Path $image -Bytes 2500000 -Seed 11
    }
    AfterAll {
        Get-ImageServer | Stop-ImageServer
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }
    AfterEach {
        Get-ImageServer | Stop-ImageServer
    }

    It 'serves an image that arrives intact, and records the transfer' {
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        $server.State | Should -Be 'Running'
        $server.Port | Should -BeGreaterThan 0

        $out = Join-Path $folder 'fetched'
        $download = Receive-TftpFile -Server 127.0.0.1 -Port $server.Port -Path /17.9.4.27/ap1g7 -Destination $out -BlockSize 1428 -WindowSize 16
        $expected = (Get-FileHash -LiteralPath $image -Algorithm SHA256).Hash.ToLowerInvariant()
        $download.Sha256 | Should -Be $expected
        (Get-FileHash -LiteralPath $out -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $expected

        $transfer = Get-ImageTransfer -ServerId $server.Id
        $transfer.State | Should -Be 'Completed'
        $transfer.Client | Should -Be '127.0.0.1'
        $transfer.BytesTransferred | Should -Be 2500000
        $transfer.WindowSize | Should -Be 16
    }

    It 'reports a missing file as not found' {
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        { Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g6 -Port $server.Port -ErrorAction Stop } |
            Should -Throw -ErrorId 'TftpDownloadFailed*'
        (Get-ImageTransfer -ServerId $server.Id -State Failed).Error | Should -Match 'not found'
    }

    It 'refuses paths that leave the root' {
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        { Receive-TftpFile 127.0.0.1 '../../../etc/passwd' -Port $server.Port -ErrorAction Stop } | Should -Throw
        (Get-ImageTransfer -ServerId $server.Id -State Failed).Error | Should -Match 'Access violation'
    }

    It 'writes a tftpd-hpa style log' {
        $log = Join-Path $folder 'tftp.log'
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -LogPath $log -PassThru
        Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g7 -Port $server.Port | Out-Null
        $server | Stop-ImageServer
        $lines = Get-Content -LiteralPath $log
        @($lines | Where-Object { $_ -like '*RRQ from 127.0.0.1 filename /17.9.4.27/ap1g7' }).Count | Should -Be 1
        @($lines | Where-Object { $_ -like '*2500000 bytes*' }).Count | Should -Be 1
    }

    It 'frees its port when stopped' {
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        $port = $server.Port
        Stop-ImageServer -Id $server.Id
        Get-ImageServer | Should -BeNullOrEmpty
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $port))
        $udp.Dispose()
    }

    It 'says clearly when the image root does not exist' {
        { Start-ImageServer -Root (Join-Path $folder 'missing') -Port 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ImageRootNotFound*'
    }
}
