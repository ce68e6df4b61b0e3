#!/bin/bash
# Rate limiting per interface (issue 3, SPEC 7) with dhcp_ratelimit = 20:
# - a burst of 500 DISCOVER frames on sA (bounded sender): exactly 20 are
#   served, then sA pauses for 1 s, logged once; what queued is dropped at
#   the end of the pause;
# - during a sustained flood on sA (bounded: 3 s), a client on sB is served,
#   every pause is logged once, and no window serves more than 20 frames;
# - the counters (statistics file) agree: pauses, drops, served frames.
TEST_NAME=ratelimit
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3 python3

MACF=02:00:00:00:05:ff		# the flood: not a configured client
MACB=02:00:00:00:05:20
LIMIT=20

setup_namespaces
setup_db_dir
STATS=$WORK/statichcpd.prom
EXTRA_CONF="dhcp_ratelimit = $LIMIT
stats_file = $STATS
stats_interval = 1"
write_conf
init_db
make_link s0 c0 02:00:00:00:05:10
make_link s1 c1 $MACB
ip -n "$SRV" addr add 192.0.2.1/25 dev s0
ip -n "$SRV" addr add 192.0.2.129/25 dev s1
add_client s1 $MACB 256 192.0.2.130 1 255.255.255.128
start_daemon
wait_served s0
wait_served s1

PAUSE="rate limit: more than $LIMIT packets/s on s0: paused for 1 s"
RESUME="rate limit: resuming s0, [0-9]+ queued frames dropped"
served() { log_count "Client: $MACF Interface: s0: unknown client"; }
metric() { grep -v '^#' "$STATS" 2>/dev/null | grep -F "$1" | awk '{print $2}'; }

say "a burst of 500 frames: $LIMIT served, one pause, the rest dropped"
timeout 10 ip netns exec "$CLI" $DHCP4_SEND flood --iface c0 --mac $MACF \
	--count 500 --seconds 0.5 >"$WORK/flood1.out" 2>&1 ||
	fail "flood sender failed: $(cat "$WORK/flood1.out")"
say "sender: $(tr '\n' ' ' < "$WORK/flood1.out")"
wait_until 5 '[ "$(log_count "$RESUME")" -ge 1 ]' || fail "sA never resumed"
expect_eq "pause log lines" "$(log_count "$PAUSE")" 1
expect_eq "frames served from the burst" "$(served)" $LIMIT
dropped=$(grep -oE "$RESUME" "$LOG" | awk '{print $5}')
[ "${dropped:-0}" -gt 0 ] || fail "nothing dropped at the end of the pause"

say "sustained flood on s0: the client on s1 is served meanwhile"
before=$(served)
run_bg FLOOD_PID timeout 10 ip netns exec "$CLI" $DHCP4_SEND flood \
	--iface c0 --mac $MACF --count 6000 --seconds 3 --gap-ms 1 \
	>"$WORK/flood2.out" 2>&1
# the flood is on: s0 paused again
wait_until 5 '[ "$(log_count "$PAUSE")" -ge 2 ]' || fail "no pause during the flood"
udhcpc_run c1 "$WORK/h1" || fail "udhcpc on c1 exited $? during the flood"
expect_eq "ip during the flood" "$(hook_val "$WORK/h1" ip)" 192.0.2.130
kill -0 "$FLOOD_PID" 2>/dev/null ||
	fail "the flood ended before the client was served: the test proves nothing"
wait_until 10 '! kill -0 $FLOOD_PID 2>/dev/null' || fail "flood sender still running"
wait "$FLOOD_PID" || fail "flood sender failed: $(cat "$WORK/flood2.out")"
say "sender: $(tr '\n' ' ' < "$WORK/flood2.out")"
# the last pause ends within a second of the last frame
wait_until 3 '[ "$(log_count "$PAUSE")" = "$(log_count "$RESUME")" ]' ||
	fail "pauses $(log_count "$PAUSE") != resumes $(log_count "$RESUME")"
pauses=$(( $(log_count "$PAUSE") - 1 ))
flood=$(( $(served) - before ))
say "flood: $pauses pauses, $flood frames served"
# 3 s at ~900 frames/s: a pause per second or so, never one per frame
if [ "$pauses" -lt 2 ] || [ "$pauses" -gt 4 ]; then
	fail "$pauses pauses in a 3 s flood (want 2..4: one log line per pause)"
fi
[ "$flood" -le $(( LIMIT * (pauses + 1) )) ] ||
	fail "$flood frames served in $pauses pauses: more than $LIMIT per window"
wait_log "Client: $MACB Interface: s1 Status: Success (ACK 192.0.2.130)" ||
	fail "no ACK log line for the client on s1"

say "counters: every pause, every dropped and every served frame of s0"
P=$(log_count "$PAUSE")
# dropped = the frame that tripped each pause + what queued meanwhile
D=$(( P + $(grep -oE "$RESUME" "$LOG" | awk '{ n += $5 } END { print n + 0 }') ))
N=$(served)
# the responder reports every 2 s: wait for the report after the last resume
wait_until 10 '[ "$(metric "statichcpd_rate_limit_pauses_total{interface=\"s0\"}")" = "$P" ] &&
	[ "$(metric "statichcpd_unknown_clients_total{interface=\"s0\"}")" = "$N" ] &&
	[ "$(metric "statichcpd_rate_limited_total{interface=\"s0\"}")" = "$D" ]' ||
	fail "counters never caught up: $(grep -v '^#' "$STATS" 2>/dev/null | grep -E 'pauses|limited|unknown' | tr '\n' ' ')"
expect_eq "s0 pauses counted" "$(metric "statichcpd_rate_limit_pauses_total{interface=\"s0\"}")" "$P"
expect_eq "s0 rate-limited drops counted" "$(metric "statichcpd_rate_limited_total{interface=\"s0\"}")" "$D"
expect_eq "s1 pauses counted" "$(metric "statichcpd_rate_limit_pauses_total{interface=\"s1\"}")" ""
# the kernel may drop some when the socket's queue is full, never add any
S=$(cat "$WORK/flood1.out" "$WORK/flood2.out" | awk -F= '$1 == "sent" { n += $2 } END { print n + 0 }')
[ $((N + D)) -le "$S" ] || fail "served $N + dropped $D > sent $S"

finish
