#!/bin/bash
# Hostile frames on the wire (bad-inputs groups A-E): every seed frame of
# the fuzz corpora (a control byte, then the frame) is sent from a client
# namespace to the running daemon, one at a time, then 100,000 of them in a
# loop.  None of their clients is configured, so the right answer to every
# one is silence.  hostile-expect.txt says, per seed, which counters it
# must increment (malformed, unknown_clients, ...; "none" when the socket
# filter keeps it from the responder) and, for a malformed one, the drop
# reason.  Each seed's fate is read from the debug log between two
# sentinel frames (hostile-seeds.py); the seeds are sent in groups of the
# same expectation and after each group every total counter must have
# moved by exactly what the group accounts for.  The daemon must never
# reply, keep its responder (no crash, no restart), not grow in memory or
# descriptors, and still serve a real client afterwards.
TEST_NAME=hostile
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3 python3 tcpdump
# Built with AddressSanitizer (make asan), the daemon holds freed memory in
# a quarantine (256 MB, and 1 MB per thread) before reusing it: the RSS
# bounds below would read that as growth, so it is off here.  No effect on
# other builds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"

CORPUS=${HOSTILE_CORPUS:-$TOP/tests/fuzz/corpus}
EXPECT=${HOSTILE_EXPECT:-$TOP/tests/integration/hostile-expect.txt}
TABLE=${EXPECT##*/}
TOTAL=${HOSTILE_FRAMES:-100000}
MAC1=02:00:00:00:00:99		# the real client; no seed uses it
STATS=$WORK/statichcpd.prom
EXTRA_CONF="dhcp_ratelimit = 0
stats_file = $STATS
stats_interval = 1"
seeds=$(ls "$CORPUS"/frame4/* "$CORPUS"/frame6/* 2>/dev/null)
[ -n "$seeds" ] || die "no seed frames under $CORPUS"

# The expectations, one line per seed: outcome and (malformed) reason.
declare -A want want_reason
while read -r name outcome reason; do
	case $name in ''|'#'*) continue ;; esac
	[ -n "${want[$name]+x}" ] && fail "$TABLE: $name twice"
	want[$name]=$outcome
	want_reason[$name]=$reason
	case $outcome in
	*malformed*) [ -n "$reason" ] || fail "$TABLE: $name: no reason" ;;
	*) [ -z "$reason" ] || fail "$TABLE: $name: a reason without malformed" ;;
	esac
done < "$EXPECT"
for f in $seeds; do
	[ -n "${want[${f#"$CORPUS"/}]+x}" ] ||
		fail "seed ${f#"$CORPUS"/} is not in $TABLE: classify it"
done
for name in "${!want[@]}"; do
	[ -e "$CORPUS/$name" ] || fail "$TABLE: no seed $name"
done
[ "$FAILED" = 0 ] || die "$TABLE does not match the corpus"
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
# Every total of the statistics file as "name=value" lines in name
# order; the replies (DHCPv4 and DHCPv6 messages out) summed as "replies".
totals() {
	awk '/^statichcpd_[a-z_]+_total [0-9]+$/ {
		n = $1; sub(/^statichcpd_/, "", n); sub(/_total$/, "", n)
		print n "=" $2 }
	    /^statichcpd_dhcpv[46]_messages_total[{]direction="out"/ { out += $2 }
	    END { print "replies=" out + 0 }' "$STATS" 2>/dev/null | sort
}
# plus TOTALS [NAME N]...: TOTALS with N added to NAME, for every pair.
plus() {
	local t=$1
	shift
	echo "$t" | awk -v add="$*" 'BEGIN { k = split(add, a, " ")
		for (i = 1; i < k; i += 2) d[a[i]] += a[i + 1] }
	    { split($0, kv, "="); print kv[1] "=" kv[2] + d[kv[1]] }'
}

# a real exchange first, so every lazy allocation has happened
udhcpc_run c0 "$WORK/h0" || fail "udhcpc exited $? before the hostile frames"
ip -n "$CLI" addr flush dev c0
# its OFFER and ACK counted: the baseline of every counter below
wait_until 5 '[ "$(totals | sed -n "s/^replies=//p")" -ge 2 ]' ||
	fail "the exchange was not counted: $(totals | tr '\n' ' ')"

# every DHCP reply the server sends, seen from the client side
ip netns exec "$CLI" timeout 120 tcpdump -i c0 -Q in -n -U -w "$WORK/replies.pcap" \
	'udp and (src port 67 or src port 547)' 2>/dev/null &
TCPDUMP=$!
CLIENT_PIDS="$CLIENT_PIDS $TCPDUMP"
# with -U the pcap header is written once the capture is open
wait_until 5 '[ -s "$WORK/replies.pcap" ]' || fail "tcpdump did not start"

counters=$(totals | cut -d= -f1)
for name in "${!want[@]}"; do
	for c in ${want[$name]//+/ }; do
		[ "$c" = none ] || echo "$counters" | grep -qx -- "$c" ||
			fail "$TABLE: $name: no counter statichcpd_${c}_total"
	done
done

say "each seed frame once, grouped by what it must count"
for outcome in $(printf '%s\n' "${want[@]}" | sort -u); do
	group=()
	for f in $seeds; do
		[ "${want[${f#"$CORPUS"/}]}" = "$outcome" ] && group+=("$f")
	done
	before=$(totals)
	ip netns exec "$CLI" python3 "$TOP/tests/integration/hostile-seeds.py" \
		c0 "$LOG" s0 --skip 1 "${group[@]}" > "$WORK/seeds.$outcome" ||
		fail "$outcome: a sentinel was not logged (responder gone?)"
	while IFS=$'\t' read -r name got reason; do
		if [ "$got" != "$outcome" ]; then
			fail "$name: $got${reason:+ ($reason)}, want $outcome"
		elif [[ $outcome == *malformed* ]] &&
		    [ "$reason" != "${want_reason[$name]}" ]; then
			fail "$name: dropped for '$reason', want '${want_reason[$name]}'"
		fi
	done < "$WORK/seeds.$outcome"
	expect_eq "$outcome: seeds reported" "$(wc -l < "$WORK/seeds.$outcome")" "${#group[@]}"
	# each seed that went out was followed by a sentinel, an unknown client
	declare -A delta=([unknown_clients]=$(cut -f 3 "$WORK/seeds.$outcome" |
		grep -vc '^not sent'))
	for c in ${outcome//+/ }; do
		[ "$c" = none ] || delta[$c]=$(( ${delta[$c]:-0} + ${#group[@]} ))
	done
	adds=$(for c in "${!delta[@]}"; do echo "$c ${delta[$c]}"; done | sort | tr '\n' ' ')
	unset delta
	# shellcheck disable=SC2086
	want_totals=$(plus "$before" $adds)
	if wait_until 8 '[ "$(totals)" = "$want_totals" ]'; then
		say "ok: $outcome: ${#group[@]} seeds, the counters moved by exactly: $adds"
	else
		fail "$outcome: counters (want / got): $(diff <(echo "$want_totals") <(totals) |
			grep '^[<>]' | tr '\n' ' ')"
	fi
done
expect_eq "responder survived the seeds" "$(responder_pid)" "$rpid"
malformed0=$(metric "statichcpd_malformed_total ")
rss_m=$(rss "$DAEMON_PID") rss_r=$(rss "$rpid")
fds_m=$(nfds "$DAEMON_PID") fds_r=$(nfds "$rpid")

say "$TOTAL hostile frames"
reps=$(( TOTAL / $(echo "$seeds" | wc -l) + 1 ))
# shellcheck disable=SC2086
sent=$(ip netns exec "$CLI" python3 "$TOP/tests/integration/sendframes.py" c0 \
	--skip 1 --repeat "$reps" --seconds 90 $seeds)
say "sent $sent"
[ "$sent" -ge $((TOTAL * 9 / 10)) ] || fail "only $sent frames sent"
grow=$(( sent / 10 < 1000 ? sent / 10 : 1000 ))
wait_until 10 '[ "$(metric "statichcpd_malformed_total ")" -gt $((malformed0 + grow)) ]' ||
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
