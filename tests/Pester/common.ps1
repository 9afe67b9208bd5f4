# Shared by every *.Tests.ps1: imports the built module (scripts/build.sh lays it out under module/).
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:Manifest = Join-Path $script:RepoRoot 'module/EwcUpgrade.psd1'
if (-not (Test-Path (Join-Path $script:RepoRoot 'module/bin/lib/EwcUpgrade.dll'))) {
    throw "The module is not built: run scripts/build.sh (or scripts/test.sh) first."
}
Import-Module $script:Manifest -Force -ErrorAction Stop

function New-TestFolder {
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("ewcupgrade-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 10))
    New-Item -ItemType Directory -Path $path | Out-Null
    $path
}

function New-RandomFile([string] $Path, [int] $Bytes, [int] $Seed = 1) {
    $data = [byte[]]::new($Bytes)
    [System.Random]::new($Seed).NextBytes($data)
    [System.IO.File]::WriteAllBytes($Path, $data)
}
