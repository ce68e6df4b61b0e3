#!/bin/bash
# make soak: SOAK_SECONDS (default 600) of mixed traffic against the
# sanitizer build (build-asan/statichcpd, AddressSanitizer, UBSan and
# LeakSanitizer):
#   - real clients in a loop, side by side on their own interfaces:
#     udhcpc (DISCOVER/REQUEST/RELEASE), dhclient -4 (DORA, RELEASE) and
#     dhclient -6 (SOLICIT/REQUEST, RELEASE); before every round the
#     controller changes what each of them gets (statichcpd-ctl, sqlite3),
#     and the client must get the new value;
#   - hostile frames (the fuzz corpora, tests/fuzz/corpus/frame4 and
#     frame6) all along on another interface, paced, plus a burst per round
#     past dhcp_ratelimit;
#   - clients added and removed by the controller on every round;
#   - a few SIGHUP reloads (each one restarts the responder).
# RSS and descriptors of both processes are taken after a warm-up and at
# the end: descriptors must not grow, RSS not by more than
# SOAK_RSS_SLACK_KB (2048).  Both processes must then exit cleanly on
# SIGTERM with no sanitizer report at all.
#
# LeakSanitizer checks a process when it exits and needs /proc for it.  The
# responder is chrooted into the database directory and turns the check off
# when /proc is not there (every other test); here the daemon runs in a
# private mount namespace with /proc bind-mounted into the chroot, so the
# responder is checked too: at every reload and at the end.  The reports are
# files (log_path): the sanitizer directory is bind-mounted into the chroot
# under the same path, so one log_path works for both processes.
#
# Every loop is bounded: rounds start only while SOAK_SECONDS last, each
# step has its own timeout.
TEST_NAME=soak
BUILD=${BUILD:-build-asan}
# A client whose hook waits a minute for the RTNL lock (lib.sh) is the
# machine's business, not the daemon's.
CLIENT_SLACK=${CLIENT_SLACK:-60}
. "$(dirname "$0")/../integration/lib.sh"
require_tools ip udhcpc dhclient sqlite3 python3 unshare mount

SOAK_SECONDS=${SOAK_SECONDS:-600}
SLACK_KB=${SOAK_RSS_SLACK_KB:-2048}
SAN=$WORK/san			# sanitizer reports: $SAN/report.<pid>
STATS=$WORK/statichcpd.prom
SENDFRAMES="python3 $TOP/tests/integration/sendframes.py"

MAC_U=02:00:00:00:00:10		# udhcpc on c0: its address changes
MAC_D=02:00:00:00:00:20		# dhclient -4 on c1: its DNS servers change
MAC_6=02:00:00:00:00:30		# dhclient -6 on c2: its address changes
MAC_H=02:00:00:00:00:90		# c9: hostile frames only
K_6=$(duid_key_mac 1 $MAC_6)	# dhclient's DUID-LLT

grep -q __asan_init "$BIN" 2>/dev/null ||
	die "$BIN is not a sanitizer build (make soak builds build-asan)"
