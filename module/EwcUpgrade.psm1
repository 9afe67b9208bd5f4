# Loads the binary module for the running edition. On PowerShell 7 the cmdlets and their
# dependencies go into the module's own AssemblyLoadContext (bin/EwcUpgrade.LoadContext.dll);
# Windows PowerShell 5.1 has no such contexts and loads the assembly directly.
# Only Microsoft.PowerShell.Core cmdlets are used here: the embedded engine of ./ewcupgrade has no others.
$lib = [System.IO.Path]::Combine($PSScriptRoot, 'bin', 'lib')
if ($PSVersionTable.PSEdition -eq 'Core') {
    $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'bin', 'EwcUpgrade.LoadContext.dll'))
    $assembly = [EwcUpgrade.LoadContext.ModuleLoadContext]::Initialize($lib, 'EwcUpgrade')
}
else {
    $assembly = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($lib, 'EwcUpgrade.dll'))
}

# Import-Module -Force leaves the previous copy of the nested binary module loaded, and importing
# the same assembly again would then add no cmdlets to this module: remove the stale copy first.
Get-Module -All | Where-Object { $_.ImplementingAssembly -eq $assembly } | Remove-Module -Force
$inner = Import-Module -Assembly $assembly -PassThru

# The binary module is nested in this script module: exporting its cmdlets from here makes them
# this module's own, so the manifest's CmdletsToExport and Get-Command -Module EwcUpgrade see them.
Export-ModuleMember -Cmdlet @($inner.ExportedCmdlets.Keys)
