BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # The SFTP server makes a system account and chroots: root only. In CI (root) these run; elsewhere they are skipped with the reason.
    $script:NotRoot = [System.Environment]::UserName -ne 'root' -and $env:CI -ne 'true'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Start-ImageServer -Protocol Sftp: OpenSSH sshd as a read-only, chrooted SFTP server' -Skip:$script:NotRoot {
    BeforeAll {
        # OpenSSH chroots only below folders that root alone may change: not under /tmp.
        $root = "/srv/ewcupgrade-tests/pester-" + [guid]::NewGuid().ToString('N').Substring(0, 8)
        New-Item -ItemType Directory -Path $root -Force | Out-Null
        chmod 755 /srv/ewcupgrade-tests $root
        $work = New-TestFolder
        $null = New-ApSampleBundle -Path (Join-Path $work 'bundle.zip') -ImageType ap1g7, ap1g8
        $bundle = Import-ApBundle -Path (Join-Path $work 'bundle.zip') -Destination $root
        chmod -R go-w $root
        $user = 'ewcpester' + [guid]::NewGuid().ToString('N').Substring(0, 5)
        $password = 'Pester-Sftp-Pa55'
        $login = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
        $server = Start-ImageServer -Protocol Sftp -Root $root -Address 127.0.0.1 -Port 0 -Credential $login -PassThru
    }
    AfterAll {
        Get-ImageServer | Stop-ImageServer
        Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'runs as an SFTP server with a login of its own and a host key to pin' {
        $server.Protocol | Should -Be 'Sftp'
        $server.State | Should -Be 'Running'
        $server.UserName | Should -Be $user
        $server.HostKeyFingerprint | Should -Match '^SHA256:'
        (getent passwd $user) | Should -Not -BeNullOrEmpty
    }

    It 'serves an image that OpenSSH''s sftp fetches intact with the password, and Get-ImageTransfer shows it' {
        $askpass = Join-Path $work 'askpass'
        Set-Content -LiteralPath $askpass -Value "#!/bin/sh`necho '$password'"
        chmod 700 $askpass
        $env:SSH_ASKPASS = $askpass; $env:SSH_ASKPASS_REQUIRE = 'force'; $env:DISPLAY = 'none'
        try {
            $out = Join-Path $work 'fetched'
            "get /$($bundle.Version)/ap1g7 $out" | sftp -P $server.Port -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o PubkeyAuthentication=no "$user@127.0.0.1" 2>&1 | Out-Null
        }
        finally {
            Remove-Item Env:SSH_ASKPASS, Env:SSH_ASKPASS_REQUIRE, Env:DISPLAY -ErrorAction SilentlyContinue
        }
        $image = $bundle.Images | Where-Object ImageType -eq 'ap1g7'
        (Get-FileHash -LiteralPath $out).Hash | Should -Be (Get-FileHash -LiteralPath $image.FullPath).Hash
        $transfer = $null
        foreach ($i in 1..50) {
            $transfer = Get-ImageTransfer -ServerId $server.Id -File "*ap1g7" | Where-Object State -eq 'Completed'
            if ($transfer) { break }
            Start-Sleep -Milliseconds 100
        }
        $transfer | Should -Not -BeNullOrEmpty
        $transfer.Protocol | Should -Be 'Sftp'
        $transfer.User | Should -Be $user
        $transfer.Client | Should -Be '127.0.0.1'
        $transfer.BytesTransferred | Should -Be $image.Size
    }

    It 'keeps the login inside the image root and passes Test-ImageServer with the bundle''s sizes' {
        $results = $bundle | Test-ImageServer -Server 127.0.0.1 -Port $server.Port -Protocol Sftp -ImagePath $bundle.Version -Credential $login -HostKeyFingerprint $server.HostKeyFingerprint
        $results.Verdict | Sort-Object -Unique | Should -Be 'OK'
        # /etc/hostname exists on the host, not inside the chroot.
        $outside = Test-ImageServer -Server 127.0.0.1 -Port $server.Port -Protocol Sftp -ImagePath /etc -ImageType hostname -Credential $login -HostKeyFingerprint $server.HostKeyFingerprint
        $outside.Verdict | Should -Be 'NotFound'
    }

    It 'says AuthFailed for a wrong password, never showing it' {
        $wrong = [pscredential]::new($user, (ConvertTo-SecureString 'Not-The-Pa55' -AsPlainText -Force))
        $r = $bundle | Test-ImageServer -Server 127.0.0.1 -Port $server.Port -Protocol Sftp -Credential $wrong -HostKeyFingerprint $server.HostKeyFingerprint
        $r.Verdict | Sort-Object -Unique | Should -Be 'AuthFailed'
        ($r | Out-String) | Should -Not -Match 'Not-The-Pa55'
    }

    It 'removes the login account when it stops' {
        Stop-ImageServer -Id $server.Id
        (getent passwd $user) | Should -BeNullOrEmpty
        (Get-ImageServer -IncludeStopped | Where-Object Id -eq $server.Id).State | Should -Be 'Stopped'
    }

    It 'refuses TFTP-only options and a missing login with errors that say so' {
        Start-ImageServer -Protocol Sftp -Root $root -Port 0 -Credential $login -MaxBlockSize 1428 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ParameterNotForSftp*'
        Start-ImageServer -Protocol Sftp -Root $root -Port 0 -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'CredentialMissing*'
        Get-ImageServer | Should -BeNullOrEmpty
    }

    It 'explains a root OpenSSH cannot chroot to' {
        $bad = New-TestFolder   # under /tmp, which everyone may write
        Start-ImageServer -Protocol Sftp -Root $bad -Port 0 -Credential $login -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].Exception.Message | Should -Match 'cannot chroot'
        $e[0].Exception.Message | Should -Match '/tmp'
        Remove-Item -LiteralPath $bad -Recurse -Force
    }
}
