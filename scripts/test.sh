#!/usr/bin/env bash
# Runs every test suite: xUnit (every tests/*.Tests project: the core, the simulator, the module in
# hosted runspaces) and Pester under a real pwsh (installed by scripts/install-pwsh.sh when missing;
# without it the run fails). Ends with one line totalling every suite, "N passed, N failed, N skipped",
# and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

"$root/scripts/install-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

echo "== build"
if ! dotnet build EwcUpgrade.sln -c Release -nologo -v quiet; then
    echo "0 passed, 1 failed"
    exit 1
fi
touch "$root/module/bin/.built"

passed=0; failed=0; skipped=0; broken=0
failures=() # names of what failed, repeated at the end where a CI log's tail shows them
count() { # attribute value from a trx <Counters> element
    sed -n "s/.*<Counters [^>]*\b$1=\"\([0-9]*\)\".*/\1/p" "$2" | head -n 1
}
for project in $(ls -d tests/*.Tests | sort); do
    [ -n "$(ls "$project"/*.csproj 2>/dev/null)" ] || continue
    name=$(basename "$project")
    echo "== $name"
    timeout 1500 dotnet test "$project" -c Release --no-build -nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
        --results-directory "$results" --blame-hang-timeout 5m
    rc=$?
    trx="$results/$name.trx"
    if [ ! -f "$trx" ]; then
        echo "$name: no results (exit $rc)"; broken=$((broken + 1)); failures+=("$name: no results (exit $rc)"); continue
    fi
    while IFS= read -r t; do failures+=("$name: $t"); done < <(
        grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/\1/p')
    p=$(count passed "$trx"); f=$(count failed "$trx"); t=$(count total "$trx"); e=$(count executed "$trx")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
    if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
        broken=$((broken + 1)); failures+=("$name: exit $rc with no failed test (crash or hang; see above)")
    fi
done

pwsh_dir=$("$root/scripts/install-pwsh.sh") && export PATH="$PATH:$pwsh_dir"
if command -v pwsh >/dev/null 2>&1; then
    echo "== Pester"
    out="$results/pester.txt"
    timeout 1500 pwsh -NoProfile -NonInteractive -File "$root/tests/Pester/Invoke-Tests.ps1" -ResultFile "$out"
    if [ -f "$out" ]; then
        { read -r p f s; while IFS= read -r t; do failures+=("Pester: $t"); done; } <"$out"
        passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    else
        broken=$((broken + 1)); failures+=("Pester: no results")
    fi
else
    echo "== Pester: no pwsh, and scripts/install-pwsh.sh could not install it"
    broken=$((broken + 1))
fi

failed=$((failed + broken))
if [ "${#failures[@]}" -gt 0 ]; then
    echo "== failed"
    printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
