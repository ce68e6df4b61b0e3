#!/bin/bash
# Interface churn and process faults (bad-inputs F5, H2, H3, H6): 2,000
# interfaces created and then deleted in bursts while the monitor is
# stopped (its netlink socket overflows), a responder killed again and
# again (5 times with the default back-off, then 20 times with
# responder_restart_max_delay = 1), a storm of SIGHUPs.  Afterwards the
# served set equals the kernel's, no descriptor is leaked, and a real
# client is served.
TEST_NAME=churn
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3

N=${CHURN_N:-2000}
MAC1=02:00:00:00:00:10
REGEX='^s'
setup_namespaces
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0
start_daemon
wait_served s0

nfds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
# what the monitor says it serves, from a fresh SIGUSR1 status line
served_now() {
	local before
	before=$(grep -c "interfaces known" "$LOG")
	kill -USR1 "$DAEMON_PID"
	wait_until 5 '[ "$(grep -c "interfaces known" "$LOG")" -gt "$before" ]' || return
	grep "interfaces known" "$LOG" | tail -n 1 | sed 's/.*known, \([0-9]*\) served/\1/'
}
kernel_served() {
	ip -n "$SRV" -o link show up | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -c '^s'
}

mon_fds=$(nfds "$DAEMON_PID")
rsp_fds=$(nfds "$(responder_pid)")
say "baseline: monitor $mon_fds fds, responder $rsp_fds fds"

say "create $N interfaces while the monitor is stopped"
for i in $(seq 1 "$N"); do echo "link add sx$i type ifb"; done > "$WORK/add.batch"
for i in $(seq 1 "$N"); do echo "link set sx$i up"; done >> "$WORK/add.batch"
kill -STOP "$DAEMON_PID"
ip -n "$SRV" -batch "$WORK/add.batch" || fail "ip -batch add failed"
kill -CONT "$DAEMON_PID"
wait_until 60 '[ "$(served_now)" = "$(kernel_served)" ]' ||
	fail "served $(served_now), kernel has $(kernel_served) up"
expect_eq "served after the burst" "$(served_now)" "$((N + 1))"
grep -q "overflow\|ENOBUFS\|resync" "$LOG" && say "netlink overflow seen and repaired"

say "delete them again, in a burst, monitor stopped"
for i in $(seq 1 "$N"); do echo "link del sx$i"; done > "$WORK/del.batch"
kill -STOP "$DAEMON_PID"
ip -n "$SRV" -batch "$WORK/del.batch" || fail "ip -batch del failed"
kill -CONT "$DAEMON_PID"
wait_until 60 '[ "$(served_now)" = 1 ]' || fail "still served: $(served_now)"
wait_until 10 '[ "$(nfds "$DAEMON_PID")" = "$mon_fds" ] && [ "$(nfds "$(responder_pid)")" = "$rsp_fds" ]' ||
	fail "fds: monitor $(nfds "$DAEMON_PID") (was $mon_fds), responder $(nfds "$(responder_pid)") (was $rsp_fds)"
udhcpc_run c0 "$WORK/h1" || fail "udhcpc exited $? after the churn"
expect_eq "address after churn" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
ip -n "$CLI" addr flush dev c0

say "a responder killed five times in a row: the back-off grows"
for k in 1 2 3 4 5; do
	r=$(responder_pid)
	kill -KILL "$r"
	wait_until 20 'new_responder "$r"' ||
		fail "no responder after kill $k"
done
delays=$(grep -o "restarting the responder in [0-9]* ms" "$LOG" | awk '{print $5}' | tr '\n' ' ')
expect_eq "back-off delays" "$delays" "250 500 1000 2000 4000 "
udhcpc_run c0 "$WORK/h2" || fail "udhcpc exited $? after the kills"
ip -n "$CLI" addr flush dev c0

say "100 SIGHUPs in a burst are one or two reloads"
before=$(grep -c "reloading configuration" "$LOG")
for _ in $(seq 100); do kill -HUP "$DAEMON_PID"; done
wait_until 5 '[ "$(grep -c "reloading configuration" "$LOG")" -gt "$before" ]' || fail "no reload"
wait_until 5 '[ -n "$(responder_pid)" ]' || fail "no responder after the reloads"
reloads=$(( $(grep -c "reloading configuration" "$LOG") - before ))
[ "$reloads" -le 2 ] || fail "$reloads reloads for one burst"
say "reloads for 100 SIGHUPs: $reloads"
udhcpc_run c0 "$WORK/h3" || fail "udhcpc exited $? after the SIGHUP storm"
expect_eq "address after the storm" "$(hook_val "$WORK/h3" ip)" 192.0.2.10
ip -n "$CLI" addr flush dev c0

say "responder_restart_max_delay = 1: a responder killed 20 times in a row"
KILLS=20
EXTRA_CONF="responder_restart_max_delay = 1"
write_conf
from=$(( $(wc -l < "$LOG") + 1 ))
r=$(responder_pid)
kill -HUP "$DAEMON_PID"
wait_until 10 'new_responder "$r"' ||
	fail "no new responder after the reload"
# what the monitor logged from the reload on
since() { tail -n +"$from" "$LOG"; }
want=250
for k in $(seq "$KILLS"); do
	r=$(responder_pid)
	t0=$(date +%s%N)
	kill -KILL "$r"
	if ! wait_until 5 'new_responder "$r"'; then
		fail "no responder 5 s after kill $k"
		break
	fi
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	# the restart timer never fires early (a few ms for clock granularity)
	[ "$ms" -ge $((want - 5)) ] || fail "kill $k: a new responder after $ms ms, delay $want ms"
	want=$(( want * 2 > 1000 ? 1000 : want * 2 ))
done
delays=$(since | grep -o "restarting the responder in [0-9]* ms" | awk '{print $5}' | tr '\n' ' ')
expect_eq "back-off delays with a 1 s ceiling" "$delays" \
	"250 500 $(printf '1000 %.0s' $(seq $((KILLS - 2))))"
# one start for the reload and one per kill: no restart loop
expect_eq "responders started" "$(since | grep -c "started responder")" $((KILLS + 1))
expect_eq "responders killed" "$(since | grep -c "responder (pid [0-9]*) killed by signal 9")" "$KILLS"
udhcpc_run c0 "$WORK/h4" || fail "udhcpc exited $? after $KILLS kills"
expect_eq "address after $KILLS kills" "$(hook_val "$WORK/h4" ip)" 192.0.2.10

finish
