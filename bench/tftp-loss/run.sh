#!/usr/bin/env bash
# TFTP under real random loss: the project's server against tftpd-hpa and atftpd, each inside a
# network namespace of its own whose loopback drops a share of all UDP datagrams (nftables
# `numgen random`; this kernel has no netem). Needs root (ip netns, nft).
#   bench/tftp-loss/run.sh                  16 MiB, 5% and 20% loss, 3 runs per cell
#   bench/tftp-loss/run.sh --runs=N --mib=M --loss="5 20" --limit=S --servers="ours hpa atftpd"
# Prints a Markdown table (per server x client x loss: completed-and-intact runs, median MB/s of
# those, median retransmissions where the server reports them) and writes it to
# bench/results/tftp-loss-<date>.md. See bench/README.md.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=3; mib=16; losses="5 20"; limit=300; servers="ours hpa atftpd"
for arg in "$@"; do case $arg in --runs=*) runs=${arg#--runs=} ;; --mib=*) mib=${arg#--mib=} ;; --loss=*) losses=${arg#--loss=} ;; --limit=*) limit=${arg#--limit=} ;; --servers=*) servers=${arg#--servers=} ;; esac; done
[ "$(id -u)" = 0 ] || { echo "needs root (ip netns, nft)" >&2; exit 1; }

work=$(mktemp -d /tmp/ewc-loss.XXXXXX)
namespaces=(); pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null
    for n in "${namespaces[@]}"; do ip netns del "$n" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

"$repo/scripts/install-deps.sh" >/dev/null
for tool in ip nft curl atftp; do command -v $tool >/dev/null || { echo "$tool missing (scripts/install-deps.sh)" >&2; exit 1; }; done
. "$here/../anchors.sh"; fetch_anchors "$work" || exit 1
dotnet build "$here/../TftpServerHost/TftpServerHost.csproj" -c Release -o "$work/ours" -nologo -v quiet >/dev/null || { echo "build failed" >&2; exit 1; }

root="$work/root"; mkdir -p "$root"
head -c $((mib << 20)) /dev/urandom > "$root/img"; sum=$(sha256sum "$root/img" | cut -c1-64); bytes=$((mib << 20))

lossy_namespace() { # name percent
    ip netns add "$1" && namespaces+=("$1")
    ip netns exec "$1" ip link set lo up
    # tftpd-hpa resolves its -a address with AI_ADDRCONFIG, which ignores loopback addresses: in a
    # namespace with only 127.0.0.1 and ::1 it exits (66). A documentation address on lo gives it one;
    # no traffic uses it.
    ip netns exec "$1" ip addr add 192.0.2.1/32 dev lo
    ip netns exec "$1" nft -f - <<EOF
table inet ewc_loss {
    chain input {
        type filter hook input priority 0; policy accept;
        iif "lo" meta l4proto udp numgen random mod 100 < $2 counter drop
    }
}
EOF
}
start_server() { # name namespace port -> spid; our server logs one line per ended transfer
    case $1 in
        ours)   ip netns exec "$2" "$work/ours/TftpServerHost" "$root" "$3" 127.0.0.1 > "$work/ours-$2.log" 2>&1 & spid=$! ;;
        hpa)    ip netns exec "$2" "$hpa" -L -s -a "127.0.0.1:$3" -u root -B 65464 "$root" & spid=$! ;;
        atftpd) ip netns exec "$2" "$atftpd" --daemon --no-fork --port "$3" --bind-address 127.0.0.1 --user root --group root --logfile /dev/null "$root" & spid=$! ;;
    esac
    pids+=("$spid"); sleep 1
}
fetch() { # namespace client port out -> exit status
    case $2 in
        curl)  timeout "$limit" ip netns exec "$1" curl -s --tftp-blksize 1428 -o "$4" "tftp://127.0.0.1:$3/img" ;;
        atftp) timeout "$limit" ip netns exec "$1" atftp --option "blksize 1428" --option "windowsize 16" -g -r img -l "$4" 127.0.0.1 "$3" >/dev/null 2>&1 ;;
    esac
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'; }

out="$repo/bench/results/tftp-loss-$(date -u +%Y-%m-%d).md"
[ -e "$out" ] && out="${out%.md}-$(date -u +%H%M).md" # a second run that day keeps the first
{
echo "# TFTP under random loss, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- machine: $(nproc) cores, kernel $(uname -r); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $mib MiB file, blksize 1428; curl $(curl --version | head -1 | cut -d' ' -f2) (lock-step) and atftp (windowsize 16); $runs runs per cell, at most $limit s each"
echo "- loss: nftables \`numgen random mod 100 < N drop\` on the input of a namespace's loopback: every datagram, both directions, N% each"
echo "- servers: ours (bench/TftpServerHost, defaults), tftpd-hpa $(dpkg-deb -f "$work"/tftpd-hpa*.deb Version) (no windowsize: atftp gets lock-step), atftpd $(dpkg-deb -f "$work"/atftpd*.deb Version)"
echo "- cell: intact/runs, median MB/s of the intact runs (MB = 10^6 bytes), median server retransmissions (ours only)"
echo
echo "| loss | client | ours | tftpd-hpa | atftpd |"
echo "|---|---|---|---|---|"
} | tee "$out"

port=7200; n=0
for loss in $losses; do
    for client in curl atftp; do
        line="| $loss% | $client$([ $client = atftp ] && echo ' ws16') |"
        for server in ours hpa atftpd; do
            case " $servers " in *" $server "*) ;; *) line+=" not run |"; continue ;; esac
            ns="ewc-bench-loss-$$-$((n++))"; lossy_namespace "$ns" "$loss"
            start_server "$server" "$ns" "$port"
            ok=0; speeds=(); : > "$work/speeds"; failed=""
            for ((r = 0; r < runs; r++)); do
                rm -f "$work/out"; t0=$(date +%s%N)
                fetch "$ns" "$client" "$port" "$work/out"; rc=$?; t1=$(date +%s%N)
                if [ "$(sha256sum "$work/out" 2>/dev/null | cut -c1-64)" = "$sum" ]; then
                    ok=$((ok + 1)); awk -v b=$bytes -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f\n", b / (ns / 1e9) / 1e6 }' >> "$work/speeds"
                else # how far a failed run got: aborted (exit status) or still going at the limit (124)
                    failed=" (failed: $([ $rc = 124 ] && echo "still running at $limit s" || echo "exit $rc after $(( (t1 - t0) / 1000000000 )) s"), $(awk -v b="$(stat -c %s "$work/out" 2>/dev/null || echo 0)" 'BEGIN { printf "%.1f", b / 1e6 }') MB received)"
                fi
            done
            retrans="-"
            [ $server = ours ] && retrans=$(awk '/^ended/ { print $5 }' "$work/ours-$ns.log" | median)
            line+=" $ok/$runs, $(median < "$work/speeds") MB/s, $retrans retr.$failed |"
            kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
            ip netns del "$ns"
        done
        echo "$line" | tee -a "$out"
    done
done
echo | tee -a "$out"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "Written to ${out#$repo/}"
