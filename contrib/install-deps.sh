#!/bin/sh
# Install the Debian 12 packages statichcpd needs to build, test and run the
# demo, but only those that are missing.  Nothing comes from anywhere else.
# clang, libclang-rt-dev (libFuzzer, the sanitizer runtimes) and llvm
# (llvm-symbolizer) are for make asan and make fuzz.
set -e
PKGS="gcc make pkg-config libnl-3-dev libnl-route-3-dev libsqlite3-dev
libevent-dev libcap-dev check sqlite3 iproute2 procps isc-dhcp-client
udhcpc clang libclang-rt-dev llvm man-db groff-base mandoc"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing:$missing (run as root to install)" >&2
	exit 1
fi
echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
