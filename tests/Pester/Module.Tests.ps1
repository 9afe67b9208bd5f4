BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The EwcUpgrade module' {
    It 'has a valid manifest for Desktop and Core editions' {
        $manifest = Test-ModuleManifest -Path $Manifest
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.CompatiblePSEditions | Should -Contain 'Desktop'
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
        $manifest.Guid | Should -Not -Be ([guid]::Empty)
    }

    It 'names its project and licence with absolute addresses, and ships the licence' {
        $manifest = Test-ModuleManifest -Path $Manifest
        foreach ($uri in $manifest.ProjectUri, $manifest.LicenseUri) {
            $uri | Should -Not -BeNullOrEmpty
            $uri.IsAbsoluteUri | Should -BeTrue
            $uri.Scheme | Should -Be 'https'
        }
        Join-Path $RepoRoot 'LICENSE' | Should -Exist
    }

    It 'links every cmdlet''s help to the about topic and to the cmdlets of the same step' {
        foreach ($name in (Get-Module EwcUpgrade).ExportedCmdlets.Keys) {
            $links = @((Get-Help $name -Full).relatedLinks.navigationLink.linkText)
            $links | Should -Contain 'about_EwcUpgrade' -Because $name
            $links.Count | Should -BeGreaterThan 2 -Because $name
        }
        (Get-Help Start-ImageServer -Full).relatedLinks.navigationLink.linkText | Should -Contain 'Test-ImageServer'
    }

    It 'has an about_EwcUpgrade help topic' {
        $about = Get-Help about_EwcUpgrade
        $about | Should -Not -BeNullOrEmpty
        ($about | Out-String) | Should -Match 'non-homogeneous'
    }

    It 're-exports its cmdlets through Export-ModuleMember, not through non-public PowerShell methods' {
        $psm1 = Join-Path $RepoRoot 'module/EwcUpgrade.psm1'
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($psm1, [ref]$null, [ref]$null)
        $text = $ast.Extent.Text
        $text | Should -Not -Match 'NonPublic'
        $text | Should -Not -Match 'GetMethod\('
        $exports = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Export-ModuleMember' }, $true)
        @($exports).Count | Should -Be 1
        (Get-Command -Module EwcUpgrade -CommandType Cmdlet).Count | Should -Be (Test-ModuleManifest -Path $Manifest).ExportedCmdlets.Count
    }

    It 'keeps every cmdlet when imported again with -Force, or removed and imported again' {
        $count = (Test-ModuleManifest -Path $Manifest).ExportedCmdlets.Count
        Import-Module $Manifest -Force
        (Get-Command -Module EwcUpgrade -CommandType Cmdlet).Count | Should -Be $count
        Remove-Module EwcUpgrade
        Import-Module $Manifest
        (Get-Command -Module EwcUpgrade -CommandType Cmdlet).Count | Should -Be $count
        (Get-ApImageType -Name ap1g7).Name | Should -Be 'ap1g7'
    }

    It 'exports exactly the cmdlets it defines' {
        $module = Get-Module EwcUpgrade
        $defined = (Get-Command -Module EwcUpgrade).ImplementingType.Assembly.GetTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object -Unique
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($defined)
    }

    It 'gives every cmdlet help with a synopsis and an example' {
        foreach ($name in (Get-Module EwcUpgrade).ExportedCmdlets.Keys) {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $name
            $help.Synopsis.Trim() | Should -Not -BeLike "$name*" -Because "$name needs a real synopsis, not its syntax"
            @($help.examples.example).Count | Should -BeGreaterThan 0 -Because $name
        }
    }

    It 'loads its dependencies into its own assembly load context' {
        $null = Get-ApImageType
        foreach ($name in 'EwcUpgrade', 'EwcUpgrade.Core', 'YamlDotNet') {
            $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name } | Select-Object -First 1
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name | Should -Be 'EwcUpgrade' -Because $name
        }
    }
}
