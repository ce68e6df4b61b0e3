#!/bin/bash
# Counters: a real client's exchange and an unknown client show up, per
# interface and in total, in the Prometheus file (written atomically) and
# in the SIGUSR1 dump; they survive a responder restart.
TEST_NAME=stats
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3

STATS=$WORK/statichcpd.prom
EXTRA_CONF="stats_file = $STATS
stats_interval = 1"
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

metric() { grep -v '^#' "$STATS" 2>/dev/null | grep -F "$1" | awk '{print $2}'; }
m4() { echo "statichcpd_dhcpv4_messages_total{$1direction=\"$2\",type=\"$3\"}"; }

udhcpc_run c0 "$WORK/h1" || fail "udhcpc exited $?"
ip -n "$CLI" addr flush dev c0
ip -n "$CLI" link set dev c0 address 02:00:00:00:00:99
udhcpc_run c0 "$WORK/h2" && fail "unknown client got a lease"

say "the statistics file shows the exchange (per interface and total)"
wait_until 10 '[ "$(metric "$(m4 interface=\"s0\", in request)")" = 1 ] &&
	[ "$(metric "statichcpd_unknown_clients_total{interface=\"s0\"}")" = 3 ]' ||
	fail "counters never matched: $(grep -v '^#' "$STATS" 2>/dev/null | tr '\n' ' ')"
expect_eq "s0 discover in" "$(metric "$(m4 'interface="s0",' in discover)")" 4
expect_eq "s0 offer out" "$(metric "$(m4 'interface="s0",' out offer)")" 1
expect_eq "s0 ack out" "$(metric "$(m4 'interface="s0",' out ack)")" 1
expect_eq "total discover in" "$(metric "$(m4 '' in discover)")" 4
expect_eq "total ack out" "$(metric "$(m4 '' out ack)")" 1
expect_eq "total unknown" "$(metric 'statichcpd_unknown_clients_total ')" 3
grep -q '^# TYPE statichcpd_dhcpv4_messages_total counter' "$STATS" || fail "no TYPE line"
[ -e "$STATS.tmp" ] && fail "temporary file left behind"

say "SIGUSR1 dumps the counters to the log"
kill -USR1 "$DAEMON_PID"
wait_until 5 'grep -q "statistics total: v4 in 5 (discover 4 request 1 inform 0) out 2 (offer 1 ack 1 nak 0)" "$LOG"' ||
	fail "no total statistics line"
grep -q "statistics s0: v4 in 5 .* unknown 3 " "$LOG" || fail "no s0 statistics line"

say "a responder restart does not lose the counts"
kill -KILL "$(responder_pid)"
wait_until 5 'grep -q "started responder" <(sed -n "/killed by signal 9/,\$p" "$LOG")' ||
	fail "responder not restarted"
ip -n "$CLI" link set dev c0 address $MAC1
udhcpc_run c0 "$WORK/h3" || fail "udhcpc exited $? after restart"
wait_until 10 '[ "$(metric "$(m4 "interface=\"s0\"," out ack)")" = 2 ]' ||
	fail "ack count after restart: $(metric "$(m4 'interface="s0",' out ack)")"
expect_eq "total discover after restart" "$(metric "$(m4 '' in discover)")" 5

finish
