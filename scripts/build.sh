#!/usr/bin/env bash
# Builds the loadable module (module/bin) and the ewcupgrade host. Quiet unless it fails. (./ewclab builds the lab simulator.)
set -euo pipefail
cd "$(dirname "$0")/.."
config=${EWCUPGRADE_CONFIGURATION:-Release}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for project in src/LoadContext/EwcUpgrade.LoadContext.csproj src/Cmdlets/EwcUpgrade.Cmdlets.csproj src/Host/EwcUpgrade.Host.csproj; do
    if ! dotnet build "$project" -c "$config" -nologo -v quiet >"$log" 2>&1; then
        cat "$log" >&2
        echo "build failed: $project" >&2
        exit 1
    fi
done
