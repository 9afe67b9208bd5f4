BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'AP bundles' {
    BeforeEach {
        $folder = New-TestFolder
        $zip = Join-Path $folder 'C9800-AP-universalk9.17.9.4a.zip'
        $images = Join-Path $folder 'images'
        New-ApSampleBundle -Path $zip | Out-Null
    }
    AfterEach {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'imports a bundle zip into a folder named by its version.info' {
        $bundle = Import-ApBundle -Path $zip -Destination $images
        $bundle.Version | Should -Be '17.9.4.27'
        $bundle.ControllerVersion | Should -Be '17.09.04a.0.6'
        $bundle.Folder | Should -Be (Join-Path $images '17.9.4.27')
        Join-Path $images '17.9.4.27/C9800-AP-iosxe-wlc.bin' | Should -Exist
        ($bundle.Images | Where-Object ImageType -eq 'ap1g7').Size | Should -Be (Get-Item (Join-Path $images '17.9.4.27/ap1g7')).Length
    }

    It 'reads a piped folder as that folder, and never binds an object''s Root property' {
        $null = Import-ApBundle -Path $zip -Destination $images
        (Get-Item $images | Get-ApBundle).Folder | Should -Be (Join-Path $images '17.9.4.27')
        # A DirectoryInfo's Root is the drive ("/"): an object that only has a Root must not pick the folder read.
        @([pscustomobject]@{ Root = $images } | Get-ApBundle -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'writes nothing under -WhatIf' {
        Import-ApBundle -Path $zip -Destination $images -WhatIf
        Join-Path $images '17.9.4.27' | Should -Not -Exist
    }

    It 'keeps an existing version folder unless -Force' {
        Import-ApBundle $zip $images | Out-Null
        $note = Join-Path $images '17.9.4.27/operator-note.txt'
        Set-Content -LiteralPath $note -Value 'keep me'
        { Import-ApBundle $zip $images -ErrorAction Stop } | Should -Throw -ErrorId 'ApBundleExists*'
        $note | Should -Exist
        Import-ApBundle $zip $images -Force | Out-Null
        $note | Should -Not -Exist
    }

    It 'refuses a zip whose entries would land outside the destination' {
        $evil = Join-Path $folder 'evil.zip'
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::Open($evil, 'Create')
        try {
            foreach ($entry in 'version.info', '../../escaped.txt') {
                $writer = [System.IO.StreamWriter]::new($archive.CreateEntry($entry).Open())
                $writer.Write("17.9.4.27`n")
                $writer.Dispose()
            }
        }
        finally { $archive.Dispose() }
        { Import-ApBundle $evil $images -ErrorAction Stop } | Should -Throw
        Join-Path $folder 'escaped.txt' | Should -Not -Exist
        Join-Path $images '17.9.4.27' | Should -Not -Exist
    }

    It 'hashes images on request, matching Get-FileHash' {
        Import-ApBundle $zip $images | Out-Null
        $bundle = Get-ApBundle -Path $images -Hash
        $image = $bundle.Images | Where-Object ImageType -eq 'ap1g8'
        $image.Sha256 | Should -Be (Get-FileHash -LiteralPath $image.FullPath -Algorithm SHA256).Hash.ToLowerInvariant()
    }

    It 'says which image types a network needs that the bundle lacks' {
        $partial = Join-Path $folder 'partial.zip'
        New-ApSampleBundle -Path $partial -ImageType ap1g7, ap1g8 | Out-Null
        $bundle = Import-ApBundle $partial $images
        $bundle | Test-ApBundle -Model C9120AXI-E, C9105AXI-E -Quiet | Should -BeTrue
        $coverage = $bundle | Test-ApBundle -Model C9120AXI-E, AIR-AP2802I-E-K9, C9999X
        $coverage.IsComplete | Should -BeFalse
        $coverage.MissingImageTypes | Should -Be @('ap3g3')
        $coverage.UnknownModels | Should -Be @('C9999X')
    }

    It "shows each image type's description in its table, keeping the source notes as a property" {
        $table = Get-ApImageType | Out-String -Width 250
        $table | Should -Match 'ap1g7\s+C9115AX, C9120AX\s+Catalyst 9115AX and 9120AX'
        $table | Should -Not -Match 'reference section'
        (Get-ApImageType -Name ap1g7).Source | Should -Match 'reference section'
        $match = Get-ApImageType -Model C9120AXI-E | Out-String -Width 250
        $match | Should -Match 'C9120AXI-E\s+ap1g7\s+True\s+True\s+Catalyst 9115AX and 9120AX'
        $match | Should -Not -Match 'reference section'
        (Get-ApImageType -Model C9120AXI-E).Source | Should -Match 'reference section'
    }

    It 'New-ApSampleBundle says what it wrote, in a table, and pipes into Import-ApBundle' {
        $sample = New-ApSampleBundle -Path (Join-Path $folder 'b.zip') -ImageType ap1g7, ap1g8
        $sample.Path | Should -Be (Join-Path $folder 'b.zip')
        $sample.Release | Should -Be '17.9.4a'
        $sample.Version | Should -Be '17.9.4.27'
        $sample.ImageTypes | Should -Be @('ap1g7', 'ap1g8')
        $sample.Size | Should -Be (Get-Item -LiteralPath $sample.Path).Length
        $table = $sample | Out-String -Width 200
        $table | Should -Match 'Release\s+Version\s+Images\s+SizeMB\s+Path'
        $table | Should -Match ('17\.9\.4a\s+17\.9\.4\.27\s+2\s+[\d.]+\s+' + [regex]::Escape($sample.Path))
        $bundle = New-ApSampleBundle -Path (Join-Path $folder 'c') -ImageType ap1g8 | Import-ApBundle -Destination $images
        $bundle.Folder | Should -Be (Join-Path $images '17.9.4.27')
        $bundle.Image('ap1g8') | Should -Not -BeNullOrEmpty
    }

    It 'maps AP models to image types from the one table' {
        (Get-ApImageType -Model 'C9120AXI-E').ImageType | Should -Be 'ap1g7'
        (Get-ApImageType -Model 'C9105AXI-E').ImageType | Should -Be 'ap1g8'
        (Get-ApImageType -Model 'C9999X').IsKnown | Should -BeFalse
    }
}

Describe 'Damaged and interrupted imports' {
    BeforeAll {
        # Python's zipfile is the independent witness: its testzip() checks every entry's CRC-32.
        $script:Python = (Get-Command python3 -ErrorAction SilentlyContinue).Source
        # Re-zips a bundle folder (stored or deflated), flips four bytes in the middle of one entry's
        # data and returns what testzip() then names as the first bad entry.
        $script:DamageScript = @'
import struct, sys, zipfile
source, zip_path, method, name = sys.argv[1:5]
import os
with zipfile.ZipFile(zip_path, 'w', zipfile.ZIP_STORED if method == 'stored' else zipfile.ZIP_DEFLATED) as z:
    for f in sorted(os.listdir(source)):
        z.write(os.path.join(source, f), f)
info = zipfile.ZipFile(zip_path).getinfo(name)
data = bytearray(open(zip_path, 'rb').read())
n, e = struct.unpack('<HH', data[info.header_offset + 26:info.header_offset + 30])
middle = info.header_offset + 30 + n + e + info.compress_size // 2
for i in range(4):
    data[middle + i] ^= 0xFF
open(zip_path, 'wb').write(data)
try:
    print(zipfile.ZipFile(zip_path).testzip())
except Exception as error:
    print(name if name in str(error) else 'error: %s' % error)
'@
    }
    BeforeEach {
        $folder = New-TestFolder
        $source = Join-Path $folder 'source'
        $images = Join-Path $folder 'images'
        New-ApSampleBundle -Path $source -ImageType ap1g7, ap1g8 | Out-Null
        # The image root already serves a release; a refused import must leave it exactly as it was.
        New-ApSampleBundle -Path (Join-Path $images '17.9.3.1') -ApVersion 17.9.3.1 -ImageType ap1g7 | Out-Null
        function Get-Listing([string] $Root) {
            Get-ChildItem -LiteralPath $Root -Recurse -Force | ForEach-Object { '{0} {1}' -f $_.FullName, $(if ($_.PSIsContainer) { '/' } else { $_.Length }) } | Sort-Object
        }
    }
    AfterEach {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'refuses a <Method> zip whose entry <Entry> is damaged, naming it, and leaves the image root as it was' -ForEach @(
        @{ Method = 'stored'; Entry = 'ap1g8' }
        @{ Method = 'deflated'; Entry = 'ap1g8' }
        @{ Method = 'deflated'; Entry = 'readme.txt' }
    ) {
        if (-not $script:Python) { Set-ItResult -Skipped -Because 'python3 (the independent CRC check) is not installed' ; return }
        $zip = Join-Path $folder "damaged-$Method.zip"
        $said = & $script:Python -c $script:DamageScript $source $zip $Method $Entry
        $said | Should -Be $Entry -Because "Python's zipfile.testzip() must agree the entry is damaged"
        $before = Get-Listing $images

        $result = Import-ApBundle -Path $zip -Destination $images -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ApBundleDamaged,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failed[0].Exception.Message | Should -BeLike "*'$Entry'*damaged*"
        Get-Listing $images | Should -Be $before
    }

    It 'leaves nothing behind when the import is stopped part-way' {
        if (-not $script:Python) { Set-ItResult -Skipped -Because 'python3 is not installed'; return }
        # One large entry that deflates to little: the import takes long enough to be stopped mid-copy.
        $zip = Join-Path $folder 'large.zip'
        & $script:Python -c @'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    z.writestr('version.info', '17.9.4.27\n')
    with z.open('ap1g7', 'w', force_zip64=True) as f:
        block = bytes(1 << 20)
        for _ in range(512):
            f.write(block)
'@ $zip
        $root = Join-Path $folder 'new-root'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m, $z, $r) Import-Module $m; Import-ApBundle -Path $z -Destination $r').AddArgument($script:Manifest).AddArgument($zip).AddArgument($root)
            $run = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            # Stop once the copy has begun: the first file is in the staging folder by then.
            while (-not $run.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                if (Get-ChildItem -LiteralPath $root -Recurse -Force -File -ErrorAction SilentlyContinue) { break }
                Start-Sleep -Milliseconds 10
            }
            if ($run.IsCompleted) { Set-ItResult -Inconclusive -Because 'the import finished before it could be stopped'; return }
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
        $root | Should -Not -Exist
    }
}

Describe 'The examples point the controllers at the folder the import creates' {
    BeforeAll {
        $folder = New-TestFolder
        $images = Join-Path $folder 'images'
        # The documented flow: the sample bundle of release 17.9.4a, imported under the image root.
        $zip = Join-Path $folder 'C9800-AP-universalk9.17.9.4a.zip'
        New-ApSampleBundle -Path $zip | Out-Null
        $bundle = Import-ApBundle -Path $zip -Destination $images
        $examples = Join-Path $script:RepoRoot 'examples'
    }
    AfterAll {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It "the inventory's image server path is the imported bundle's folder" {
        $controllers = Import-EwcInventory (Join-Path $examples 'lab-inventory.yml') -Credential @{
            lab = [pscredential]::new('ewcadmin', (ConvertTo-SecureString 'x' -AsPlainText -Force))
        }
        foreach ($controller in $controllers) {
            $served = Join-Path $images $controller.ImageServer.Path.TrimStart('/')
            $served | Should -Exist -Because "$($controller.Name)'s image server path must name a folder under the image root"
            (Resolve-Path $served).Path | Should -Be $bundle.Folder
        }
    }

    It "the inventory's bundle path is where the documented import puts the bundle" {
        # bundles[].path is relative to the inventory file; the walk-through imports into ./images of the repository.
        $text = Get-Content -Raw (Join-Path $examples 'lab-inventory.yml')
        $found = [regex]::Match($text, '(?m)^\s+path: \.\./images/(?<version>\S+)\s*$')
        $found.Success | Should -BeTrue
        $found.Groups['version'].Value | Should -Be $bundle.Version
    }

    It "lab-demo.ps1's default image path is the imported bundle's folder" {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $examples 'lab-demo.ps1'), [ref] $null, [ref] $null)
        $default = ($ast.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'ImagePath' }).DefaultValue.SafeGetValue()
        (Resolve-Path (Join-Path $images $default.TrimStart('/'))).Path | Should -Be $bundle.Folder
    }
}

Describe 'AP rows export to CSV, JSON and Clixml' {
    BeforeAll {
        # A capture of `show ap image` from a release with a column the parser does not know (Image Type):
        # it lands in Extra, the property that used to export as a .NET type name.
        $capture = Join-Path $script:RepoRoot 'tests/EwcUpgrade.Tests/Parsers/Captures/ShowApImage/odd-crlf-more-extra-column.txt'
        # The module loads its assemblies in a context of its own: reach the parser through one of its objects.
        $parser = (Get-ApImageType -Name ap1g7).GetType().Assembly.GetType('EwcUpgrade.Parsers.ShowApImage', $true)
        $rows = $parser::Parse((Get-Content -Raw -LiteralPath $capture)).Aps
        $folder = New-TestFolder
    }
    AfterAll {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'writes Extra to CSV as Header=value text, not a type name' {
        $csv = Join-Path $folder 'aps.csv'
        $rows | Export-Csv -LiteralPath $csv
        $text = Get-Content -Raw -LiteralPath $csv
        $text | Should -Not -Match 'System\.Collections|EwcUpgrade\.Parsers'
        $back = Import-Csv -LiteralPath $csv
        $back[0].ApName | Should -Be 'AP-LOBBY-1'
        $back[0].Extra | Should -Be 'Image Type=ap1g7'
        $back[1].Extra | Should -Be 'Image Type=ap3g3'
    }

    It 'keeps Extra a keyed object in JSON and Clixml' {
        $json = $rows | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json[0].Extra.'Image Type' | Should -Be 'ap1g7'
        $xml = Join-Path $folder 'aps.xml'
        $rows | Export-Clixml -LiteralPath $xml
        (Import-Clixml -LiteralPath $xml)[1].Extra['Image Type'] | Should -Be 'ap3g3'
        $rows[0].Extra['image type'] | Should -Be 'ap1g7' -Because 'header names are matched as the device prints them, in any case'
    }
}

Describe 'Help shows the real parameter defaults' {
    BeforeAll {
        # The help as scripts/New-HelpFile.ps1 writes it now, installed in a copy of the module, read
        # by Get-Help in a fresh pwsh: what a user sees, independent of the help file in the tree.
        $folder = New-TestFolder
        $copy = Join-Path $folder 'EwcUpgrade'
        Copy-Item -LiteralPath (Join-Path $script:RepoRoot 'module') -Destination $copy -Recurse
        $xml = Join-Path $copy 'en-US/EwcUpgrade.dll-Help.xml'
        & (Join-Path $script:RepoRoot 'scripts/New-HelpFile.ps1') -OutFile $xml | Out-Null
        Copy-Item -LiteralPath $xml -Destination (Join-Path $copy 'bin/lib/en-US/EwcUpgrade.dll-Help.xml') -Force
        $pwsh = Join-Path $PSHOME 'pwsh'
        $lines = & $pwsh -NoProfile -NonInteractive -Command {
            param($manifest)
            Import-Module $manifest
            foreach ($q in @('Start-ImageServer', 'Port'), @('Start-ImageServer', 'MaxSessions'), @('Connect-Ewc', 'CommandTimeoutSeconds'),
                @('New-ApSampleBundle', 'Release'), @('Get-ApBundle', 'Path'), @('Start-ImageServer', 'Root'), @('Import-ApBundle', 'Force')) {
                $text = Get-Help $q[0] -Parameter $q[1] | Out-String -Width 200
                $found = [regex]::Match($text, 'Default value\s+(\S+)')
                '{0} {1}={2}' -f $q[0], $q[1], $found.Groups[1].Value
            }
        } -args (Join-Path $copy 'EwcUpgrade.psd1')
        $shown = @{}
        foreach ($line in $lines) { $key, $value = $line -split '=', 2; $shown[$key] = $value }
    }
    AfterAll {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'Get-Help <Key> shows Default value <Value>' -ForEach @(
        @{ Key = 'Start-ImageServer Port'; Value = '69' }
        @{ Key = 'Start-ImageServer MaxSessions'; Value = '512' }
        @{ Key = 'Connect-Ewc CommandTimeoutSeconds'; Value = '60' }
        @{ Key = 'New-ApSampleBundle Release'; Value = '17.9.4a' }
        @{ Key = 'Get-ApBundle Path'; Value = '.' }
        @{ Key = 'Start-ImageServer Root'; Value = 'None' }
        @{ Key = 'Import-ApBundle Force'; Value = 'None' }
    ) {
        $shown[$Key] | Should -Be $Value
    }
}
