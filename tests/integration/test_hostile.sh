#!/bin/bash
# Hostile frames on the wire (bad-inputs groups A-E): every seed frame of
# the fuzz corpora (a control byte, then the frame) is sent from a client namespace to the running daemon,
# then 100,000 of them in a loop.  None of their clients is configured, so
# the right answer to every one is silence.  The daemon must not reply,
# must count the malformed ones, keep its responder (no crash, no
# restart), not grow in memory or descriptors, and still serve a real
# client afterwards.
TEST_NAME=hostile
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3 python3 tcpdump
# Built with AddressSanitizer (make asan), the daemon holds freed memory in
# a quarantine (256 MB, and 1 MB per thread) before reusing it: the RSS
# bounds below would read that as growth, so it is off here.  No effect on
# other builds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"

CORPUS=${HOSTILE_CORPUS:-$TOP/tests/fuzz/corpus}
TOTAL=${HOSTILE_FRAMES:-100000}
MAC1=02:00:00:00:00:99		# the real client; no seed uses it
STATS=$WORK/statichcpd.prom
EXTRA_CONF="dhcp_ratelimit = 0
stats_file = $STATS
stats_interval = 1"
seeds=$(ls "$CORPUS"/frame4/* "$CORPUS"/frame6/* 2>/dev/null)
[ -n "$seeds" ] || die "no seed frames under $CORPUS"
say "$(echo "$seeds" | wc -l) seed frames"

setup_namespaces
for ns in "$SRV" "$CLI"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
	    net.ipv6.conf.default.accept_dad=0
done
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0
start_daemon
wait_served s0
rpid=$(responder_pid)

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
nfds() { ls "/proc/$1/fd" | wc -l; }
metric() { grep -v '^#' "$STATS" 2>/dev/null | grep -F "$1" | awk '{print $2}'; }

# a real exchange first, so every lazy allocation has happened
udhcpc_run c0 "$WORK/h0" || fail "udhcpc exited $? before the hostile frames"
ip -n "$CLI" addr flush dev c0
wait_until 5 '[ -n "$(metric "statichcpd_malformed_total ")" ]' || fail "no statistics"

# every DHCP reply the server sends, seen from the client side
ip netns exec "$CLI" timeout 120 tcpdump -i c0 -Q in -n -U -w "$WORK/replies.pcap" \
	'udp and (src port 67 or src port 547)' 2>/dev/null &
TCPDUMP=$!
CLIENT_PIDS="$CLIENT_PIDS $TCPDUMP"
# with -U the pcap header is written once the capture is open
wait_until 5 '[ -s "$WORK/replies.pcap" ]' || fail "tcpdump did not start"

say "each seed frame once"
malformed0=$(metric "statichcpd_malformed_total ")
# shellcheck disable=SC2086
sent=$(ip netns exec "$CLI" python3 "$TOP/tests/integration/sendframes.py" c0 --skip 1 $seeds)
say "sent $sent"
wait_until 5 '[ "$(metric "statichcpd_malformed_total ")" -gt "$malformed0" ]' ||
	fail "no frame counted as malformed"
expect_eq "responder survived the seeds" "$(responder_pid)" "$rpid"
rss_m=$(rss "$DAEMON_PID") rss_r=$(rss "$rpid")
fds_m=$(nfds "$DAEMON_PID") fds_r=$(nfds "$rpid")

say "$TOTAL hostile frames"
reps=$(( TOTAL / $(echo "$seeds" | wc -l) + 1 ))
# shellcheck disable=SC2086
sent=$(ip netns exec "$CLI" python3 "$TOP/tests/integration/sendframes.py" c0 \
	--skip 1 --repeat "$reps" --seconds 90 $seeds)
say "sent $sent"
[ "$sent" -ge $((TOTAL * 9 / 10)) ] || fail "only $sent frames sent"
wait_until 10 '[ "$(metric "statichcpd_malformed_total ")" -gt $((malformed0 + 1000)) ]' ||
	fail "malformed counter did not grow: $(metric "statichcpd_malformed_total ")"
expect_eq "responder survived $sent frames" "$(responder_pid)" "$rpid"
grep -q "responder (pid .*) \(killed\|exited\)" "$LOG" && fail "a responder died"
say "RSS monitor $rss_m -> $(rss "$DAEMON_PID") kB, responder $rss_r -> $(rss "$rpid") kB"
say "fds monitor $fds_m -> $(nfds "$DAEMON_PID"), responder $fds_r -> $(nfds "$rpid")"
expect_eq "monitor fds" "$(nfds "$DAEMON_PID")" "$fds_m"
expect_eq "responder fds" "$(nfds "$rpid")" "$fds_r"
[ "$(rss "$rpid")" -le $((rss_r + 256)) ] || fail "responder RSS grew by more than 256 kB"
[ "$(rss "$DAEMON_PID")" -le $((rss_m + 256)) ] || fail "monitor RSS grew by more than 256 kB"

kill "$TCPDUMP" 2>/dev/null
wait "$TCPDUMP" 2>/dev/null
replies=$(tcpdump -r "$WORK/replies.pcap" -n 2>/dev/null | wc -l)
expect_eq "replies to hostile frames" "$replies" 0

say "a real client is still served"
udhcpc_run c0 "$WORK/h1" || fail "udhcpc exited $? after the hostile frames"
expect_eq "address after the hostile frames" "$(hook_val "$WORK/h1" ip)" 192.0.2.10

finish
