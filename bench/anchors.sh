# Sourced by the TFTP benchmarks. fetch_anchors DIR: the two anchor servers, extracted from their
# Debian packages into DIR/pkg (they conflict as installed packages, and nothing must run as a system
# service); sets hpa and atftpd to their programs. A machine whose package lists are empty (a fresh
# container) gets them first.
fetch_anchors() {
    (cd "$1" && { apt-get download tftpd-hpa atftpd >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get download tftpd-hpa atftpd >/dev/null 2>&1; }; }) ||
        { echo "cannot download tftpd-hpa/atftpd packages" >&2; return 1; }
    for deb in "$1"/*.deb; do dpkg -x "$deb" "$1/pkg"; done
    hpa="$1/pkg/usr/sbin/in.tftpd"; atftpd="$1/pkg/usr/sbin/atftpd"
}
