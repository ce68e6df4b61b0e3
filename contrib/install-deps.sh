#!/bin/sh
# Install the Debian 12 packages statichcpd needs to build, test and run the
# demo, but only those that are missing.  Nothing comes from anywhere else.
# clang, libclang-rt-dev (libFuzzer, the sanitizer runtimes) and llvm
# (llvm-symbolizer) are for make asan and make fuzz.
set -e
PKGS="gcc make pkg-config libnl-3-dev libnl-route-3-dev libsqlite3-dev
libevent-dev libcap-dev check sqlite3 iproute2 procps isc-dhcp-client
udhcpc clang man-db groff-base mandoc dhcpcd-base isc-dhcp-relay perl
util-linux libclang-rt-dev llvm tcpdump python3"

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

# The tests only run the clients and the relay in their own namespaces: no
# package may start a service on this machine while it installs
# (isc-dhcp-relay's postinst starts the relay through invoke-rc.d).  For the
# time of the install a policy-rc.d that denies every start (exit 101, see
# /usr/share/doc/init-system-helpers/README.policy-rc.d) stands in for
# whatever policy the host has, which comes back afterwards, also on failure.
POLICY=/usr/sbin/policy-rc.d
SAVED=$POLICY.statichcpd-saved
restore_policy() {
	rm -f "$POLICY"
	[ -e "$SAVED" ] && mv "$SAVED" "$POLICY"
	return 0
}
[ -e "$POLICY" ] && mv "$POLICY" "$SAVED"
trap restore_policy EXIT
trap 'exit 1' INT TERM
printf '#!/bin/sh\n# statichcpd install-deps: no service starts\nexit 101\n' \
	> "$POLICY"
chmod 0755 "$POLICY"

apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing

# ... nor at the next boot (its default configuration relays nowhere)
case "$missing " in
*" isc-dhcp-relay "*)
	update-rc.d isc-dhcp-relay disable >/dev/null 2>&1 || true
	if [ -d /run/systemd/system ]; then
		systemctl disable isc-dhcp-relay >/dev/null 2>&1 || true
	fi
	if [ -s /run/dhcrelay.pid ] &&
	    kill -0 "$(cat /run/dhcrelay.pid)" 2>/dev/null; then
		echo "install-deps: a dhcrelay service is running; stopping it" >&2
		/etc/init.d/isc-dhcp-relay stop
	fi
	;;
esac
