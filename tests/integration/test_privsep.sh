#!/bin/bash
# The responder runs chrooted, as the configured user, without any
# capability and with no_new_privs; the monitor keeps only what SPEC 2
# names; a killed responder is restarted and serves again; SIGTERM, also
# under a flood of frames, exits cleanly and removes the pid file.
TEST_NAME=privsep
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3

MAC1=02:00:00:00:00:10
setup_namespaces
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0
start_daemon
wait_served s0

rpid=$(responder_pid)
say "responder pid $rpid, monitor pid $DAEMON_PID"
st=/proc/$rpid/status
uid=$(id -u "$RUNAS")
expect_eq "responder uids" "$(awk '/^Uid:/ {print $2,$3,$4,$5}' "$st")" "$uid $uid $uid $uid"
expect_eq "responder CapEff" "$(awk '/^CapEff:/ {print $2}' "$st")" 0000000000000000
expect_eq "responder CapPrm" "$(awk '/^CapPrm:/ {print $2}' "$st")" 0000000000000000
expect_eq "responder CapBnd" "$(awk '/^CapBnd:/ {print $2}' "$st")" 0000000000000000
expect_eq "responder CapAmb" "$(awk '/^CapAmb:/ {print $2}' "$st")" 0000000000000000
expect_eq "responder NoNewPrivs" "$(awk '/^NoNewPrivs:/ {print $2}' "$st")" 1
expect_eq "responder root" "$(readlink "/proc/$rpid/root")" "$DBDIR"
case "$BIN" in
*build-asan*) say "sanitizer build: no seccomp filter to check" ;;
*) expect_eq "responder seccomp mode" "$(awk '/^Seccomp:/ {print $2}' "$st")" 2 ;;
esac
# monitor: CAP_NET_RAW(13) SETUID(7) SETGID(6) SYS_CHROOT(18) SETPCAP(8)
# KILL(5) CHOWN(0) = 0x421e1
expect_eq "monitor CapEff" "$(awk '/^CapEff:/ {print $2}' "/proc/$DAEMON_PID/status")" 00000000000421e1
expect_eq "monitor CapBnd" "$(awk '/^CapBnd:/ {print $2}' "/proc/$DAEMON_PID/status")" 00000000000421e1
expect_eq "pid file" "$(cat "$PIDFILE")" "$DAEMON_PID"

say "the responder cannot write its database directory"
if nsenter -t "$rpid" -r -S "$uid" -G "$(id -g "$RUNAS")" sh -c 'echo x > /probe' 2>/dev/null; then
	fail "chroot writable by the responder's user"
fi

udhcpc_run c0 "$WORK/h1" || fail "udhcpc exited $? before the kill"
expect_eq "ip before kill" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
ip -n "$CLI" addr flush dev c0

say "a responder killed by its seccomp filter (SIGSYS) is restarted"
kill -SYS "$rpid"
wait_until 5 'new_responder "$rpid"' ||
	fail "no new responder after SIGSYS"
killed="responder (pid $rpid) killed by signal 31"
wait_until 5 'grep -qF "$killed" "$LOG"' || fail "SIGSYS not logged"
rpid=$(responder_pid)

say "killing the responder: the monitor restarts it and it serves again"
kill -KILL "$rpid"
wait_until 5 'new_responder "$rpid"' ||
	fail "no new responder within 5 s"
killed="responder (pid $rpid) killed by signal 9"
wait_until 5 'grep -qF "$killed" "$LOG"' || fail "kill not logged"
udhcpc_run c0 "$WORK/h2" || fail "udhcpc exited $? after the restart"
expect_eq "ip after restart" "$(hook_val "$WORK/h2" ip)" 192.0.2.10
expect_eq "new responder CapEff" "$(awk '/^CapEff:/ {print $2}' "/proc/$(responder_pid)/status")" 0000000000000000

say "SIGTERM under load: clean exit, status 0, pid file removed"
# frames of every kind from the corpora, for longer than the exit takes
ip netns exec "$CLI" python3 "$TOP/tests/integration/sendframes.py" c0 \
	--skip 1 --repeat 1000000 --seconds 20 \
	"$TOP"/tests/fuzz/corpus/frame4/* "$TOP"/tests/fuzz/corpus/frame6/* \
	> "$WORK/flood.out" 2>&1 &
FLOOD=$!
CLIENT_PIDS="$CLIENT_PIDS $FLOOD"
rpid=$(responder_pid)
# more than dhcp_ratelimit (1000) frames/s arrive: the responder says so
wait_until 5 'grep -q "rate limit: more than 1000 packets/s on s0" "$LOG"' ||
	fail "no load reached the responder"
kill -TERM "$DAEMON_PID"
t0=$(date +%s%N)
wait_until 10 '! kill -0 $DAEMON_PID 2>/dev/null' || fail "still running 10 s after SIGTERM"
wait "$DAEMON_PID"
rc=$?
say "exit took $(( ($(date +%s%N) - t0) / 1000000 )) ms under load"
DAEMON_PID=
expect_eq "exit status" "$rc" 0
[ -e "$PIDFILE" ] && fail "pid file left behind"
kill -0 "$rpid" 2>/dev/null && fail "responder $rpid left behind"
grep -q "exiting" "$LOG" || fail "no exit log line"
kill "$FLOOD" 2>/dev/null

finish
