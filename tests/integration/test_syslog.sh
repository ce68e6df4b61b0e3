#!/bin/bash
# Daemonised, statichcpd logs to syslog (LOG_DAEMON); the responder's lines
# travel through the monitor, so they still arrive after the syslog daemon
# restarts.  The "syslog daemon" is a small receiver on a /dev/log that
# exists only in a private mount namespace the test makes.
TEST_NAME=syslog
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3 python3 unshare

MAC1=02:00:00:00:00:10
DEV=$WORK/dev
mkdir -p "$DEV"
for n in null zero urandom random; do touch "$DEV/$n"; done
SYSLOG1=$WORK/syslog.1
SYSLOG2=$WORK/syslog.2

start_syslog() {
	python3 "$TOP/tests/integration/fake-syslog.py" "$DEV/log" "$1" 120 &
	SYSLOG_PID=$!
	CLIENT_PIDS="$CLIENT_PIDS $SYSLOG_PID"
	wait_until 5 '[ -S "$DEV/log" ]' || die "fake syslog did not start"
}

setup_namespaces
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0
start_syslog "$SYSLOG1"

# the daemon sees our /dev (with our /dev/log) in a private mount namespace
unshare -m sh -c "for n in null zero urandom random; do
	mount --bind /dev/\$n '$DEV/'\$n || exit 1; done
	mount --rbind '$DEV' /dev && exec ip netns exec '$SRV' '$BIN' -c '$CONF'" ||
	die "daemon did not start"
wait_until 5 '[ -s "$PIDFILE" ]' || die "no pid file"
DAEMON_PID=$(cat "$PIDFILE")
wait_until 10 'grep -q "started responder" "$SYSLOG1"' || die "no start-up lines in syslog"
grep -q "^<30>.*statichcpd\[$DAEMON_PID\]: monitor: serving interface s0" "$SYSLOG1" ||
	fail "monitor line not at LOG_DAEMON|LOG_INFO: $(head -3 "$SYSLOG1")"

udhcpc_run c0 "$WORK/h1" || fail "udhcpc exited $?"
wait_until 5 'grep -q "responder: DHCPv4: Client: $MAC1 Interface: s0 Status: Success (ACK" "$SYSLOG1"' ||
	fail "responder line missing from syslog"
ip -n "$CLI" addr flush dev c0

say "restart the syslog daemon"
kill "$SYSLOG_PID"
wait "$SYSLOG_PID" 2>/dev/null
rm -f "$DEV/log"
start_syslog "$SYSLOG2"
udhcpc_run c0 "$WORK/h2" || fail "udhcpc exited $? after the syslog restart"
wait_until 5 'grep -q "responder: DHCPv4: Client: $MAC1 Interface: s0 Status: Success (ACK" "$SYSLOG2"' ||
	fail "responder lines lost after the syslog restart: $(cat "$SYSLOG2")"
kill -TERM "$DAEMON_PID"
wait_until 5 'grep -q "monitor: exiting" "$SYSLOG2"' || fail "no exit line"
DAEMON_PID=

finish
