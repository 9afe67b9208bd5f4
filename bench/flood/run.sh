#!/usr/bin/env bash
# Memory under a flood of malformed requests: Start-ImageServer -Wait in a real pwsh, rounds of junk
# UDP packets to its port (127.0.0.1 only), the server process's resident set printed after each round.
#   bench/flood/run.sh                 4 rounds of 200000 packets, no heap cap
#   bench/flood/run.sh --rounds=6 --packets=100000 --heap-mib=96
# --heap-mib caps the .NET heap (DOTNET_GCHeapHardLimit), as in issue 10, to see whether it survives.
# --slow-console reads the console at about 2000 lines/s, like a terminal that cannot keep up.
# Not a test: it prints numbers and never fails on them. See bench/README.md.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rounds=4; packets=200000; heap=0; slow=0
for arg in "$@"; do case $arg in
    --rounds=*) rounds=${arg#--rounds=} ;; --packets=*) packets=${arg#--packets=} ;; --heap-mib=*) heap=${arg#--heap-mib=} ;; --slow-console) slow=1 ;;
esac; done
export PATH=$PATH:$HOME/.dotnet/tools
[ -f "$repo/module/bin/lib/EwcUpgrade.dll" ] || { echo "build the module first (scripts/build.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/ewc-flood.XXXXXX)
spid=; launcher=
cleanup() { for p in $spid $launcher; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/root"
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

[ "$heap" -gt 0 ] && export DOTNET_GCHeapHardLimit=$(printf '0x%x' $((heap << 20)))
# The console output goes to a file, as a console's would go to the terminal: it is drained, not kept.
serve="Import-Module '$repo/module/EwcUpgrade.psd1'; Start-ImageServer -Root '$work/root' -Address 127.0.0.1 -Port $port -Wait"
if [ $slow = 1 ]; then
    slowreader='import sys, time
out = open(sys.argv[1], "w", buffering=1)
for line in sys.stdin:
    out.write(line); time.sleep(0.0005)'
    pwsh -NoProfile -NonInteractive -c "$serve" 2>&1 > >(python3 -c "$slowreader" "$work/console.txt") &
else
    pwsh -NoProfile -NonInteractive -c "$serve" > "$work/console.txt" 2>&1 &
fi
spid=$!; launcher=
unset DOTNET_GCHeapHardLimit
for _ in $(seq 1 100); do grep -q 'Press Ctrl+C' "$work/console.txt" 2>/dev/null && break; sleep 0.2; done
grep -q 'Press Ctrl+C' "$work/console.txt" || { echo "the server did not start:" >&2; cat "$work/console.txt" >&2; exit 1; }
# pwsh installed as a dotnet tool is a launcher whose child "dotnet pwsh.dll" is the real process.
child=$(pgrep -P "$spid" dotnet | head -n 1)
[ -n "$child" ] && { launcher=$spid; spid=$child; }

rss() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$spid/status" 2>/dev/null || echo dead; }
echo "flood: $rounds rounds of $packets junk packets to 127.0.0.1:$port$( [ "$heap" -gt 0 ] && echo ", .NET heap capped at $heap MiB")$( [ $slow = 1 ] && echo ", slow console")"
echo "round  packets_sent  server_RSS_MB  console_lines"
echo "0      0             $(rss)             $(wc -l < "$work/console.txt")"
for r in $(seq 1 "$rounds"); do
    # Opcode 9 does not exist: each packet is a malformed request, refused with ERROR 4 and logged.
    python3 - "$port" "$packets" <<'PY'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 16)
for i in range(n):
    s.sendto(b"\x00\x09junk", ("127.0.0.1", port))
    if i % 2000 == 1999:
        time.sleep(0.002)  # bounded pace, so most packets reach the server rather than a full socket buffer
PY
    sleep 3  # let the server drain its queue and the console catch up
    if ! kill -0 "$spid" 2>/dev/null; then echo "$r      $((r * packets))        died: $(tail -n 3 "$work/console.txt" | tr '\n' ' ')"; spid=; break; fi
    echo "$r      $((r * packets))        $(rss)             $(wc -l < "$work/console.txt")"
done
