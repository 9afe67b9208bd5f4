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

        Wait-TransferEnd $server
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
        Wait-TransferEnd $server
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

    It 'serves a piped folder as that folder, never its drive root' {
        $server = Get-Item -LiteralPath $root | Start-ImageServer -Address 127.0.0.1 -Port 0 -PassThru
        $server.Root | Should -Be (Get-Item -LiteralPath $root).FullName
        (Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g7 -Port $server.Port).Bytes | Should -Be 2500000
        { Receive-TftpFile 127.0.0.1 /etc/hostname -Port $server.Port -ErrorAction Stop } | Should -Throw -ErrorId 'TftpDownloadFailed*'
    }

    It 'refuses a piped file, and objects that only share property names' {
        Get-Item -LiteralPath $image | Start-ImageServer -Address 127.0.0.1 -Port 0 -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'ImageRootNotFolder*'
        [pscustomobject]@{ Root = '/' } | Start-ImageServer -Address 127.0.0.1 -Port 0 -ErrorVariable bad2 -ErrorAction SilentlyContinue
        $bad2[0].FullyQualifiedErrorId | Should -BeLike 'ImageRootInputNotSupported*'
        Get-ImageServer | Should -BeNullOrEmpty
    }

    It 'takes server ids from transfers and servers, never from other objects'' Id' {
        $first = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        $second = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g7 -Port $second.Port | Out-Null
        # The transfer's own Id is 1, like the first server's: only its ServerId may count.
        $transfer = Get-ImageTransfer -ServerId $second.Id
        (Get-ImageServer -Id $second.Id | Get-ImageTransfer).Id | Should -Be $transfer.Id
        ($transfer | Get-ImageServer).Id | Should -Be $second.Id
        $transfer | Stop-ImageServer
        $second.State | Should -Be 'Stopped'
        $first.State | Should -Be 'Running'
        { [pscustomobject]@{ Id = $first.Id } | Stop-ImageServer -ErrorAction Stop } | Should -Throw
        { Get-Process -Id $PID | Get-ImageTransfer -ErrorAction Stop } | Should -Throw
        $first.State | Should -Be 'Running'
    }

    It 'fetches piped remote names, and refuses piped local files' {
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        ('/17.9.4.27/ap1g7' | Receive-TftpFile 127.0.0.1 -Port $server.Port).Bytes | Should -Be 2500000
        Get-Item -LiteralPath $image | Receive-TftpFile 127.0.0.1 -Port $server.Port -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'RemotePathUnknown*'
        @(Get-ImageTransfer -ServerId $server.Id).Count | Should -Be 1
    }

    It 'serves a piped bundle from its image root, and fetches piped bundle images by their version path' {
        $zip = Join-Path $folder 'bundle.zip'
        $images = Join-Path $folder 'images'
        New-ApSampleBundle -Path $zip -ImageType ap1g7, ap1g8 | Out-Null
        Import-ApBundle -Path $zip -Destination $images | Out-Null
        $server = Get-ApBundle $images | Start-ImageServer -Address 127.0.0.1 -Port 0 -PassThru -ErrorAction Stop
        $server.Root | Should -Be (Get-Item -LiteralPath $images).FullName

        $bundle = Get-ApBundle $images -Hash
        $fetched = $bundle.Images | Receive-TftpFile 127.0.0.1 -Port $server.Port -ErrorAction Stop
        $fetched.File | Should -Be @($bundle.Images | ForEach-Object { "/$($bundle.Version)/$($_.FileName)" })
        $fetched.Sha256 | Should -Be $bundle.Images.Sha256
    }

    It 'makes a port in use and a missing root non-terminating errors that -ErrorAction SilentlyContinue silences' {
        $busy = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            $port = $busy.Client.LocalEndPoint.Port
            $shown = . {
                Start-ImageServer -Root $root -Address 127.0.0.1 -Port $port -ErrorAction SilentlyContinue -ErrorVariable inUse
                Start-ImageServer -Root (Join-Path $folder 'missing') -Port 0 -ErrorAction SilentlyContinue -ErrorVariable missing
                'went on'
            } 2>&1
            $shown | Should -Be 'went on'
            $inUse[0].FullyQualifiedErrorId | Should -BeLike 'ImageServerStartFailed*'
            $inUse[0].Exception.Message | Should -Match "port $port.*in use"
            $missing[0].FullyQualifiedErrorId | Should -BeLike 'ImageRootNotFound*'
            Get-ImageServer | Should -BeNullOrEmpty
        }
        finally { $busy.Dispose() }
    }

    It 'says under -WhatIf which address, port and root it would open, and opens nothing' {
        # A child pwsh: -WhatIf text goes to the host, which only a real console shows.
        $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
        $said = & $pwsh -NoProfile -NonInteractive -c "Import-Module '$script:Manifest'; Start-ImageServer -Root '$root' -Port 6969 -WhatIf; Start-ImageServer -Root '$root' -Address 127.0.0.1 -Port 0 -WhatIf; @(Get-ImageServer).Count"
        $text = $said -join "`n"
        $text | Should -Match 'What if: .*Start TFTP image server'
        $text | Should -Match ([regex]::Escape('UDP [::]:6969 (every IPv4 and IPv6 address, port 6969)'))
        $text | Should -Match ([regex]::Escape("serving '$((Get-Item -LiteralPath $root).FullName)' read-only"))
        $text | Should -Match ([regex]::Escape('UDP 127.0.0.1:0 (address 127.0.0.1, a free port)'))
        $said[-1] | Should -Be '0'
    }

    It 'says a missing destination folder does not exist, before any transfer' {
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        $out = Join-Path $folder 'no-such-folder/ap1g7'
        Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g7 -Port $server.Port -Destination $out -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'DestinationFolderNotFound*'
        $bad[0].Exception.Message | Should -BeLike "*'$(Join-Path $folder 'no-such-folder')' does not exist*"
        $bad[0].Exception.Message | Should -Not -Match 'part of the path|\.part-'
        Get-ImageTransfer -ServerId $server.Id | Should -BeNullOrEmpty
    }

    It 'names error targets as tftp URLs with one slash, and IPv6 addresses in brackets' {
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g6 -Port $server.Port -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad[0].TargetObject | Should -Be "tftp://127.0.0.1:$($server.Port)/17.9.4.27/ap1g6"

        $v6 = Start-ImageServer -Root $root -Address ::1 -Port 0 -PassThru
        Receive-TftpFile ::1 /17.9.4.27/ap1g6 -Port $v6.Port -ErrorVariable bad6 -ErrorAction SilentlyContinue
        $bad6[0].TargetObject | Should -Be "tftp://[::1]:$($v6.Port)/17.9.4.27/ap1g6"
        $v6.Name | Should -Be "tftp://[::1]:$($v6.Port)"
        $failed = Get-ImageTransfer -ServerId $v6.Id -State Failed
        @($v6.GetLog().Message | Where-Object { $_ -like "failed /17.9.4.27/ap1g6 to ``[::1``]:$($failed.ClientPort): *" }).Count | Should -Be 1
    }

    It 'keeps a stopped server''s transfers until the history is cleared' {
        Stop-ImageServer -ClearHistory
        $server = Start-ImageServer -Root $root -Address 127.0.0.1 -Port 0 -PassThru
        Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g7 -Port $server.Port | Out-Null
        Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g6 -Port $server.Port -ErrorAction SilentlyContinue
        $server | Stop-ImageServer

        Get-ImageServer | Should -BeNullOrEmpty
        $stopped = Get-ImageServer -IncludeStopped
        $stopped.Id | Should -Be $server.Id
        $stopped.State | Should -Be 'Stopped'
        (Get-ImageTransfer).File | Should -Be '/17.9.4.27/ap1g7', '/17.9.4.27/ap1g6'
        (Get-ImageTransfer -ServerId $server.Id -State Failed).File | Should -Be '/17.9.4.27/ap1g6'

        Stop-ImageServer -ClearHistory
        Get-ImageTransfer | Should -BeNullOrEmpty
        Get-ImageServer -IncludeStopped | Should -BeNullOrEmpty
    }

    It 'tells a client cut off by stopping -Wait, and reports the transfer it cut off' {
        Stop-ImageServer -ClearHistory
        $log = Join-Path $folder 'wait.log'
        $ps = [powershell]::Create()
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            $null = $ps.AddScript("Import-Module '$script:Manifest'; Start-ImageServer -Root '$root' -Address 127.0.0.1 -Port 0 -LogPath '$log' -Wait")
            $running = $ps.BeginInvoke()
            # The registry is process-wide: wait (bounded) for the foreground server to be up.
            $server = $null
            for ($i = 0; $i -lt 100 -and -not $server; $i++) { Start-Sleep -Milliseconds 100; $server = Get-ImageServer | Select-Object -First 1 }
            $server | Should -Not -BeNullOrEmpty

            # A client that asked for an image and got its first block, then the console's Ctrl+C.
            $udp.Client.ReceiveTimeout = 3000
            $rrq = [byte[]](0, 1) + [Text.Encoding]::ASCII.GetBytes('/17.9.4.27/ap1g7') + [byte]0 + [Text.Encoding]::ASCII.GetBytes('octet') + [byte]0
            $null = $udp.Send($rrq, $rrq.Length, [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $server.Port))
            $from = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
            $first = $udp.Receive([ref] $from)
            $first[1] | Should -Be 3
            $ps.Stop()
            $running.IsCompleted | Should -BeTrue

            # It is told (repeats of block 1 may come first), rather than left to time out.
            $told = $null
            for ($i = 0; $i -lt 10 -and -not $told; $i++) {
                $packet = $udp.Receive([ref] $from)
                if ($packet[1] -eq 5) { $told = $packet }
            }
            $told | Should -Not -BeNullOrEmpty
            $told[3] | Should -Be 0
            [Text.Encoding]::ASCII.GetString($told, 4, $told.Length - 5) | Should -Be 'server shutting down'

            $stopped = Get-ImageServer -IncludeStopped -Id $server.Id
            $stopped.State | Should -Be 'Stopped'
            $stopped.AbortedTransfers.File | Should -Be '/17.9.4.27/ap1g7'
            (Get-ImageTransfer -ServerId $server.Id -State Failed).Error | Should -Be 'server shutting down'
            $cut = "cut off /17.9.4.27/ap1g7 to 127.0.0.1:$($udp.Client.LocalEndPoint.Port) at * of 2500000 bytes"
            @($stopped.GetLog().Message | Where-Object { $_ -like $cut }).Count | Should -Be 1
            @(Get-Content -LiteralPath $log | Where-Object { $_ -like "*$cut" }).Count | Should -Be 1
        }
        finally {
            $udp.Dispose()
            $ps.Dispose()
        }
    }

    It 'keeps what -Wait retains bounded under a flood of malformed requests' {
        $ps = [powershell]::Create()
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            $null = $ps.AddScript("Import-Module '$script:Manifest'; Start-ImageServer -Root '$root' -Address 127.0.0.1 -Port 0 -Wait")
            $running = $ps.BeginInvoke()
            $server = $null
            for ($i = 0; $i -lt 100 -and -not $server; $i++) { Start-Sleep -Milliseconds 100; $server = Get-ImageServer | Select-Object -First 1 }
            $to = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $server.Port)
            $junk = [byte[]](0, 9, 1)
            $kept = foreach ($round in 1..3) {
                # 10^5 junk packets in all, each a malformed request the server refuses.
                for ($i = 0; $i -lt 33334; $i++) { $null = $udp.Send($junk, 3, $to) }
                # Handled in order: once the request sent after the round is shown, the round is done.
                $rrq = [byte[]](0, 1) + [Text.Encoding]::ASCII.GetBytes("round-$round") + [byte]0 + [Text.Encoding]::ASCII.GetBytes('octet') + [byte]0
                # Sent again until seen: while the flood fills the listener's socket buffer, the kernel drops it.
                for ($i = 0; $i -lt 150 -and -not ($ps.Streams.Information.MessageData -like "*filename round-$round"); $i++) {
                    $null = $udp.Send($rrq, $rrq.Length, $to)
                    Start-Sleep -Milliseconds 200
                }
                $ps.Streams.Information.MessageData -like "*filename round-$round" | Should -Not -BeNullOrEmpty
                $ps.Streams.Information.Count
            }
            @($ps.Streams.Information.MessageData -like 'malformed request from 127.0.0.1*').Count | Should -BeGreaterThan 0
            # Rounds 2 and 3 add only their own RRQ lines (a few, as resent) and at most a few refusals and summaries.
            ($kept[2] - $kept[0]) | Should -BeLessOrEqual 200
            @($server.GetLog()).Count | Should -BeLessOrEqual 2000
        }
        finally {
            $ps.Stop()
            $udp.Dispose()
            $ps.Dispose()
        }
    }
}
