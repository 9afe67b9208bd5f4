#!/usr/bin/env bash
# TFTP server benchmark: the project's server against tftpd-hpa and atftpd, on loopback, in one run.
#   bench/tftp/run.sh            full run (a few minutes)
#   bench/tftp/run.sh --quick    smoke run: small files, one repetition
# Prints a Markdown report and writes it to bench/results/tftp-<date>.md. See bench/README.md.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
quick=0; reps=3
for arg in "$@"; do case $arg in --quick) quick=1; reps=1 ;; --reps=*) reps=${arg#--reps=} ;; esac; done

work=$(mktemp -d /tmp/ewc-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# --- programs: clients from Debian; the two anchor servers extracted from their packages (they
# conflict as installed packages, and nothing must run as a system service).
if [ "$(id -u)" = 0 ]; then
    need=(); command -v curl >/dev/null || need+=(curl); command -v atftp >/dev/null || need+=(atftp)
    [ ${#need[@]} -gt 0 ] && { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; }
fi
. "$here/../anchors.sh"; fetch_anchors "$work" || exit 1
dotnet build "$here/../TftpServerHost/TftpServerHost.csproj" -c Release -o "$work/ours" -nologo -v quiet >/dev/null || { echo "build failed" >&2; exit 1; }

# --- files (MiB: 70 MiB = 73400320 bytes; MB in the results = 10^6 bytes)
root="$work/root"; mkdir -p "$root"
small=$((70 << 20)); large=$((300 << 20)); [ $quick = 1 ] && { small=$((8 << 20)); large=$((40 << 20)); }
head -c $small /dev/urandom > "$root/img70"; head -c $large /dev/urandom > "$root/img300"
sum70=$(sha256sum "$root/img70" | cut -c1-64); sum300=$(sha256sum "$root/img300" | cut -c1-64)
cat "$root"/img* > /dev/null  # page cache
clk=$(getconf CLK_TCK)

start_server() { # name port -> sets spid
    case $1 in
        ours)   "$work/ours/TftpServerHost" "$root" "$2" 127.0.0.1 > "$work/ours.log" 2>&1 & spid=$! ;;
        hpa)    "$hpa" -L -s -a "127.0.0.1:$2" -u root -B 65464 "$root" & spid=$! ;;
        atftpd) "$atftpd" --daemon --no-fork --port "$2" --bind-address 127.0.0.1 --user root --group root --logfile /dev/null "$root" & spid=$! ;;
    esac
    pids+=("$spid"); sleep 1
}
cpu_ticks() { # utime+stime+cutime+cstime of a process (children included once reaped)
    awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
tree_rss_kb() { # resident memory of a process and its children
    local total=0 p
    for p in $1 $(pgrep -P "$1"); do
        local kb; kb=$(awk '/VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)  # empty for a child that just exited
        total=$((total + ${kb:-0}))
    done
    echo $total
}
peak_rss() { # samples every 100 ms into $work/peak until $work/sampling disappears
    local peak=0 now
    while [ -f "$work/sampling" ]; do now=$(tree_rss_kb "$1"); [ "$now" -gt "$peak" ] && peak=$now; echo $peak > "$work/peak"; sleep 0.1; done
}
fetch() { # client port file blksize window out -> exit status
    case $1 in
        curl)  timeout 300 curl -s --tftp-blksize "$4" -o "$6" "tftp://127.0.0.1:$2/$3" ;;
        atftp) timeout 300 atftp --option "blksize $4" --option "windowsize $5" -g -r "$3" -l "$6" 127.0.0.1 "$2" >/dev/null 2>&1 ;;
    esac
}
# measure server port clients client file blksize window -> "MB/s cpu_s peakMB" or FAILED
measure() {
    local server=$1 port=$2 n=$3 client=$4 file=$5 bs=$6 win=$7 sum bytes
    if [ "$file" = img70 ]; then sum=$sum70; bytes=$small; else sum=$sum300; bytes=$large; fi
    local results=() cpus=() peaks=() r
    for ((r = 0; r < reps; r++)); do
        rm -f "$work"/out.*; touch "$work/sampling"; peak_rss "$spid" & local sampler=$!
        local c0=$(cpu_ticks "$spid") t0=$(date +%s%N) i
        local clients=()
        for ((i = 0; i < n; i++)); do fetch "$client" "$port" "$file" "$bs" "$win" "$work/out.$i" & clients+=($!); done
        wait "${clients[@]}" 2>/dev/null
        local t1=$(date +%s%N) c1=$(cpu_ticks "$spid")
        rm -f "$work/sampling"; wait "$sampler" 2>/dev/null
        for ((i = 0; i < n; i++)); do
            [ "$(sha256sum "$work/out.$i" 2>/dev/null | cut -c1-64)" = "$sum" ] || { echo "FAILED"; return; }
        done
        results+=("$(awk -v b=$((bytes * n)) -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", b / (ns / 1e9) / 1e6 }')")
        cpus+=("$(awk -v t=$((c1 - c0)) -v k="$clk" 'BEGIN { printf "%.1f", t / k }')")
        peaks+=("$(awk -v kb="$(cat "$work/peak" 2>/dev/null || echo 0)" 'BEGIN { printf "%.0f", kb / 1024 }')")
    done
    local mid=$((reps / 2))
    echo "$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$((mid + 1))p") MB/s ($(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$((mid + 1))p") s CPU, $(printf '%s\n' "${peaks[@]}" | sort -n | tail -1) MB)"
}

# --- loopback limits, from the project's own client against its own server would be circular; use a raw probe
probe=$(cd "$work" && cat > probe.py <<'PY'
import socket, time, threading
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.bind(("127.0.0.1", 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); b.bind(("127.0.0.1", 0))
a.connect(b.getsockname()); b.connect(a.getsockname())
n = 20000; t = time.perf_counter()
for _ in range(n): a.send(b"x" * 4); b.recv(64); b.send(b"y" * 4); a.recv(64)
rtt = (time.perf_counter() - t) / n * 1e6
print(f"lock-step UDP round trip {rtt:.1f} us (python3; an upper bound)")
PY
python3 probe.py 2>/dev/null || echo "round-trip probe needs python3")

date_tag=$(date -u +%Y-%m-%d)
out="$repo/bench/results/tftp-$date_tag$([ $quick = 1 ] && echo -quick).md"
{
echo "# TFTP benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), kernel $(uname -r)"
echo "- command: bench/tftp/run.sh $*; $reps repetition(s), median shown; files of $((small >> 20)) MiB and $((large >> 20)) MiB; MB = 10^6 bytes"
echo "- servers: ours (bench/TftpServerHost), tftpd-hpa $(dpkg-deb -f "$work"/tftpd-hpa*.deb Version) (-L, forks per transfer), atftpd $(dpkg-deb -f "$work"/atftpd*.deb Version) (threads)"
echo "- clients on the same machine: curl $(curl --version | head -1 | cut -d' ' -f2) (blksize, lock-step), atftp (blksize + windowsize); every download checked by SHA-256"
echo "- each cell: throughput (server CPU seconds for the whole case, peak resident memory of the server and its children)"
echo "- $probe"
echo
} | tee "$out"

servers=(ours hpa atftpd); port=7100
declare -A P
for s in "${servers[@]}"; do P[$s]=$port; port=$((port + 1)); start_server "$s" "${P[$s]}"; declare "PID_$s=$spid"; done
pid_of() { local v="PID_$1"; spid=${!v}; }

row() { # title, then a cell per server from "client file bs win n" specs
    local title=$1 client=$2 file=$3 bs=$4 win=$5 n=$6 s
    local line="| $title |"
    for s in "${servers[@]}"; do
        pid_of "$s"
        if [ "$client" = atftp ] && [ "$s" = hpa ] && [ "$win" != 1 ]; then line+=" n/a (no windowsize) |"; continue; fi
        line+=" $(measure "$s" "${P[$s]}" "$n" "$client" "$file" "$bs" "$win") |"
    done
    echo "$line" | tee -a "$out"
}
header() { echo | tee -a "$out"; echo "| $1 | ours | tftpd-hpa | atftpd |" | tee -a "$out"; echo "|---|---|---|---|" | tee -a "$out"; }

header "$((small >> 20)) MiB, lock-step (curl)"
for bs in 512 1428 8192 65464; do row "blksize $bs" curl img70 $bs 1 1; done
header "$((small >> 20)) MiB, windowed (atftp)"
for bs in 512 1428 8192 65464; do for w in 1 8 16; do row "blksize $bs, windowsize $w" atftp img70 $bs $w 1; done; done
row "blksize 8192, windowsize 64 (burst > socket buffer)" atftp img70 8192 64 1
header "$((large >> 20)) MiB (block-number rollover at 1428)"
row "blksize 1428 (curl)" curl img300 1428 1 1
row "blksize 65464 (curl)" curl img300 65464 1 1
header "concurrent clients of the $((small >> 20)) MiB file at blksize 1428 (aggregate)"
row "20 x curl" curl img70 1428 1 20
row "50 x curl" curl img70 1428 1 50
row "50 x atftp, windowsize 16" atftp img70 1428 16 50
echo | tee -a "$out"
echo "Written to ${out#$repo/}"
