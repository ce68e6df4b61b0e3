# Shared helpers for the integration tests (bash).  Each test creates its
# own namespaces, veth pairs, database and daemon, named after its PID, and
# removes them on exit, also on failure.  Only addresses inside these
# namespaces are used (192.0.2.0/24, TEST-NET-1).
set -u

TOP=${TOP_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BIN=${STATICHCPD_BIN:-$TOP/${BUILD:-build}/statichcpd}
ID=$$
SRV=shd-s$ID			# server namespace
CLI=shd-c$ID			# client namespace
WORK=$(mktemp -d /tmp/statichcpd-it.XXXXXX)
DBDIR=$WORK/db			# the chroot
DB=$DBDIR/statichcpd.db
CONF=$WORK/statichcpd.conf
LOG=$WORK/daemon.log
PIDFILE=$WORK/statichcpd.pid
DAEMON_PID=
CLIENT_PIDS=
FAILED=0
RUNAS=nobody

say() { printf '%s: %s\n' "${TEST_NAME:-test}" "$*"; }
fail() { say "FAIL: $*"; FAILED=1; }
die() { say "FATAL: $*"; show_log; exit 1; }
show_log() { [ -f "$LOG" ] && { say "--- daemon log (last 40 lines)"; tail -n 40 "$LOG"; }; }

cleanup() {
	local p
	for p in $CLIENT_PIDS; do kill "$p" 2>/dev/null; done
	if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
		kill -TERM "$DAEMON_PID" 2>/dev/null
		wait_until 5 '! kill -0 $DAEMON_PID 2>/dev/null' ||
			kill -KILL "$DAEMON_PID" 2>/dev/null
	fi
	ip netns del "$CLI" 2>/dev/null
	ip netns del "$SRV" 2>/dev/null
	[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# wait_until SECONDS 'shell condition': poll every 50 ms, bounded.
wait_until() {
	local limit=$(( $1 * 20 )) i=0
	while [ $i -lt $limit ]; do
		eval "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

require_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || die "missing tool $t (run: make deps)"
	done
}

# Two namespaces joined by a veth pair: $1 in the server, $2 in the client.
make_link() {
	local s=$1 c=$2 mac=${3:-}
	ip link add "$s" netns "$SRV" type veth peer name "$c" netns "$CLI" ||
		die "cannot create veth $s/$c"
	[ -n "$mac" ] && ip -n "$CLI" link set dev "$c" address "$mac"
	ip -n "$SRV" link set "$s" up
	ip -n "$CLI" link set "$c" up
}

setup_namespaces() {
	ip netns add "$SRV" || die "ip netns add failed"
	ip netns add "$CLI" || die "ip netns add failed"
	ip -n "$SRV" link set lo up
	ip -n "$CLI" link set lo up
}

# The database directory as SPEC 9 lays it out: root-owned, group of the
# responder's user, not writable by it.
setup_db_dir() {
	local group
	group=$(id -gn "$RUNAS")
	mkdir -p "$DBDIR"
	chown "root:$group" "$DBDIR"
	chmod 0750 "$DBDIR"
}

write_conf() {
	cat > "$CONF" <<EOC
[statichcpd]
dhcp_db_filename = $DB
served_interface_regex = ${REGEX:-^s[0-9]}
user = $RUNAS
pid_file = $PIDFILE
default_attributes_file = $TOP/schema/default_attr.csv
default_v6attributes_file = $TOP/schema/default_v6attr.csv
${EXTRA_CONF:-}
EOC
}

init_db() {
	"$BIN" -c "$CONF" --init-db >>"$LOG" 2>&1 || die "--init-db failed"
	chgrp "$(id -gn "$RUNAS")" "$DB" "$DB-wal" "$DB-shm" 2>/dev/null
}

sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$@"; }

# add_client IFNAME MAC ATTR VALUE [ATTR VALUE ...]
add_client() {
	local ifn=$1 mac=$2 q=""
	shift 2
	while [ $# -ge 2 ]; do
		q="$q INSERT INTO client_configuration (ifname, groupID, mac, attr_code, attr_val) VALUES ('$ifn', ${GROUP:-NULL}, '$mac', $1, '$2');"
		shift 2
	done
	sql "PRAGMA foreign_keys=ON; BEGIN; $q COMMIT;" || die "insert failed"
}

start_daemon() {
	ip netns exec "$SRV" "$BIN" -f -v -c "$CONF" >>"$LOG" 2>&1 &
	DAEMON_PID=$!
	wait_until 10 'grep -q "started responder" "$LOG"' || die "daemon did not start"
	wait_until 10 '[ -n "$(responder_pid)" ]' || die "no responder process"
}

# The responder is the monitor's only child.
responder_pid() {
	cat "/proc/$DAEMON_PID/task/$DAEMON_PID/children" 2>/dev/null | awk '{print $1}'
}

wait_served() {
	wait_until 10 "grep -q 'serving interface $1 ' '$LOG'" || die "interface $1 never served"
}

# dhclient_run IFNAME OUTFILE [extra dhclient args]: one bounded attempt;
# the hook records the lease and applies the address like a real client.
dhclient_run() {
	local ifn=$1 out=$2
	shift 2
	cat > "$WORK/dhclient.conf" <<EOC
option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
timeout 8;
retry 1;
request subnet-mask, routers, domain-name-servers, domain-name, host-name,
	interface-mtu, domain-search, rfc3442-classless-static-routes;
EOC
	rm -f "$out"
	timeout 20 ip netns exec "$CLI" dhclient -4 -1 -cf "$WORK/dhclient.conf" \
		-sf "$TOP/tests/integration/client-hook.sh" -e HOOK_OUT="$out" \
		-lf "$WORK/dhclient.$ifn.leases" -pf "$WORK/dhclient.$ifn.pid" \
		"$@" "$ifn" >"$WORK/dhclient.$ifn.out" 2>&1
	local rc=$?
	# after a lease dhclient goes to the background: track it by pid
	[ -s "$WORK/dhclient.$ifn.pid" ] &&
		CLIENT_PIDS="$CLIENT_PIDS $(cat "$WORK/dhclient.$ifn.pid")"
	return $rc
}

dhclient_release() {
	timeout 10 ip netns exec "$CLI" dhclient -4 -r -cf "$WORK/dhclient.conf" \
		-sf /bin/true -lf "$WORK/dhclient.$1.leases" \
		-pf "$WORK/dhclient.$1.pid" "$1" >/dev/null 2>&1
}

# udhcpc_run IFNAME OUTFILE [extra args]: 3 tries, 1 s apart, then gives up.
udhcpc_run() {
	local ifn=$1 out=$2
	shift 2
	rm -f "$out"
	HOOK_OUT=$out timeout 20 ip netns exec "$CLI" udhcpc -i "$ifn" -n -q -f \
		-t 3 -T 1 -A 1 -s "$TOP/tests/integration/client-hook.sh" "$@" \
		>"$WORK/udhcpc.$ifn.out" 2>&1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then say "ok: $1 = $3"; else fail "$1: got '$2', want '$3'"; fi
}

# Value of key in a hook output file (KEY=value lines).
hook_val() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

iface_addr() { ip -n "$CLI" -4 -o addr show dev "$1" | awk '{print $4}' | head -n 1; }

finish() {
	if [ "$FAILED" = 0 ]; then say "PASS"; exit 0; fi
	show_log
	exit 1
}

# ---- Helpers of the DHCPv4 suites (issue 3) ----

EXTRA_NS=			# namespaces made with make_netns
CAPTURES=			# "pid:file" of running tcpdumps
DHCP4_SEND="python3 $TOP/tests/integration/dhcp4-send.py"

# dhclient goes to the background and writes its pid file itself: one
# stopped between that and dhclient_run's bookkeeping is found through the
# file (and only when its command line names that file: no stale pids).
kill_dhclients() {
	local f p
	for f in "$WORK"/dhclient*.pid; do
		[ -s "$f" ] || continue
		p=$(cat "$f")
		tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline" |
			grep -qF -- "-pf $f " && kill "$p" 2>/dev/null
	done
	return 0
}

# Everything lib.sh's cleanup does, then the extra namespaces.
cleanup_all() {
	local n
	kill_dhclients
	cleanup
	for n in $EXTRA_NS; do ip netns del "$n" 2>/dev/null; done
}
trap cleanup_all EXIT

# make_netns NAME: one more namespace, removed on exit like SRV and CLI.
make_netns() {
	ip netns add "$1" || die "ip netns add $1 failed"
	EXTRA_NS="$EXTRA_NS $1"
	ip -n "$1" link set lo up
}

# make_veth NS1 IF1 NS2 IF2 [MAC of IF2]: a veth pair between any two
# namespaces, both ends up.
make_veth() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" ||
		die "cannot create veth $2/$4"
	[ -n "${5:-}" ] && ip -n "$3" link set dev "$4" address "$5"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# Stop the daemon started by start_daemon (bounded) and check its exit.
stop_daemon() {
	local rc
	[ -n "$DAEMON_PID" ] || return 0
	kill -TERM "$DAEMON_PID" 2>/dev/null
	wait_until 5 '! kill -0 $DAEMON_PID 2>/dev/null' ||
		fail "daemon did not exit within 5 s of SIGTERM"
	wait "$DAEMON_PID"
	rc=$?
	DAEMON_PID=
	[ "$rc" = 0 ] || fail "daemon exited with status $rc"
}

# restart_daemon NAME [EXTRA_CONF]: stop, rewrite the configuration with
# EXTRA_CONF, start again logging to $WORK/NAME.log (LOG switches to it).
restart_daemon() {
	stop_daemon
	EXTRA_CONF=${2:-}
	write_conf
	LOG=$WORK/$1.log
	start_daemon
}

# log_count 'ERE': number of daemon log lines matching.
log_count() { grep -cE -- "$1" "$LOG"; }

# log_lineno 'ERE': number of the first matching log line, 0 when none.
log_lineno() {
	local n
	n=$(grep -nE -- "$1" "$LOG" | head -n 1 | cut -d: -f1)
	echo "${n:-0}"
}

# start_capture NS IFNAME FILE 'pcap filter': tcpdump (bounded to 60 s)
# writing decoded packets to FILE; returns once it listens.
start_capture() {
	local ns=$1 ifn=$2 file=$3 filter=$4 pid
	timeout 60 ip netns exec "$ns" tcpdump -l -n -e -vv -i "$ifn" \
		"$filter" >"$file" 2>"$file.err" &
	pid=$!
	CLIENT_PIDS="$CLIENT_PIDS $pid"
	CAPTURES="$CAPTURES $pid:$file"
	wait_until 10 "grep -q 'listening on' '$file.err'" ||
		die "tcpdump on $ifn did not start: $(cat "$file.err")"
}

# stop_capture FILE: end the tcpdump writing FILE (its output is complete).
stop_capture() {
	local c
	for c in $CAPTURES; do
		[ "${c#*:}" = "$1" ] || continue
		kill -TERM "${c%%:*}" 2>/dev/null
		wait "${c%%:*}" 2>/dev/null
	done
}

# run_bg PIDVAR command...: start a helper process in the background and
# have it killed on exit; its pid goes into the variable PIDVAR.
run_bg() {
	local var=$1
	shift
	"$@" &
	CLIENT_PIDS="$CLIENT_PIDS $!"
	eval "$var=$!"
}

link_mtu() { ip -n "$1" -o link show dev "$2" | sed -n 's/.* mtu \([0-9]*\) .*/\1/p'; }
link_mac() { ip -n "$1" -o link show dev "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p'; }
