#!/usr/bin/env bash
# Installs the real programs the tests use (interop clients, OpenSSH for the lab) when they are
# missing. As root it installs them with apt-get; otherwise it says what is missing. In CI a
# missing program is an error, never a silent skip.
#   scripts/install-deps.sh        everything the tests use
#   scripts/install-deps.sh lab    only OpenSSH, for the lab simulator (./ewclab, the demo)
set -uo pipefail
need=()
if [ "${1:-}" != lab ]; then
    command -v tftp  >/dev/null 2>&1 || need+=(tftp-hpa)
    command -v atftp >/dev/null 2>&1 || need+=(atftp)
    command -v curl  >/dev/null 2>&1 || need+=(curl)
    command -v ip    >/dev/null 2>&1 || need+=(iproute2)   # the loss tests' network namespaces
    command -v nft   >/dev/null 2>&1 || need+=(nftables)   # and their random-drop rule
fi
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
# tftpd-hpa as a real third-party server for the tests: extracted from its Debian package into
# artifacts/tools, never installed (nothing must run as a system service on UDP 69).
tools="$(cd "$(dirname "$0")/.." && pwd)/artifacts/tools"
if [ "${1:-}" != lab ] && ! [ -x "$tools/usr/sbin/in.tftpd" ] && command -v apt-get >/dev/null 2>&1; then
    work=$(mktemp -d)
    if ! (cd "$work" && apt-get download tftpd-hpa >/dev/null 2>&1); then
        [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1
        (cd "$work" && apt-get download tftpd-hpa >/dev/null 2>&1)
    fi
    mkdir -p "$tools" && for deb in "$work"/*.deb; do [ -f "$deb" ] && dpkg -x "$deb" "$tools"; done
    rm -rf "$work"
    [ -x "$tools/usr/sbin/in.tftpd" ] || echo "install-deps: could not fetch tftpd-hpa (apt-get download tftpd-hpa)" >&2
fi
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
        exit 0
    fi
    echo "install-deps: apt-get could not install ${need[*]}" >&2
else
    echo "install-deps: missing ${need[*]} (run as root, or install them: apt-get install ${need[*]})" >&2
fi
[ "${CI:-}" = true ] && exit 1
exit 0
