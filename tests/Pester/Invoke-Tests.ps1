#Requires -Version 7.0
# Runs the Pester suite (Pester 5) against the built module and writes "passed failed skipped" to
# -ResultFile for scripts/test.sh to total, then the name of each failed test or block, a line each.
param([string] $ResultFile)
Import-Module Pester -MinimumVersion 5.0 -ErrorAction Stop
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $config
if ($ResultFile) {
    $lines = @("$($result.PassedCount) $($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount) $($result.SkippedCount)")
    $lines += $result.Failed | ForEach-Object { $_.ExpandedPath }
    $lines += $result.FailedBlocks | ForEach-Object { "$($_.Path -join '.') (block)" }
    $lines += $result.FailedContainers | ForEach-Object { "$($_.Item) (file)" }
    $lines | Set-Content -LiteralPath $ResultFile
}
exit ([int]($result.Result -ne 'Passed'))
