#!/bin/bash
# Installs what the benchmark needs from Debian packages when it is missing:
# Kea (kea-dhcp4/kea-dhcp6, perfdhcp from kea-admin) and dnsmasq.  No packaged
# service may be left running on the host: a policy-rc.d that refuses every
# start is in place during apt-get install (an existing one is kept aside and
# restored), and whatever started anyway is stopped and disabled.
set -u
PKGS="kea-dhcp4-server kea-dhcp6-server kea-admin dnsmasq"
SERVICES="kea-dhcp4-server kea-dhcp6-server kea-ctrl-agent kea-dhcp-ddns-server dnsmasq"

need=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		need="$need $p"
done
[ -z "$need" ] && exit 0
[ "$(id -u)" = 0 ] || { echo "bench: need root to install:$need" >&2; exit 1; }

echo "bench: installing$need"
PRC=/usr/sbin/policy-rc.d
SAVED=""
if [ -e "$PRC" ]; then
	SAVED=$(mktemp /tmp/policy-rc.d.XXXXXX)
	cp -p "$PRC" "$SAVED"
fi
restore() {
	if [ -n "$SAVED" ]; then
		cp -p "$SAVED" "$PRC" && rm -f "$SAVED"
	else
		rm -f "$PRC"
	fi
}
trap restore EXIT
printf '#!/bin/sh\n# statichcpd bench: no service starts during install\nexit 101\n' > "$PRC"
chmod 0755 "$PRC"

export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends $need >/tmp/bench-apt.log 2>&1; then
	apt-get update -q >>/tmp/bench-apt.log 2>&1
	apt-get install -y -q --no-install-recommends $need >>/tmp/bench-apt.log 2>&1 ||
		{ echo "bench: apt-get install failed, see /tmp/bench-apt.log" >&2; exit 1; }
fi

# Anything that started anyway: stop it and keep it from starting again.
for s in $SERVICES; do
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl stop "$s" >/dev/null 2>&1
		systemctl disable "$s" >/dev/null 2>&1
	fi
	if [ -x "/etc/init.d/$s" ]; then
		"/etc/init.d/$s" stop >/dev/null 2>&1
		command -v update-rc.d >/dev/null 2>&1 && update-rc.d "$s" disable >/dev/null 2>&1
	fi
done
# Packaged daemons are found by their pid files, never by name.
for pf in /run/kea/*.pid /run/dnsmasq/dnsmasq.pid /var/run/dnsmasq/dnsmasq.pid; do
	[ -s "$pf" ] || continue
	p=$(cat "$pf")
	case "$p" in *[!0-9]*|"") continue ;; esac
	kill "$p" 2>/dev/null && echo "bench: stopped packaged service (pid $p from $pf)"
done
exit 0
