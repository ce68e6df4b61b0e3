#!/bin/bash
# contrib/init.d/statichcpd run for real, with the build tree's binary, a
# temporary configuration and defaults file, and a service user of its own
# that the script creates (and the test removes).  The daemon it starts
# detaches and logs to syslog: the script runs in a private mount namespace
# whose /dev/log is a small receiver (tests/integration/fake-syslog.py), and
# in the server network namespace.
#   status/stop/reload before any start: 3, 0, 7
#   a broken configuration: start fails (1) with the daemon's file:line,
#     after creating the user and the database directory (root:user 2750)
#   start: 0, detached daemon with the pid file, database created for the
#     user's group, the controller's client served to udhcpc; start again: 0
#   reload: SIGHUP to the same pid; the daemon logs the reload and serves
#     the interfaces of the new regex; a broken file is refused (1) with
#     file:line and nothing is sent
#   status with and without /lib/lsb/init-functions; restart: a new pid
#   a daemon killed with SIGKILL: status 1; start works again
#   stop: 0, pid file gone, processes gone; stop again: 0; status 3
#   a pid file naming a dead process: status 1, stop cleans it up
TEST_NAME=initscript
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3 python3 unshare start-stop-daemon useradd userdel

INITD=$TOP/contrib/init.d/statichcpd
SVC=shdit$ID			# the service user the script creates
MAC1=02:00:00:00:00:10
MAC2=02:00:00:00:00:20
DEV=$WORK/dev
SYSLOG=$WORK/syslog
OUT=$WORK/initd.out

id "$SVC" >/dev/null 2>&1 && die "user $SVC exists already"
cleanup_initscript() {
	cleanup_all
	if id "$SVC" >/dev/null 2>&1; then
		wait_until 5 '! pgrep -u "$SVC" >/dev/null' || say "processes of $SVC left"
		userdel "$SVC" || say "userdel $SVC failed"
	fi
}
trap cleanup_initscript EXIT

mkdir -p "$DEV"
for n in null zero urandom random; do touch "$DEV/$n"; done
python3 "$TOP/tests/integration/fake-syslog.py" "$DEV/log" "$SYSLOG" 60 &
CLIENT_PIDS="$CLIENT_PIDS $!"
wait_until 5 '[ -S "$DEV/log" ]' || die "fake syslog did not start"

RUNAS=$SVC
REGEX='^s0$'
setup_namespaces
make_link s0 c0 $MAC1
make_link s1 c1 $MAC2
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
ip -n "$SRV" addr add 198.51.100.1/24 dev s1
write_conf
cat > "$WORK/default" <<EOD
DAEMON_OPTS="-c $CONF"
SERVICE_USER=$SVC
DB_DIR=$DBDIR
EOD

# initd ACTION [VAR=value ...]: the init script's exit status; its output
# in $OUT.  Status 99: the test could not set up the namespaces.
initd() {
	local action=$1
	shift
	env "$@" STATICHCPD_DEFAULTS="$WORK/default" DAEMON="$BIN" PIDFILE="$PIDFILE" \
	    unshare -m sh -c "for n in null zero urandom random; do
		mount --bind /dev/\$n '$DEV/'\$n || exit 99; done
		mount --rbind '$DEV' /dev || exit 99
		exec ip netns exec '$SRV' sh '$INITD' '$action'" > "$OUT" 2>&1
}
# expect_rc WHAT WANT ACTION [VAR=value ...]
expect_rc() {
	local what=$1 want=$2
	shift 2
	initd "$@"
	local rc=$?
	if [ "$rc" = "$want" ]; then
		say "ok: $what: exit $want"
	else
		fail "$what: exit $rc, want $want: $(cat "$OUT")"
	fi
}
syslog_has() { local pat=$1; wait_until "${2:-5}" 'grep -q -- "$pat" "$SYSLOG"'; }
monitor_pid() { cat "$PIDFILE" 2>/dev/null; }
# Running, not a zombie (an orphan's parent may be slow to reap it).
alive() {
	[ -n "$1" ] && [ -e "/proc/$1" ] &&
		! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}
child_of() { awk '{print $1}' "/proc/$1/task/$1/children" 2>/dev/null; }

say "before any start"
expect_rc "status" 3 status
expect_rc "stop when stopped" 0 stop
expect_rc "reload when stopped" 7 reload

say "a broken configuration: no start, the daemon's message"
echo "default_lease_time = ten" >> "$CONF"
line=$(wc -l < "$CONF")
expect_rc "start with a broken configuration" 1 start
grep -q "$CONF:$line: default_lease_time" "$OUT" || fail "no file:line message: $(cat "$OUT")"
grep -q "created system user $SVC" "$OUT" || fail "user creation not reported"
[ -e "$PIDFILE" ] && fail "pid file after a failed start"
expect_rc "status after the failed start" 3 status
id "$SVC" >/dev/null 2>&1 || fail "user $SVC not created"
expect_eq "database directory" "$(stat -c '%U %G %a' "$DBDIR" 2>&1)" "root $SVC 2750"

