<#
.SYNOPSIS
    Writes module/en-US/EwcUpgrade.dll-Help.xml (MAML) from docs/en-US/help.ps1 and the cmdlets' own metadata.
.DESCRIPTION
    Run after changing a cmdlet or its help text:  ./ewcupgrade -File scripts/New-HelpFile.ps1
    A parameter a cmdlet's entry does not describe takes its text from the '(shared parameters)' entry.
    Fails when a cmdlet or a parameter has no help text, so help cannot silently fall behind the code.
    Uses only Microsoft.PowerShell.Core cmdlets, so it runs on the embedded engine.
#>
param([string] $OutFile = [System.IO.Path]::Combine($PSScriptRoot, '..', 'module', 'en-US', 'EwcUpgrade.dll-Help.xml'))
$ErrorActionPreference = 'Stop'
$text = & ([System.IO.Path]::Combine($PSScriptRoot, '..', 'docs', 'en-US', 'help.ps1'))
$skip = [System.Management.Automation.Cmdlet]::CommonParameters
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName([System.IO.Path]::GetFullPath($OutFile)))
$w = [System.Xml.XmlWriter]::Create([System.IO.Path]::GetFullPath($OutFile), $settings)

function Para([string] $value) { $w.WriteStartElement('maml', 'para', $maml); $w.WriteString($value); $w.WriteEndElement() }
function Described([string] $prefix, [string] $name, [string] $value) {
    $w.WriteStartElement($prefix, $name, $(if ($prefix -eq 'maml') { $maml } else { $command })); Para $value; $w.WriteEndElement()
}
function TypeName($type) {
    $inner = [System.Nullable]::GetUnderlyingType($type)
    if ($inner) { $inner.Name } elseif ($type.IsArray) { $type.GetElementType().Name + '[]' } else { $type.Name }
}
function PipelineInput($p) {
    $kinds = @(); if ($p.ValueFromPipeline) { $kinds += 'ByValue' }; if ($p.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { 'True (' + ($kinds -join ', ') + ')' } else { 'False' }
}
# A parameter's default is what a freshly constructed cmdlet holds in the property before binding
# (the C# initialisers: Port = 69, BlockSize = 512, ...), so help cannot drift from the code. Mandatory
# parameters, nulls, empty arrays and switches that are off have none to show.
$instances = @{}
function DefaultOf($info, $p) {
    if ($p.IsMandatory) { return 'None' }
    if (-not $instances.ContainsKey($info.Name)) { $instances[$info.Name] = [Activator]::CreateInstance($info.ImplementingType) }
    $property = $info.ImplementingType.GetProperty($p.Name)
    if (-not $property) { return 'None' }
    $value = $property.GetValue($instances[$info.Name])
    if ($null -eq $value) { return 'None' }
    if ($value -is [System.Management.Automation.SwitchParameter]) { return $(if ($value.IsPresent) { 'True' } else { 'None' }) }
    if ($value -is [bool] -and -not $value) { return 'None' }
    if ($value -is [System.Collections.IEnumerable] -and $value -isnot [string]) {
        $items = @(foreach ($item in $value) { [System.Convert]::ToString($item, [System.Globalization.CultureInfo]::InvariantCulture) })
        return $(if ($items.Count) { $items -join ', ' } else { 'None' })
    }
    [System.Convert]::ToString($value, [System.Globalization.CultureInfo]::InvariantCulture)
}
function Parameter($info, $p, $help, [bool] $inSyntax) {
    $w.WriteStartElement('command', 'parameter', $command)
    $w.WriteAttributeString('required', "$($p.IsMandatory)".ToLowerInvariant())
    $w.WriteAttributeString('variableLength', "$($p.ParameterType.IsArray)".ToLowerInvariant())
    $w.WriteAttributeString('globbing', "$([bool]$p.Globbing)".ToLowerInvariant())
    $w.WriteAttributeString('pipelineInput', (PipelineInput $p))
    $w.WriteAttributeString('position', $(if ($p.Position -ge 0) { "$($p.Position)" } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $maml, $p.Name)
    Described 'maml' 'description' $help
    $isSwitch = $p.ParameterType -eq [System.Management.Automation.SwitchParameter]
    if (-not ($inSyntax -and $isSwitch)) {
        $w.WriteStartElement('command', 'parameterValue', $command)
        $w.WriteAttributeString('required', "$(-not $isSwitch)".ToLowerInvariant()); $w.WriteAttributeString('variableLength', 'false')
        $w.WriteString((TypeName $p.ParameterType)); $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $p.ParameterType.FullName); $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $dev, (DefaultOf $info $p))
    $w.WriteEndElement()
}
# The cmdlets a reader of one page goes on to, by the step of the job they serve; every page links the about topic.
$families = @(
    , @('Get-ApImageType', 'New-ApSampleBundle', 'Import-ApBundle', 'Get-ApBundle', 'Test-ApBundle', 'Test-ImageServer')
    , @('Start-ImageServer', 'Stop-ImageServer', 'Get-ImageServer', 'Get-ImageTransfer', 'Test-ImageServer', 'Receive-TftpFile')
    , @('Import-EwcInventory', 'Connect-Ewc', 'Get-EwcSession', 'Disconnect-Ewc', 'Get-EwcHostKey', 'Invoke-EwcCommand', 'Export-EwcCapture')
    , @('Import-EwcInventory', 'Get-EwcDownloadProfile', 'Set-EwcDownloadProfile', 'Get-ApSummary', 'Get-ApImageStatus', 'Test-ImageServer', 'Test-EwcUpgradeReadiness', 'Get-EwcUpgradeLog')
    , @('Invoke-ApUpgrade', 'Test-EwcUpgradeReadiness', 'Set-EwcDownloadProfile', 'Get-ApImageStatus', 'Get-EwcUpgradeLog', 'Start-ImageServer')
)
function RelatedTo([string] $name) {
    $seen = [System.Collections.Generic.List[string]]::new()
    $seen.Add('about_EwcUpgrade')
    $family = foreach ($f in $families) { if ($f -contains $name) { $f } }
    foreach ($other in @($text[$name].Related) + @($family)) {
        if ($other -and $other -ne $name -and -not $seen.Contains($other)) { $seen.Add($other) }
    }
    $seen
}

function HelpFor($entry, [string] $name, [string] $cmdlet) {
    if ($name -in 'WhatIf', 'Confirm') { return $(if ($name -eq 'WhatIf') { 'Shows what would happen without doing it.' } else { 'Asks for confirmation before doing it.' }) }
    $value = $entry.Parameters[$name]
    if (-not $value) { $value = $text['(shared parameters)'][$name] }  # the controller-target parameters, written once
    if (-not $value) { throw "docs/en-US/help.ps1 has no text for $cmdlet -$name" }
    $value
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh'); $w.WriteAttributeString('schema', 'maml')
$names = [string[]]@((Get-Module EwcUpgrade).ExportedCmdlets.Keys)
[Array]::Sort($names, [StringComparer]::Ordinal)
$cmdlets = foreach ($name in $names) { (Get-Module EwcUpgrade).ExportedCmdlets[$name] }
foreach ($info in $cmdlets) {
    $entry = $text[$info.Name]
    if (-not $entry) { throw "docs/en-US/help.ps1 has no entry for $($info.Name)" }
    $w.WriteStartElement('command', 'command', $command)
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml); $w.WriteAttributeString('xmlns', 'command', $null, $command); $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $w.WriteStartElement('command', 'details', $command)
    $w.WriteElementString('command', 'name', $command, $info.Name)
    Described 'maml' 'description' $entry.Synopsis
    $w.WriteElementString('command', 'verb', $command, $info.Verb)
    $w.WriteElementString('command', 'noun', $command, $info.Noun)
    $w.WriteEndElement()
    Described 'maml' 'description' $entry.Description

    $w.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $info.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $command)
        $w.WriteElementString('maml', 'name', $maml, $info.Name)
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $skip }) { Parameter $info $p (HelpFor $entry $p.Name $info.Name) $true }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $command)
    $seen = @{}
    foreach ($set in $info.ParameterSets) {
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $skip -and -not $seen.ContainsKey($_.Name) }) {
            $seen[$p.Name] = $true
            Parameter $info $p (HelpFor $entry $p.Name $info.Name) $false
        }
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'inputTypes', $command)
    $piped = @($info.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) } })
    if (-not $piped) { $piped = @() }
    foreach ($p in $piped) {
        $w.WriteStartElement('command', 'inputType', $command)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $p.ParameterType.FullName); $w.WriteEndElement()
        Described 'maml' 'description' "Binds to -$($p.Name)."
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'returnValues', $command)
    foreach ($type in $entry.Outputs) {
        $w.WriteStartElement('command', 'returnValue', $command)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $type); $w.WriteEndElement()
        Described 'maml' 'description' ''
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'examples', $command)
    $n = 0
    foreach ($example in $entry.Examples) {
        $n++
        $w.WriteStartElement('command', 'example', $command)
        $w.WriteElementString('maml', 'title', $maml, "-------------------------- Example $($n): $($example.Title) --------------------------")
        $w.WriteElementString('dev', 'code', $dev, $example.Code)
        $w.WriteStartElement('dev', 'remarks', $dev); Para $example.Remarks; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($other in (RelatedTo $info.Name)) {
        $w.WriteStartElement('maml', 'navigationLink', $maml); $w.WriteElementString('maml', 'linkText', $maml, $other); $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()
"Wrote help for $(@($cmdlets).Count) cmdlets to $([System.IO.Path]::GetFullPath($OutFile))"