seeds=$(ls "$TOP"/tests/fuzz/corpus/frame4/* "$TOP"/tests/fuzz/corpus/frame6/* 2>/dev/null)
[ -n "$seeds" ] || die "no seed frames in tests/fuzz/corpus"
nseeds=$(echo "$seeds" | wc -l)

# Reports into files, one per process.  ASan's quarantine (freed memory
# held back so that a use after free is caught even after later
# allocations) is off, the per-thread one too: the monitor frees little,
# so any quarantine takes many minutes to fill and its RSS would grow for
# that long, which the RSS bound would read as a leak.  Freed memory stays
# poisoned until it is reused, and the fuzzers run with the full
# quarantine.  These options are appended: they win over the caller's.
mkdir -p "$SAN"
chmod 0777 "$SAN"		# the responder writes as $RUNAS
san="log_path=$SAN/report"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}$san:detect_leaks=1:quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}$san"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}$san:print_stacktrace=1"

lease_time=600
soak_conf() {
	EXTRA_CONF="dhcp_ratelimit = 2000
default_lease_time = $lease_time
stats_file = $STATS
stats_interval = 1"
	write_conf
}

setup_namespaces
no_dad "$SRV"
no_dad "$CLI"
setup_db_dir
soak_conf
init_db
make_link s0 c0 $MAC_U
make_link s1 c1 $MAC_D
make_link s2 c2 $MAC_6
make_link s9 c9 $MAC_H
ip -n "$SRV" addr add 192.0.2.1/26 dev s0
ip -n "$SRV" addr add 192.0.2.65/26 dev s1
ip -n "$SRV" addr add 192.0.2.129/26 dev s9
wait_lladdr "$SRV" s2
wait_lladdr "$CLI" c2
add_client s0 $MAC_U 256 192.0.2.10 1 255.255.255.192 3 192.0.2.1
add_client s1 $MAC_D 256 192.0.2.70 1 255.255.255.192 6 192.0.2.53
add_client6 s2 "$K_6" 3 2001:db8:1::10 23 2001:db8::53 24 example.com

# The daemon (exec all the way: DAEMON_PID is the monitor) in its own
# mount namespace; nothing of it is seen outside, and it goes with the
# daemon.
mkdir -p "$DBDIR/proc" "$DBDIR$SAN"
ip netns exec "$SRV" unshare -m --propagation private sh -c '
	mount --bind /proc "$1/proc" && mount --bind "$2" "$1$2" &&
	exec "$3" -f -v -c "$4"' sh "$DBDIR" "$SAN" "$BIN" "$CONF" >>"$LOG" 2>&1 &
DAEMON_PID=$!
wait_until 20 'grep -q "started responder" "$LOG"' || die "daemon did not start"
for ifn in s0 s1 s2 s9; do wait_served $ifn; done

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
nfds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
now() { date +%s; }
metric() { grep -E "^statichcpd_$1 " "$STATS" 2>/dev/null | awk '{print $2}'; }

# wait_ready: the current responder has said READY to the monitor.
wait_ready() {
	wait_until 20 'p=$(responder_pid); [ -n "$p" ] && grep -q "responder $p ready" "$LOG"'
}
wait_ready || die "the responder never became ready"

# --- one round ------------------------------------------------------------
# Each client runs in a subshell of its own and leaves "ok" or why not as
# the last line of $WORK/res.<name> (what its tools say on stderr goes to
# $WORK/res.err).

round_udhcpc() {
	local want=192.0.2.$((10 + $1 % 2)) rc
	ctl set-address s0 $MAC_U "$want" || { echo "controller failed"; return; }
	udhcpc_run c0 "$WORK/u" -R
	rc=$?
	cp "$WORK/udhcpc.c0.out" "$WORK/out.udhcpc"
	if [ $rc != 0 ]; then
		echo "udhcpc exited $rc"
	elif [ "$(hook_val "$WORK/u" ip)" != "$want" ]; then
		echo "udhcpc got '$(hook_val "$WORK/u" ip)', want $want"
	else
		echo ok
	fi
	ip -n "$CLI" addr flush dev c0
}

round_dhclient4() {
	local want=192.0.2.$((53 + $1 % 2)) rc
	ctl set-option s1 $MAC_D 6 "$want" || { echo "controller failed"; return; }
	dhclient_run c1 "$WORK/d"
	rc=$?
	cp "$WORK/dhclient.c1.out" "$WORK/out.dhclient4"
	if [ $rc != 0 ]; then
		echo "dhclient -4 exited $rc"
	elif [ "$(hook_val "$WORK/d" ip)/$(hook_val "$WORK/d" dns)" != "192.0.2.70/$want" ]; then
		echo "dhclient -4 got $(hook_val "$WORK/d" ip)/$(hook_val "$WORK/d" dns)," \
			"want 192.0.2.70/$want"
	else
		echo ok
	fi
	dhclient_release c1
	ip -n "$CLI" addr flush dev c1
}

round_dhclient6() {
	local want=2001:db8:1::$((10 + $1 % 2)) rc
	sql "UPDATE client_v6configuration SET attr_val = '$want'
		WHERE ifname = 's2' AND duid = '$K_6' AND attr_code = 3" ||
		{ echo "sqlite3 failed"; return; }
	DHCLIENT6_TIMEOUT=8 dhclient6_run c2 "$WORK/d6"
	rc=$?
	cp "$WORK/dhclient6.c2.out" "$WORK/out.dhclient6"
	if [ $rc != 0 ]; then
		echo "dhclient -6 exited $rc"
	elif [ "$(hook6_val "$WORK/d6" BOUND6 ip6)" != "$want" ]; then
		echo "dhclient -6 got '$(hook6_val "$WORK/d6" BOUND6 ip6)', want $want"
	else
		echo ok
	fi
	# RELEASE, and the background dhclient ends
	timeout $((15 + CLIENT_SLACK)) ip netns exec "$CLI" \
		dhclient -6 -r -cf "$WORK/dhclient6.c2.conf" \
		-sf /bin/true -lf "$WORK/dhclient6.c2.leases" \
		-pf "$WORK/dhclient6.c2.pid" c2 >/dev/null 2>&1
	ip -n "$CLI" -6 addr flush dev c2 scope global
}

# Clients that come and go: rows created and deleted (with the triggers
# behind them) while the responder reads.
round_transient() {
	local mac key
	mac=$(printf '02:00:00:00:03:%02x' $(($1 % 256)))
	key=$(duid_key_mac 3 "$mac")
	ctl add-client s3 "$mac" 192.0.2.200 --dns 192.0.2.53 --hostname "soak$1" &&
	ctl add-v6 s3 "$key" ia_na 2001:db8:3::1 dns 2001:db8::53 &&
	ctl remove-client s3 "$mac" && ctl remove-client s3 "$key" &&
	echo ok || echo "controller failed"
}

rounds=0 ok_u=0 ok_d=0 ok_6=0 ok_t=0 bad=0 burst_sent=0
round() {
	local n=$1 kind pids=() res burst
	rm -f "$WORK"/out.*
	# shellcheck disable=SC2086
	ip netns exec "$CLI" $SENDFRAMES c9 --skip 1 --repeat 10 --seconds 3 \
		$seeds >"$WORK/burst.out" 2>&1 &
	burst=$!
	round_udhcpc "$n" >"$WORK/res.udhcpc" 2>>"$WORK/res.err" & pids+=($!)
	round_dhclient4 "$n" >"$WORK/res.dhclient4" 2>>"$WORK/res.err" & pids+=($!)
	round_dhclient6 "$n" >"$WORK/res.dhclient6" 2>>"$WORK/res.err" & pids+=($!)
	round_transient "$n" >"$WORK/res.transient" 2>>"$WORK/res.err" & pids+=($!)
	wait "${pids[@]}" "$burst"
	burst_sent=$((burst_sent + $(tail -n 1 "$WORK/burst.out" | tr -cd 0-9)))
	rounds=$((rounds + 1))
	for kind in udhcpc dhclient4 dhclient6 transient; do
		res=$(tail -n 1 "$WORK/res.$kind")
		if [ "$res" = ok ]; then
			case $kind in
			udhcpc) ok_u=$((ok_u + 1));;
			dhclient4) ok_d=$((ok_d + 1));;
			dhclient6) ok_6=$((ok_6 + 1));;
			transient) ok_t=$((ok_t + 1));;
			esac
		else
			fail "round $n: $kind: $res"
			bad=$((bad + 1))
			[ -f "$WORK/out.$kind" ] && tail -n 15 "$WORK/out.$kind"
		fi
	done
}

reloads=0
reload() {
	local before
	before=$(grep -c "started responder" "$LOG")
	lease_time=$((lease_time == 600 ? 900 : 600))
	soak_conf
	kill -HUP "$DAEMON_PID"
	wait_until 20 '[ "$(grep -c "started responder" "$LOG")" -gt "$before" ]' ||
		fail "reload $((reloads + 1)): no new responder"
	wait_ready || fail "reload $((reloads + 1)): the new responder is not ready"
	reloads=$((reloads + 1))
}

measure() {		# measure NAME: NAME_{mp,rp,mrss,rrss,mfd,rfd}
	local m=$DAEMON_PID r
	r=$(responder_pid)
	eval "$1_mp=$m $1_rp=$r $1_mrss=$(rss "$m") $1_rrss=$(rss "$r")"
	eval "$1_mfd=$(nfds "$m") $1_rfd=$(nfds "$r")"
}

# --- the soak -------------------------------------------------------------
START=$(now)
END=$((START + SOAK_SECONDS))
# the steady hostile background, for the whole soak
# shellcheck disable=SC2086
ip netns exec "$CLI" $SENDFRAMES c9 --skip 1 --rate 300 \
	--repeat $((300 * SOAK_SECONDS / nseeds + 1)) --seconds "$SOAK_SECONDS" \
	$seeds >"$WORK/hostile.out" 2>&1 &
HOSTILE=$!
CLIENT_PIDS="$CLIENT_PIDS $HOSTILE"

say "warm-up: a round, a reload, a round"
round 1
reload
round 2
measure warm
say "after warm-up ($(( $(now) - START ))s): monitor $warm_mrss kB $warm_mfd fds," \
	"responder $warm_rrss kB $warm_rfd fds"

# Reloads at 3/10, 4/10 and 5/10 of the time; the responder's own
# baseline is taken a round after the last one (a reload restarts it).
reload_at=("$((START + SOAK_SECONDS * 3 / 10))" "$((START + SOAK_SECONDS * 4 / 10))"
	"$((START + SOAK_SECONDS * 5 / 10))")
next_note=$((START + 30)) n=2 last=0 rbase_due=0 rbase_rp=$warm_rp rbase_rrss=$warm_rrss rbase_rfd=$warm_rfd
# a round starts only when the one before would still fit
while [ $(( $(now) + last )) -lt "$END" ] && [ $n -lt 100000 ]; do
	t0=$(now)
	n=$((n + 1))
	round $n
	last=$(( $(now) - t0 ))
	if [ "$(now)" -ge $next_note ]; then	# a sign of life, and the trend
		say "$(( $(now) - START ))s, $n rounds: monitor $(rss "$DAEMON_PID") kB," \
			"responder $(rss "$(responder_pid)") kB"
		next_note=$((next_note + 60))
	fi
	if [ $rbase_due = 1 ]; then
		measure rb
		rbase_rp=$rb_rp rbase_rrss=$rb_rrss rbase_rfd=$rb_rfd rbase_due=0
	fi
	# (and only with time for a round after it, for the baseline)
	if [ ${#reload_at[@]} -gt 0 ] && [ "$(now)" -ge "${reload_at[0]}" ] &&
	    [ $(( $(now) + 2 * last )) -lt "$END" ]; then
		reload
		reload_at=("${reload_at[@]:1}")
		rbase_due=1
	fi
done
kill "$HOSTILE" 2>/dev/null	# it prints its count on SIGTERM
wait "$HOSTILE" 2>/dev/null
measure end
elapsed=$(( $(now) - START ))
say "after ${elapsed}s: monitor $end_mrss kB $end_mfd fds, responder $end_rrss kB $end_rfd fds"

# --- what happened ----------------------------------------------------------
say "monitor (pid $warm_mp): RSS $warm_mrss -> $end_mrss kB, fds $warm_mfd -> $end_mfd"
say "responder (pid $rbase_rp -> $end_rp): RSS $rbase_rrss -> $end_rrss kB," \
	"fds $rbase_rfd -> $end_rfd"
[ "$end_mp" = "$warm_mp" ] || fail "the monitor changed pid"
[ "$end_rp" = "$rbase_rp" ] || fail "the responder was restarted outside a reload"
[ "$end_mfd" -le "$warm_mfd" ] || fail "monitor fds grew: $warm_mfd -> $end_mfd"
[ "$end_rfd" -le "$rbase_rfd" ] || fail "responder fds grew: $rbase_rfd -> $end_rfd"
[ "$end_mrss" -le $((warm_mrss + SLACK_KB)) ] ||
	fail "monitor RSS grew by more than $SLACK_KB kB"
[ "$end_rrss" -le $((rbase_rrss + SLACK_KB)) ] ||
	fail "responder RSS grew by more than $SLACK_KB kB"

# SIGTERM: the monitor stops the responder (each runs its leak check at
# exit; the monitor waits for the responder's) and exits 0.
kill -TERM "$DAEMON_PID"
wait_until 30 '! kill -0 $DAEMON_PID 2>/dev/null' || fail "daemon still running 30 s after SIGTERM"
wait "$DAEMON_PID"
rc=$?
DAEMON_PID=
[ "$rc" = 0 ] || fail "daemon exited with status $rc"
hostile_sent=$(tr -cd 0-9 < "$WORK/hostile.out")

started=$(grep -c "started responder" "$LOG")
checked=$(grep -c "leak check at exit on" "$LOG")
expect_eq "responders with the leak check on" "$checked" "$started"
grep -q "leak check at exit off" "$LOG" && fail "a responder ran without the leak check"
grep -E "responder \(pid [0-9]+\) (killed|exited|did not exit)" "$LOG" &&
	fail "a responder did not end cleanly"
# The responder's reports have bare addresses (no llvm-symbolizer in its
# chroot): "(binary+0xoffset)" frames are resolved here.
symbolize() {
	local line
	while IFS= read -r line; do
		if [[ $line != *" in "* && $line =~ \(([^()+]+)\+(0x[0-9a-f]+)\) ]] &&
		    command -v llvm-symbolizer >/dev/null; then
			line="$line $(llvm-symbolizer --obj="${BASH_REMATCH[1]}" \
			    "${BASH_REMATCH[2]}" | head -n 2 | tr '\n' ' ')"
		fi
		printf '%s\n' "$line"
	done
}
for f in "$SAN"/report*; do
	[ -e "$f" ] || continue
	fail "sanitizer report $(basename "$f"):"
	head -n 30 "$f" | symbolize
done
grep -nE "LeakSanitizer|AddressSanitizer|runtime error" "$LOG" | head -n 20 |
	grep . && fail "sanitizer output in the daemon log"

v4ok=$(grep -c "DHCPv4: .* Status: Success" "$LOG")
v6ok=$(grep -c "DHCPv6: .* Status: Success" "$LOG")
say "exchanges in ${elapsed}s, $rounds rounds: udhcpc $ok_u, dhclient -4 $ok_d," \
	"dhclient -6 $ok_6 ok; $bad failed"
say "controller: $ok_t clients added and removed, $((3 * rounds)) values changed;" \
	"$reloads reloads, $started responders ($checked with the leak check)"
say "daemon: $v4ok DHCPv4 and $v6ok DHCPv6 replies logged Success;" \
	"hostile frames sent: ${hostile_sent:-?} paced + $burst_sent in bursts"
say "counters: malformed $(metric malformed_total), unknown clients" \
	"$(metric unknown_clients_total), rate-limited $(metric rate_limited_total)" \
	"in $(metric rate_limit_pauses_total) pauses"
[ "$rounds" -ge 2 ] || fail "only $rounds rounds"
finish
