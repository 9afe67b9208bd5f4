# Loads the binary module for the running edition. On PowerShell 7 the cmdlets and their
# dependencies go into the module's own AssemblyLoadContext (bin/EwcUpgrade.LoadContext.dll);
# Windows PowerShell 5.1 has no such contexts and imports the assembly directly.
# Only Microsoft.PowerShell.Core cmdlets are used here: the embedded engine of ./ewcupgrade has no others.
$lib = [System.IO.Path]::Combine($PSScriptRoot, 'bin', 'lib')
if ($PSVersionTable.PSEdition -eq 'Core') {
    $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'bin', 'EwcUpgrade.LoadContext.dll'))
    $assembly = [EwcUpgrade.LoadContext.ModuleLoadContext]::Initialize($lib, 'EwcUpgrade')
    $inner = Import-Module -Assembly $assembly -PassThru
}
else {
    $inner = Import-Module ([System.IO.Path]::Combine($lib, 'EwcUpgrade.dll')) -PassThru
}

# The binary module is nested in this script module: exporting its cmdlets from here makes them
# this module's own, so the manifest's CmdletsToExport and Get-Command -Module EwcUpgrade see them.
Export-ModuleMember -Cmdlet @($inner.ExportedCmdlets.Keys)
