#!/bin/sh
# Install the Debian 12 packages statichcpd needs to build, test and run the
# demo, but only those that are missing.  Nothing comes from anywhere else.
set -e
PKGS="gcc make pkg-config libnl-3-dev libnl-route-3-dev libsqlite3-dev
libevent-dev libcap-dev check sqlite3 iproute2 procps isc-dhcp-client
udhcpc clang man-db groff-base mandoc isc-dhcp-relay tcpdump python3"

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

# isc-dhcp-relay (dhcrelay, for the relay test) is a service package: its
# postinst starts the relay through invoke-rc.d.  The tests run their own
# dhcrelay in a namespace; none may run on the host.  For the duration of
# the install a policy-rc.d that denies every start (exit 101, see
# /usr/share/doc/init-system-helpers/README.policy-rc.d) replaces whatever
# policy the host has; the host's own comes back afterwards.
POLICY=/usr/sbin/policy-rc.d
SAVED=$POLICY.statichcpd-saved
restore_policy() {
	rm -f "$POLICY"
	[ -e "$SAVED" ] && mv "$SAVED" "$POLICY"
	return 0
}
case "$missing " in
*" isc-dhcp-relay "*)
	[ -e "$POLICY" ] && mv "$POLICY" "$SAVED"
	trap restore_policy EXIT
	trap 'exit 1' INT TERM
	printf '#!/bin/sh\n# statichcpd install-deps: no service starts\nexit 101\n' \
		> "$POLICY"
	chmod 0755 "$POLICY"
	relay=1
	;;
*)
	relay=0
	;;
esac

apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing

if [ "$relay" = 1 ]; then
	# not started at boot either (it has no servers configured anyway)
	update-rc.d isc-dhcp-relay disable >/dev/null 2>&1 || true
	if [ -s /run/dhcrelay.pid ] &&
	    kill -0 "$(cat /run/dhcrelay.pid)" 2>/dev/null; then
		echo "install-deps: a dhcrelay service is running; stopping it" >&2
		/etc/init.d/isc-dhcp-relay stop
	fi
fi
