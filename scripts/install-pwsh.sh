#!/usr/bin/env bash
# Installs a real PowerShell (pwsh 7.6.9, the .NET global tool) and Pester 5.7.1 (its NuGet package's
# tools/ folder is the module) when they are missing. Prints the folder that holds pwsh. Used by
# scripts/test.sh; in CI a missing pwsh is a failure there, not a skip.
set -euo pipefail
pwsh_version=7.6.9
pester_version=5.7.1
tools="$HOME/.dotnet/tools"
modules="$HOME/.local/share/powershell/Modules"
if ! [ -x "$tools/pwsh" ] && ! command -v pwsh >/dev/null 2>&1; then
    echo "install-pwsh: installing PowerShell $pwsh_version (dotnet tool)" >&2
    dotnet tool install --global PowerShell --version "$pwsh_version" >/dev/null
fi
if ! [ -f "$modules/Pester/$pester_version/Pester.psd1" ]; then
    echo "install-pwsh: installing Pester $pester_version (NuGet)" >&2
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cat >"$work/fetch.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$pester_version]" /></ItemGroup>
</Project>
XML
    dotnet restore "$work/fetch.csproj" --packages "$work/packages" -v quiet >/dev/null
    mkdir -p "$modules/Pester"
    rm -rf "$modules/Pester/$pester_version"
    cp -r "$work/packages/pester/$pester_version/tools" "$modules/Pester/$pester_version"
fi
if [ -x "$tools/pwsh" ]; then echo "$tools"; else dirname "$(command -v pwsh)"; fi
