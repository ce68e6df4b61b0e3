#!/bin/bash
# SIGHUP: a good file is applied (regex re-evaluated, new lease time in the
# restarted responder); a broken file is refused with file:line and the
# previous configuration keeps serving; a database a controller user owns
# (0640) is prepared again on the connection held since start-up.
TEST_NAME=reload
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3

MAC1=02:00:00:00:00:10
MAC2=02:00:00:00:00:20
setup_namespaces
setup_db_dir
REGEX='^s0$'
write_conf
init_db
make_link s0 c0 $MAC1
make_link s1 c1 $MAC2
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
ip -n "$SRV" addr add 192.0.2.2/24 dev s1
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0
add_client s1 $MAC2 256 192.0.2.20 1 255.255.255.0
start_daemon
wait_served s0
grep -q "serving interface s1 " "$LOG" && fail "s1 served before the reload"

say "reload with a new regex and lease time"
REGEX='^s1$'
EXTRA_CONF="default_lease_time = 900"
write_conf
kill -HUP "$DAEMON_PID"
wait_served s1
wait_until 5 'grep -q "no longer serving interface s0 " "$LOG"' || fail "s0 still served"
wait_until 5 '[ "$(grep -c "started responder" "$LOG")" = 2 ]' || fail "responder not restarted"
udhcpc_run c1 "$WORK/h1" || fail "udhcpc on c1 exited $?"
expect_eq "c1 address" "$(hook_val "$WORK/h1" ip)" 192.0.2.20
expect_eq "new lease time" "$(hook_val "$WORK/h1" lease)" 900
udhcpc_run c0 "$WORK/h2" && fail "c0 served after s0 left the regex"

say "reload with a broken file keeps the last good configuration"
echo "dhcp_ratelimit = lots" >> "$CONF"
line=$(wc -l < "$CONF")
n_before=$(grep -c "started responder" "$LOG")
kill -HUP "$DAEMON_PID"
wait_until 5 'grep -q "reload failed: keeping the previous configuration" "$LOG"' ||
	fail "no reload failure line"
grep -q "$CONF:$line:" "$LOG" || fail "the bad line ($CONF:$line) is not named"
expect_eq "responder not restarted" "$(grep -c "started responder" "$LOG")" "$n_before"
ip -n "$CLI" addr flush dev c1
udhcpc_run c1 "$WORK/h3" || fail "udhcpc on c1 exited $? after the bad reload"
expect_eq "lease time kept" "$(hook_val "$WORK/h3" lease)" 900
kill -0 "$DAEMON_PID" || fail "daemon died"

# After start-up the monitor has no CAP_DAC_OVERRIDE: it cannot open a
# file that a controller user owns with mode 0640 again; a reload must
# use the connection it holds.
say "reload with the database owned by a controller user (0640)"
chown "4242:$(id -gn "$RUNAS")" "$DB" "$DB-wal" "$DB-shm"
chmod 0640 "$DB" "$DB-wal" "$DB-shm"
write_conf
n_before=$(grep -c "started responder" "$LOG")
kill -HUP "$DAEMON_PID"
wait_until 5 '[ "$(grep -c "started responder" "$LOG")" -gt "$n_before" ]' ||
	fail "no responder started after the reload"
grep "not prepared\|cannot open" "$LOG" && fail "the reload could not prepare the database"
ip -n "$CLI" addr flush dev c1
udhcpc_run c1 "$WORK/h4" || fail "udhcpc on c1 exited $? after the reload"
expect_eq "address after the reload" "$(hook_val "$WORK/h4" ip)" 192.0.2.20

finish