say "start"
write_conf
expect_rc "start" 0 start
DAEMON_PID=$(monitor_pid)
[ -n "$DAEMON_PID" ] || die "no pid file after start"
expect_eq "pid file names the daemon" "$(readlink "/proc/$DAEMON_PID/exe")" "$(readlink -f "$BIN")"
expect_rc "status" 0 status
grep -q "is running" "$OUT" || fail "status says: $(cat "$OUT")"
wait_until 5 '[ -n "$(child_of "$DAEMON_PID")" ]' || fail "no responder"
RESP1=$(child_of "$DAEMON_PID")
expect_eq "responder's user" "$(awk '/^Uid:/ {print $2}' "/proc/$RESP1/status")" "$(id -u "$SVC")"
expect_eq "database created for the user's group" "$(stat -c '%U %G %a' "$DB" 2>&1)" "root $SVC 640"
[ -e "$DB-wal" ] && [ -e "$DB-shm" ] || fail "no -wal/-shm beside the database"
syslog_has "statichcpd\[$DAEMON_PID\]: monitor: serving interface s0 " ||
	fail "no start-up lines in syslog for pid $DAEMON_PID (pid file now: $(monitor_pid)): $(grep -m3 statichcpd "$SYSLOG")"

say "the controller's client is served"
ctl add-client s0 $MAC1 192.0.2.10 --mask 255.255.255.0 || fail "add-client exited $?"
ctl add-client s1 $MAC2 198.51.100.20 --mask 255.255.255.0 || fail "add-client exited $?"
udhcpc_run c0 "$WORK/h1" || fail "udhcpc on c0 exited $?"
expect_eq "c0 address" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
syslog_has "responder: DHCPv4: Client: $MAC1 Interface: s0 Status: Success (ACK 192.0.2.10)" ||
	fail "no ACK line in syslog"
expect_rc "start when running" 0 start
expect_eq "same daemon" "$(monitor_pid)" "$DAEMON_PID"

say "reload: a new regex becomes effective in the same daemon"
REGEX='^s1$'
write_conf
expect_rc "reload" 0 reload
syslog_has "statichcpd\[$DAEMON_PID\]: monitor: reloading configuration from $CONF" ||
	fail "no reload line in syslog"
syslog_has "statichcpd\[$DAEMON_PID\]: monitor: serving interface s1 " || fail "s1 not served"
syslog_has "statichcpd\[$DAEMON_PID\]: monitor: no longer serving interface s0 " ||
	fail "s0 still served"
expect_eq "pid after reload" "$(monitor_pid)" "$DAEMON_PID"
wait_until 5 '[ -n "$(child_of "$DAEMON_PID")" ] && [ "$(child_of "$DAEMON_PID")" != "$RESP1" ]' ||
	fail "responder not restarted by the reload"
udhcpc_run c1 "$WORK/h2" || fail "udhcpc on c1 exited $?"
expect_eq "c1 address" "$(hook_val "$WORK/h2" ip)" 198.51.100.20
expect_rc "status after reload" 0 status

say "reload with a broken configuration: refused, nothing sent"
n=$(grep -c "monitor: reloading configuration" "$SYSLOG")
echo "dhcp_ratelimit = lots" >> "$CONF"
line=$(wc -l < "$CONF")
expect_rc "reload with a broken configuration" 1 reload
grep -q "$CONF:$line: dhcp_ratelimit" "$OUT" || fail "no file:line message: $(cat "$OUT")"
sleep 0.5
expect_eq "reloads logged" "$(grep -c "monitor: reloading configuration" "$SYSLOG")" "$n"
expect_eq "pid" "$(monitor_pid)" "$DAEMON_PID"
write_conf

say "without /lib/lsb/init-functions: status, restart"
expect_rc "status (fallback functions)" 0 status STATICHCPD_INIT_FUNCTIONS=/nonexistent
grep -qx "statichcpd is running" "$OUT" || fail "status says: $(cat "$OUT")"
expect_rc "restart (fallback functions)" 0 restart STATICHCPD_INIT_FUNCTIONS=/nonexistent
grep -q "^Starting static DHCP server: statichcpd\.$" "$OUT" || fail "restart says: $(cat "$OUT")"
OLD=$DAEMON_PID
DAEMON_PID=$(monitor_pid)
[ -n "$DAEMON_PID" ] && [ "$DAEMON_PID" != "$OLD" ] || fail "restart kept pid $OLD"
alive "$OLD" && fail "the old daemon still runs"
syslog_has "statichcpd\[$DAEMON_PID\]: monitor: serving interface s1 " ||
	fail "the restarted daemon does not serve s1"
expect_rc "status after restart" 0 status

say "a daemon killed with SIGKILL: status 1, start works again"
RESP=$(child_of "$DAEMON_PID")
kill -KILL "$DAEMON_PID"
wait_until 5 '! alive "$DAEMON_PID"' || fail "SIGKILL did not stop it"
wait_until 5 '! alive "$RESP"' || fail "its responder outlives it"
expect_rc "status of a killed daemon" 1 status
expect_rc "start after the kill" 0 start
DAEMON_PID=$(monitor_pid)
alive "$DAEMON_PID" || fail "no daemon after the start"

say "stop"
RESP=$(child_of "$DAEMON_PID")
expect_rc "stop" 0 stop
[ -e "$PIDFILE" ] && fail "pid file left after stop"
alive "$DAEMON_PID" && fail "daemon still runs"
wait_until 5 '! alive "$RESP"' || fail "responder still runs"
syslog_has "statichcpd\[$DAEMON_PID\]: monitor: exiting" || fail "no exit line"
DAEMON_PID=
expect_rc "status after stop" 3 status
expect_rc "status after stop (fallback functions)" 3 status STATICHCPD_INIT_FUNCTIONS=/nonexistent
expect_rc "stop when stopped" 0 stop

say "a pid file left by a dead daemon"
dead=$(sh -c 'echo $$')
echo "$dead" > "$PIDFILE"
expect_rc "status with a stale pid file" 1 status
expect_rc "stop with a stale pid file" 0 stop
[ -e "$PIDFILE" ] && fail "stale pid file not removed"
expect_rc "unknown action" 2 frobnicate

finish
