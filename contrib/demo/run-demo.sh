#!/bin/bash
# statichcpd demo: a "hypervisor" namespace with a guest-facing interface
# tap0, a "guest" namespace whose eth0 is the other end, a database that
# gives the guest 192.0.2.10/24, and a real dhclient getting that lease.
# Everything it creates is removed at the end, also on failure.
set -u
BIN=${1:-build/statichcpd}
BIN=$(readlink -f "$BIN")
TOP=$(cd "$(dirname "$0")/../.." && pwd)
HV=statichcpd-demo-hv$$
GUEST=statichcpd-demo-guest$$
WORK=$(mktemp -d /tmp/statichcpd-demo.XXXXXX)
DB=$WORK/db/Static_DHCP_DB.db
PID=
USER_NAME=statichcpd
GUEST_MAC=02:00:00:00:00:10

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
cleanup() {
	[ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	[ -s "$WORK/dhclient.pid" ] && kill "$(cat "$WORK/dhclient.pid")" 2>/dev/null
	ip netns del "$GUEST" 2>/dev/null
	ip netns del "$HV" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$(id -u)" = 0 ] || { echo "the demo needs root (namespaces)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "build first: make" >&2; exit 1; }

step "the responder's user: $USER_NAME"
if ! id "$USER_NAME" >/dev/null 2>&1; then
	useradd --system --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin "$USER_NAME" && echo "created system user $USER_NAME"
else
	echo "user $USER_NAME exists"
fi
GROUP=$(id -gn "$USER_NAME")

step "network: namespace $HV (tap0, 192.0.2.1/24) <-> $GUEST (eth0, $GUEST_MAC)"
ip netns add "$HV" && ip netns add "$GUEST" || exit 1
ip link add tap0 netns "$HV" type veth peer name eth0 netns "$GUEST" || exit 1
ip -n "$GUEST" link set eth0 address $GUEST_MAC
ip -n "$HV" addr add 192.0.2.1/24 dev tap0
for ns in "$HV" "$GUEST"; do ip -n "$ns" link set lo up; done
ip -n "$HV" link set tap0 up
ip -n "$GUEST" link set eth0 up

step "configuration and database"
mkdir -p "$WORK/db"
chown "root:$GROUP" "$WORK/db"
chmod 0750 "$WORK/db"
cat > "$WORK/statichcpd.conf" <<EOC
[statichcpd]
dhcp_db_filename = $DB
served_interface_regex = ^tap
pid_file = $WORK/statichcpd.pid
default_attributes_file = $TOP/schema/default_attr.csv
default_v6attributes_file = $TOP/schema/default_v6attr.csv
EOC
cat "$WORK/statichcpd.conf"
"$BIN" -c "$WORK/statichcpd.conf" --init-db || exit 1
chgrp "$GROUP" "$DB" "$DB-wal" "$DB-shm"

step "the controller adds the guest (contrib/controller/statichcpd-ctl)"
CTL="sh $TOP/contrib/controller/statichcpd-ctl -d $DB"
echo "statichcpd-ctl add-client tap0 $GUEST_MAC 192.0.2.10 --mask 255.255.255.0 --router 192.0.2.1 --dns 192.0.2.53"
$CTL add-client tap0 $GUEST_MAC 192.0.2.10 --mask 255.255.255.0 \
	--router 192.0.2.1 --dns 192.0.2.53 || exit 1
echo "statichcpd-ctl list"
$CTL list || exit 1

step "start statichcpd in $HV"
ip netns exec "$HV" "$BIN" -f -c "$WORK/statichcpd.conf" > "$WORK/daemon.log" 2>&1 &
PID=$!
for _ in $(seq 100); do
	grep -q "started responder" "$WORK/daemon.log" && break
	sleep 0.1
done
cat "$WORK/daemon.log"

step "dhclient in $GUEST"
cat > "$WORK/hook.sh" <<'EOH'
#!/bin/sh
case "$reason" in BOUND|RENEW|REBIND|REBOOT)
	ip addr add "$new_ip_address/24" dev "$interface"
	echo "dhclient: $reason: address $new_ip_address mask $new_subnet_mask router $new_routers dns $new_domain_name_servers"
esac
EOH
chmod +x "$WORK/hook.sh"
printf 'timeout 15;\nretry 1;\n' > "$WORK/dhclient.conf"
timeout 30 ip netns exec "$GUEST" dhclient -4 -1 -cf "$WORK/dhclient.conf" \
	-sf "$WORK/hook.sh" -lf "$WORK/dhclient.leases" -pf "$WORK/dhclient.pid" eth0
rc=$?

step "result"
ip -n "$GUEST" -4 addr show dev eth0
echo "statichcpd log lines for the guest:"
# the responder's lines reach the log a few milliseconds after the reply
for i in $(seq 50); do
	grep -q "Client: $GUEST_MAC .*ACK" "$WORK/daemon.log" && break
	sleep 0.1
done
grep "Client: $GUEST_MAC" "$WORK/daemon.log"
if [ $rc = 0 ] && ip -n "$GUEST" -4 -o addr show dev eth0 | grep -q '192.0.2.10/24'; then
	printf '\n\033[1mdemo OK: the guest got 192.0.2.10/24 from statichcpd\033[0m\n'
	exit 0
fi
echo "demo FAILED"; cat "$WORK/daemon.log"
exit 1
