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

    It 'maps AP models to image types from the one table' {
        (Get-ApImageType -Model 'C9120AXI-E').ImageType | Should -Be 'ap1g7'
        (Get-ApImageType -Model 'C9105AXI-E').ImageType | Should -Be 'ap1g8'
        (Get-ApImageType -Model 'C9999X').IsKnown | Should -BeFalse
    }
}
