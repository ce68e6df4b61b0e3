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
# Seconds added to the bound of every client run below.  The clients' hooks
# configure the interface, and every such `ip` call waits for the kernel's
# global RTNL lock, which other work on the machine (namespaces being
# deleted, thousands of interfaces) can hold for many seconds; the soak,
# which must not count that against the daemon, raises it.
CLIENT_SLACK=${CLIENT_SLACK:-0}

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
	for p in ${EXTRA_NETNS:-}; do ip netns del "$p" 2>/dev/null; done
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

# The example controller, contrib/controller/statichcpd-ctl, on the test's
# database: the tests write clients the way an operator would.
ctl() { sh "$TOP/contrib/controller/statichcpd-ctl" -d "$DB" "$@"; }

# GROUP, when set, is an SQL literal ("'g1'", or NULL): as a controller
# argument ("g1", or nothing).
ctl_group() {
	local g=${GROUP:-NULL}
	[ "$g" = NULL ] && return
	g=${g#\'}
	printf '%s\n' "--group" "${g%\'}"
}

is_ipv4() {
	local o
	[[ $1 =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || return 1
	for o in ${1//./ }; do [ $((10#$o)) -le 255 ] || return 1; done
}

# add_client IFNAME MAC ATTR VALUE [ATTR VALUE ...]: a new client in one
# transaction (256 is its address), or more values for an existing one.
# Values are written as given (a test may want a bad one in the database).
add_client() {
	local ifn=$1 mac=$2 addr=- args=()
	shift 2
	if ctl list "$ifn" | cut -f 3 | grep -qx "$mac"; then
		while [ $# -ge 2 ]; do
			ctl add-option "$ifn" "$mac" "$1" "$2" || die "insert failed"
			shift 2
		done
		return
	fi
	while [ $# -ge 2 ]; do
		if [ "$1" = 256 ] && [ "$addr" = - ] && is_ipv4 "$2"; then
			addr=$2
		else
			args+=(--option "$1" "$2")
		fi
		shift 2
	done
	mapfile -t -O ${#args[@]} args < <(ctl_group)
	ctl add-client "$ifn" "$mac" "$addr" "${args[@]}" || die "insert failed"
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

# A responder other than $1 runs.  One read: between two, the old one may
# be reaped and the list be empty for a moment.
new_responder() {
	local p
	p=$(responder_pid)
	[ -n "$p" ] && [ "$p" != "$1" ]
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
	timeout $((20 + CLIENT_SLACK)) ip netns exec "$CLI" \
		dhclient -4 -1 -cf "$WORK/dhclient.conf" \
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
	timeout $((10 + CLIENT_SLACK)) ip netns exec "$CLI" \
		dhclient -4 -r -cf "$WORK/dhclient.conf" \
		-sf /bin/true -lf "$WORK/dhclient.$1.leases" \
		-pf "$WORK/dhclient.$1.pid" "$1" >/dev/null 2>&1
}

# udhcpc_run IFNAME OUTFILE [extra args]: 3 tries, 1 s apart, then gives up.
udhcpc_run() {
	local ifn=$1 out=$2
	shift 2
	rm -f "$out"
	HOOK_OUT=$out timeout $((20 + CLIENT_SLACK)) ip netns exec "$CLI" \
		udhcpc -i "$ifn" -n -q -f \
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

# --- DHCPv6 -----------------------------------------------------------------
# Addresses used: 2001:db8::/32 (documentation) and link-local only.

# Duplicate address detection off in namespace $1: link-local and
# configured addresses are usable at once.  Call before creating links.
no_dad() {
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 || die "cannot disable DAD in $1"
}

# wait_lladdr NS IFNAME: until the interface has a usable link-local.
wait_lladdr() {
	wait_until 10 "ip -n '$1' -6 -o addr show dev '$2' scope link | grep -qv tentative" ||
		die "no link-local address on $2 in $1"
}

# The 3.09 database key of a DUID-LLT/DUID-LL of an Ethernet MAC (SPEC 4):
# duid_key_mac TYPE MAC -> e.g. "11020000000010".
duid_key_mac() { printf '%s1%s' "$1" "$(echo "$2" | tr -d : | tr A-F a-f)"; }

# add_client6 IFNAME KEY ATTR VALUE [ATTR VALUE ...]: one transaction.
add_client6() {
	local g
	mapfile -t g < <(ctl_group)
	ctl add-v6 "$@" "${g[@]}" || die "insert failed"
}

# Global IPv6 addresses of an interface in the client namespace, sorted.
iface_addrs6() {
	ip -n "${3:-$CLI}" -6 -o addr show dev "$1" scope global |
		awk '{print $4}' | sort | tr '\n' ' ' | sed 's/ $//'
}

# dhclient6_run IFNAME OUTFILE [extra dhclient args]: one bounded attempt
# (DHCLIENT6_TIMEOUT seconds in dhclient.conf, default 10) with a lease file
# per interface in $WORK (so the DUID is a fresh DUID-LLT of the interface
# MAC; -S makes it DUID-LL; a later run on the same interface reuses it,
# as a restarted client would).  The hook
# appends one block per event to OUTFILE and applies the address like
# dhclient-script.  After a lease dhclient goes to the background: it is
# tracked by its pid file.
dhclient6_run() {
	local ifn=$1 out=$2 rc
	shift 2
	cat > "$WORK/dhclient6.$ifn.conf" <<EOC
timeout ${DHCLIENT6_TIMEOUT:-10};
request dhcp6.name-servers, dhcp6.domain-search;
EOC
	rm -f "$out"
	timeout $(( ${DHCLIENT6_TIMEOUT:-10} + 15 + CLIENT_SLACK )) ip netns exec "$CLI" \
		dhclient -6 -1 -v -cf "$WORK/dhclient6.$ifn.conf" \
		-sf "$TOP/tests/integration/client-hook.sh" -e HOOK_OUT="$out" \
		-lf "$WORK/dhclient6.$ifn.leases" -pf "$WORK/dhclient6.$ifn.pid" \
		"$@" "$ifn" >"$WORK/dhclient6.$ifn.out" 2>&1
	rc=$?
	[ -s "$WORK/dhclient6.$ifn.pid" ] &&
		CLIENT_PIDS="$CLIENT_PIDS $(cat "$WORK/dhclient6.$ifn.pid")"
	return $rc
}

# dhclient6_stop IFNAME: signal the background dhclient of IFNAME (by its
# pid) to end.  It takes up to 2 s to go; nothing waits for that (each
# client has an interface of its own), cleanup signals it again.
dhclient6_stop() {
	[ -s "$WORK/dhclient6.$1.pid" ] || return 0
	kill "$(cat "$WORK/dhclient6.$1.pid")" 2>/dev/null
}

# hook6_count OUTFILE EVENT: how many times the hook ran for EVENT.
hook6_count() { cat "$1" 2>/dev/null | grep -c "^event=$2\$"; }

# A third namespace (e.g. for a relay), removed with the others.
add_netns() {
	ip netns add "$1" || die "ip netns add $1 failed"
	EXTRA_NETNS="${EXTRA_NETNS:-} $1"
	ip -n "$1" link set lo up
}

# make_link_ns NS1 IF1 NS2 IF2 [MAC of IF2]: a veth pair between any two
# namespaces, both ends up.
make_link_ns() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" ||
		die "cannot create veth $2/$4"
	[ -n "${5:-}" ] && ip -n "$3" link set dev "$4" address "$5"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# The hook's blocks, one line per event: "|client=..|event=..|ip6=..|...|".
hook6_events() {
	awk '/^client=/ { if (r != "") print r "|"; r = "" } { r = r "|" $0 }
	    END { if (r != "") print r "|" }' "$1" 2>/dev/null
}

# hook6_val OUTFILE EVENT KEY: KEY in the last block of EVENT.
hook6_val() {
	hook6_events "$1" | grep "|event=$2|" | tail -n 1 |
		tr '|' '\n' | sed -n "s/^$3=//p"
}

# The MAC of an interface in namespace $1.
ns_mac() { ip -n "$1" -o link show dev "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }

# The server DUID (DUID-LL of the server interface MAC) as dhclient prints
# it: bytes in hex without leading zeros, colon-separated.
dhclient_duid_ll() { echo "0:3:0:1:$1" | sed -E 's/(^|:)0([0-9a-f])/\1\2/g'; }

# The 3.09 key of the DUID dhclient stored in its lease file (default-duid,
# octal escapes), computed independently of the daemon (SPEC 4).
dhclient_lease_key() {
	perl -ne 'next unless /default-duid "(.*)";/; my $s = $1;
		$s =~ s/\\([0-7]{3})/chr(oct($1))/ge; $s =~ s/\\(.)/$1/g;
		my ($t, $hw) = unpack("nn", $s);
		my $off = $t == 1 ? 8 : $t == 3 ? 4 : -1;
		if ($off < 0) { print join("", unpack("n*", $s)); }
		else { printf "%d%d%s", $t, $hw, unpack("H*", substr($s, $off)); }
		exit' "$1"
}

# dhcpcd6_start IFNAME OUTFILE CONF: dhcpcd in the foreground (-B), as a
# background job of the test (its pid in CLIENT_PIDS and DHCPCD_PID), in a
# private mount namespace where /var/lib/dhcpcd (DUID, leases) is a
# directory of the test and /run a fresh tmpfs: it reads nothing of the
# host's and leaves nothing behind.  CONF should carry "env HOOK_OUT=...".
dhcpcd6_start() {
	local ifn=$1 out=$2 conf=$3
	mkdir -p "$WORK/dhcpcd.$ifn.db"
	rm -f "$out"
	ip netns exec "$CLI" unshare -m --propagation private sh -c '
		mount --bind "$1" /var/lib/dhcpcd && mount -t tmpfs tmpfs /run &&
		exec dhcpcd -B -d -f "$2" -c "$3" -t 20 "$4"' sh \
		"$WORK/dhcpcd.$ifn.db" "$conf" \
		"$TOP/tests/integration/client-hook.sh" "$ifn" \
		>"$WORK/dhcpcd.$ifn.out" 2>&1 &
	DHCPCD_PID=$!
	CLIENT_PIDS="$CLIENT_PIDS $DHCPCD_PID"
}

# wait_log PATTERN [SECONDS]: until the daemon log has a line matching
# PATTERN (grep BRE).  The responder's lines reach the log through the
# monitor, possibly after the client has already acted on the reply.
wait_log() {
	local pat=$1
	wait_until "${2:-3}" 'grep -q -- "$pat" "$LOG"'
}

# ---- Helpers of the DHCPv4 suites (issue 3) ----

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

# Everything lib.sh's cleanup does (namespaces of add_netns included),
# after the dhclients found through their pid files.
cleanup_all() {
	kill_dhclients
	cleanup
}
trap cleanup_all EXIT

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
	wait_until 10 "grep -qs 'listening on' '$file.err'" ||
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
