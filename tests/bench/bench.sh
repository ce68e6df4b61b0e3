#!/bin/bash
# statichcpd benchmark (make bench): statichcpd against Kea and dnsmasq on
# this machine, in the same run, plus our own ceiling and a scale test.
#
#   compare  perfdhcp (full DORA / SARR exchanges) against each server in
#            turn, v4 and v6, for N reserved clients, with a rate sweep,
#            repeated; one table: sustained exchanges/s at <1 % loss,
#            average/max delay, server CPU ms per exchange, server RSS,
#            and the ratios ours/Kea and ours/dnsmasq from the same run.
#   ceiling  tests/bench/loadgen (pre-built DISCOVER/SOLICIT frames on a
#            packet socket) against statichcpd: answers/s, loss, p50/p99
#            latency, and answers per second of server CPU.
#   scale    10,000 served interfaces (ifb) with one client each: start-up
#            to serving all, RSS, kernel socket memory, link up to first
#            answer, database INSERT to first answer.
#
# Everything runs in network namespaces created here, with addresses of
# the benchmarking range 198.18.0.0/15 and 2001:db8::/64; all of it is
# removed on exit, also on failure.  Raw output stays in a temp directory
# whose path is printed.  Knobs (environment):
#   BENCH_MODES="compare ceiling scale"  BENCH_CLIENTS="1000 10000"
#   BENCH_SERVERS="ours kea dnsmasq"     BENCH_RATES="100 250 500 1000 2000 4000"
#   BENCH_SECS=5 BENCH_REPEAT=2          BENCH_SCALE_N=10000
#   BENCH_LG_RATES="1000 10000 25000 50000 0"  BENCH_LG_SECS=4
set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BIN=${STATICHCPD_BIN:-$BUILD/statichcpd}
LOADGEN=${LOADGEN_BIN:-$BUILD/tests/bench/loadgen}
FLOOR=${FLOOR_BIN:-$BUILD/tests/bench/floor}
MODES=${BENCH_MODES:-compare ceiling scale}
CLIENTS=${BENCH_CLIENTS:-1000 10000}
SERVERS=${BENCH_SERVERS:-ours kea dnsmasq}
RATES=${BENCH_RATES:-100 250 500 1000 2000 4000}
SECS=${BENCH_SECS:-5}
REPEAT=${BENCH_REPEAT:-2}
SCALE_N=${BENCH_SCALE_N:-10000}
LG_RATES=${BENCH_LG_RATES:-1000 10000 25000 50000 0}
LG_SECS=${BENCH_LG_SECS:-4}
RUNAS=${BENCH_USER:-nobody}

ID=$$
SRV=shb-s$ID
CLI=shb-c$ID
OUT=$(mktemp -d /tmp/statichcpd-bench.XXXXXX)
RESULTS=$OUT/results.tsv	# one line per measurement
PIDS=""				# everything we started, by pid

say() { printf '%s\n' "$*" | tee -a "$OUT/bench.log" >&2; }
die() { say "bench: FATAL: $*"; exit 1; }

stop_pid() {
	local p=$1 i
	kill -0 "$p" 2>/dev/null || return 0
	kill -TERM "$p" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	return 0
}

cleanup() {
	local p
	for p in $PIDS; do stop_pid "$p"; done
	ip netns del "$CLI" 2>/dev/null
	ip netns del "$SRV" 2>/dev/null
	# the databases and configurations are big and rebuilt each run
	rm -rf "$OUT"/n*/db "$OUT"/scale/db
	say "bench: raw output in $OUT"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# wait_until SECONDS 'condition': poll every 20 ms, bounded.
wait_until() {
	local limit=$(( $1 * 50 )) i=0
	while [ $i -lt $limit ]; do
		eval "$2" && return 0
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}

now_us() { echo $(( $(date +%s%N) / 1000 )); }

# --- namespaces -----------------------------------------------------------

setup_net() {
	ip netns add "$SRV" && ip netns add "$CLI" || die "ip netns add"
	ip -n "$SRV" link set lo up
	ip -n "$CLI" link set lo up
	ip link add s0 netns "$SRV" type veth peer name c0 netns "$CLI" ||
		die "cannot create veth"
	ip netns exec "$SRV" sysctl -qw net.ipv6.conf.s0.accept_dad=0
	ip netns exec "$CLI" sysctl -qw net.ipv6.conf.c0.accept_dad=0
	ip -n "$SRV" addr add 198.18.0.1/15 dev s0
	ip -n "$SRV" addr add 2001:db8::1/64 dev s0 nodad
	ip -n "$CLI" addr add 198.18.0.2/15 dev c0
	ip -n "$CLI" addr add 2001:db8::2/64 dev c0 nodad
	ip -n "$SRV" link set s0 up
	ip -n "$CLI" link set c0 up
	wait_until 5 'ip -n "$CLI" -6 addr show dev c0 scope link | grep -q fe80' ||
		die "c0 has no link-local address"
}

# --- provisioning -----------------------------------------------------------
# Client k (1..N): MAC 02:00:00:kk:kk:kk (perfdhcp -M list; loadgen -m
# 02:00:00:00:00:01 -n N), IPv4 198.18.(1 + k/256).(k%256), DUID-LL
# 00:03:00:01:<MAC> (what perfdhcp -6 -M builds), IPv6 2001:db8::1:<k hex>.

gen_clients() {	# N -> lines "mac ipv4 ipv6 duid-colon dbkey6"
	awk -v n="$1" 'BEGIN {
		for (k = 1; k <= n; k++) {
			mac = sprintf("02:00:00:%02x:%02x:%02x", int(k / 65536) % 256,
			    int(k / 256) % 256, k % 256)
			hex = mac; gsub(":", "", hex)
			printf "%s 198.18.%d.%d 2001:db8::1:%x 00:03:00:01:%s 31%s\n",
			    mac, 1 + int(k / 256), k % 256, k, mac, hex
		}
	}'
}

write_ours_conf() {	# DIR
	local d=$1
	mkdir -p "$d/db"
	chown "root:$(id -gn "$RUNAS")" "$d/db"
	chmod 0750 "$d/db"
	cat > "$d/statichcpd.conf" <<EOC
[statichcpd]
dhcp_db_filename = $d/db/statichcpd.db
served_interface_regex = ^s[0-9]
user = $RUNAS
pid_file = $d/statichcpd.pid
dhcp_ratelimit = 0
default_attributes_file = $TOP/schema/default_attr.csv
default_v6attributes_file = $TOP/schema/default_v6attr.csv
EOC
	"$BIN" -c "$d/statichcpd.conf" --init-db >>"$d/init.log" 2>&1 ||
		die "--init-db failed (see $d/init.log)"
	chgrp "$(id -gn "$RUNAS")" "$d/db/statichcpd.db" \
		"$d/db/statichcpd.db-wal" "$d/db/statichcpd.db-shm" 2>/dev/null
}

provision() {	# DIR N
	local d=$1 n=$2
	mkdir -p "$d"
	gen_clients "$n" > "$d/clients.txt"
	awk '{print $1}' "$d/clients.txt" > "$d/macs.txt"

	# statichcpd: the database a controller would write
	write_ours_conf "$d"
	awk 'BEGIN { print "PRAGMA foreign_keys=ON; BEGIN;" }
	{
		printf "INSERT INTO client_configuration (ifname, groupID, mac, attr_code, attr_val) VALUES ('\''s0'\'', NULL, '\''%s'\'', 256, '\''%s'\''), ('\''s0'\'', NULL, '\''%s'\'', 1, '\''255.254.0.0'\''), ('\''s0'\'', NULL, '\''%s'\'', 3, '\''198.18.0.1'\'');\n", $1, $2, $1, $1
		printf "INSERT INTO client_v6configuration (ifname, groupID, duid, attr_code, attr_val) VALUES ('\''s0'\'', NULL, '\''%s'\'', 3, '\''%s'\''), ('\''s0'\'', NULL, '\''%s'\'', 23, '\''2001:db8::53'\'');\n", $5, $3, $5
	}
	END { print "COMMIT;" }' "$d/clients.txt" |
		sqlite3 -cmd '.timeout 5000' "$d/db/statichcpd.db" ||
		die "provisioning the database failed"

	# Kea: host reservations in the configuration, memfile leases here
	{
		cat <<EOK
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "s0" ] },
  "lease-database": { "type": "memfile", "persist": true,
    "name": "$d/kea-leases4.csv", "lfc-interval": 0 },
  "host-reservation-identifiers": [ "hw-address" ],
  "valid-lifetime": 600,
  "subnet4": [ { "id": 1, "subnet": "198.18.0.0/15",
    "option-data": [ { "name": "routers", "data": "198.18.0.1" } ],
    "reservations": [
EOK
		awk '{ printf "%s      { \"hw-address\": \"%s\", \"ip-address\": \"%s\" }", (NR > 1 ? ",\n" : ""), $1, $2 }' "$d/clients.txt"
		cat <<EOK

    ] } ],
  "loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
    "output_options": [ { "output": "$d/kea4.log" } ] } ]
} }
EOK
	} > "$d/kea4.json"
	{
		cat <<EOK
{ "Dhcp6": {
  "interfaces-config": { "interfaces": [ "s0" ] },
  "server-id": { "type": "EN", "enterprise-id": 2495,
    "identifier": "0123456789", "persist": false },
  "lease-database": { "type": "memfile", "persist": true,
    "name": "$d/kea-leases6.csv", "lfc-interval": 0 },
  "host-reservation-identifiers": [ "duid" ],
  "preferred-lifetime": 3000, "valid-lifetime": 4000,
  "subnet6": [ { "id": 1, "subnet": "2001:db8::/64", "interface": "s0",
    "option-data": [ { "name": "dns-servers", "data": "2001:db8::53" } ],
    "reservations": [
EOK
		awk '{ printf "%s      { \"duid\": \"%s\", \"ip-addresses\": [ \"%s\" ] }", (NR > 1 ? ",\n" : ""), $4, $3 }' "$d/clients.txt"
		cat <<EOK

    ] } ],
  "loggers": [ { "name": "kea-dhcp6", "severity": "INFO",
    "output_options": [ { "output": "$d/kea6.log" } ] } ]
} }
EOK
	} > "$d/kea6.json"

	# dnsmasq: --dhcp-hostsfile, one line per reservation
	awk '{ print $1 "," $2 }' "$d/clients.txt" > "$d/dnsmasq4.hosts"
	awk '{ print "id:" $4 ",[" $3 "]" }' "$d/clients.txt" > "$d/dnsmasq6.hosts"
}

# --- servers ----------------------------------------------------------------
# start_server NAME FAMILY DIR: sets SERVER_PIDS (all processes to measure)
# and SERVER_MAIN (the one to stop).

SERVER_PIDS=""
SERVER_MAIN=""
# Servers run on CPU 1, generators on CPU 0 (when there are two): a
# generator woken on the server's CPU would preempt it after every reply.
CPU_SRV=""
CPU_GEN=""
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
	CPU_SRV="taskset -c 1"
	CPU_GEN="taskset -c 0"
fi

children_of() { echo $(cat "/proc/$1/task/$1/children" 2>/dev/null); }

start_server() {
	local name=$1 fam=$2 d=$3 log
	log=$d/$name$fam.log
	case $name in
	ours)
		# ip netns exec execs: $! is the daemon (the monitor)
		$CPU_SRV ip netns exec "$SRV" "$BIN" -f -c "$d/statichcpd.conf" >"$log" 2>&1 &
		SERVER_MAIN=$!
		PIDS="$PIDS $SERVER_MAIN"
		wait_until 10 '[ -n "$(children_of $SERVER_MAIN)" ] && grep -q "serving interface s0" "$log"' ||
			die "statichcpd did not start (see $log)"
		sleep 0.3
		SERVER_PIDS="$SERVER_MAIN $(children_of "$SERVER_MAIN")"
		;;
	kea)
		KEA_PIDFILE_DIR=$d KEA_LOCKFILE_DIR=$d KEA_LOGGER_DESTINATION=$d \
			$CPU_SRV ip netns exec "$SRV" "kea-dhcp$fam" -c "$d/kea$fam.json" >"$log" 2>&1 &
		SERVER_MAIN=$!
		PIDS="$PIDS $SERVER_MAIN"
		wait_until 30 'grep -q "DHCP${fam}_STARTED" "$d/kea$fam.log" "$log" 2>/dev/null' ||
			die "kea-dhcp$fam did not start (see $log, $d/kea$fam.log)"
		SERVER_PIDS=$SERVER_MAIN
		;;
	dnsmasq)
		local args
		if [ "$fam" = 4 ]; then
			args="--dhcp-range=198.18.0.0,static,255.254.0.0 --dhcp-hostsfile=$d/dnsmasq4.hosts --dhcp-option=3,198.18.0.1"
		else
			args="--dhcp-range=2001:db8::,static,64 --dhcp-hostsfile=$d/dnsmasq6.hosts --dhcp-option=option6:dns-server,[2001:db8::53]"
		fi
		rm -f "$d/dnsmasq.leases"
		# -k: foreground, so $! is dnsmasq; no DNS (port 0)
		$CPU_SRV ip netns exec "$SRV" dnsmasq -k --conf-file=/dev/null --port=0 \
			--interface=s0 --bind-interfaces --user=root --group=root \
			--pid-file="$d/dnsmasq.pid" --dhcp-leasefile="$d/dnsmasq.leases" \
			--log-facility="$d/dnsmasq$fam.log" $args >"$log" 2>&1 &
		SERVER_MAIN=$!
		PIDS="$PIDS $SERVER_MAIN"
		wait_until 10 'ip netns exec "$SRV" ss -uln | grep -q ":$([ "$fam" = 4 ] && echo 67 || echo 547) "' ||
			die "dnsmasq did not start (see $log)"
		SERVER_PIDS=$SERVER_MAIN
		;;
	esac
}

stop_server() {
	stop_pid "$SERVER_MAIN"
	PIDS=$(echo " $PIDS " | sed "s/ $SERVER_MAIN / /")
	SERVER_MAIN=""
	SERVER_PIDS=""
}

# CPU time of the processes in ns: the sum over their threads of the
# scheduler's run time (/proc/PID/task/*/schedstat, ns resolution);
# utime+stime from /proc/PID/stat is kept in the raw output as a check.
cpu_ns() {
	local p t sum=0
	for p in "$@"; do
		for t in /proc/$p/task/*/schedstat; do
			[ -r "$t" ] && sum=$((sum + $(cut -d' ' -f1 "$t")))
		done
	done
	echo $sum
}
cpu_ticks() {
	local p sum=0
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] &&
			sum=$((sum + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
	done
	echo $sum
}
rss_kb() {
	local p sum=0
	for p in "$@"; do
		sum=$((sum + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)))
	done
	echo $sum
}

# --- compare: perfdhcp ------------------------------------------------------

# perfdhcp_run FAMILY RATE DIR OUTFILE
perfdhcp_run() {
	local fam=$1 rate=$2 d=$3 out=$4
	timeout $((SECS + 20)) $CPU_GEN ip netns exec "$CLI" perfdhcp "-$fam" -l c0 \
		-r "$rate" -p "$SECS" -M "$d/macs.txt" -W 500000 -g single \
		>"$out" 2>&1
}

# Fields of a perfdhcp report: sent/received of both exchanges, delays.
perfdhcp_parse() {
	awk '
	/Statistics for: (DISCOVER-OFFER|SOLICIT-ADVERTISE)/ { x = 1 }
	/Statistics for: (REQUEST-ACK|REQUEST-REPLY)/ { x = 2 }
	x && /^sent packets:/ { s[x] = $3 }
	x && /^received packets:/ { r[x] = $3 }
	x && /^avg delay:/ { a[x] = $3 }
	x && /^max delay:/ { m[x] = $3 }
	END { printf "%d %d %d %d %s %s %s %s\n", s[1], r[1], s[2], r[2],
	    (a[1] ~ /^[0-9.]+$/ ? a[1] : "nan"), (a[2] ~ /^[0-9.]+$/ ? a[2] : "nan"),
	    (m[1] ~ /^[0-9.]+$/ ? m[1] : "nan"), (m[2] ~ /^[0-9.]+$/ ? m[2] : "nan") }' "$1"
}

compare() {
	local n d fam srv rep rate tag out c0 c1 t0 t1 rss f
	for n in $CLIENTS; do
		d=$OUT/n$n
		say "bench: provisioning $n clients (statichcpd database, Kea and dnsmasq reservations)"
		provision "$d" "$n"
		for fam in 4 6; do
			for srv in $SERVERS; do
				start_server "$srv" "$fam" "$d"
				say "bench: N=$n v$fam $srv (pids $SERVER_PIDS)"
				for rep in $(seq "$REPEAT"); do
					for rate in $RATES; do
						tag=n$n-v$fam-$srv-r$rate-$rep
						out=$d/perfdhcp-$tag.txt
						c0=$(cpu_ns $SERVER_PIDS); t0=$(cpu_ticks $SERVER_PIDS)
						perfdhcp_run "$fam" "$rate" "$d" "$out"
						c1=$(cpu_ns $SERVER_PIDS); t1=$(cpu_ticks $SERVER_PIDS)
						rss=$(rss_kb $SERVER_PIDS)
						f=$(perfdhcp_parse "$out")
						# n fam server rate rep | s1 r1 s2 r2 avg1 avg2 max1 max2 | cpu_ns ticks rss secs
						printf 'compare\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
							"$n" "$fam" "$srv" "$rate" "$rep" \
							"$(echo "$f" | tr ' ' '\t')" \
							"$((c1 - c0))" "$((t1 - t0))" "$rss" "$SECS" >>"$RESULTS"
						say "  $(awk -v f="$f" -v c=$((c1 - c0)) -v r="$rate" -v rep="$rep" 'BEGIN {
							split(f, a, " ")
							loss = a[1] ? 100 * (a[1] - a[4]) / a[1] : 100
							printf "rate %5d #%d: %6d/%6d exchanges, loss %6.2f %%, cpu %.4f ms/exch", r, rep, a[4], a[1], loss, (a[4] ? c / 1e6 / a[4] : 0) }')"
						# a rate this server cannot sustain: higher ones neither
						awk -v f="$f" 'BEGIN { split(f, a, " "); exit !(a[1] == 0 || (a[1] - a[4]) / a[1] > 0.05) }' && break
					done
				done
				stop_server
				sleep 0.5
			done
		done
	done
}

# The table: per (N, family, server) the highest rate at which every repeat
# lost less than 1 %, with the median exchanges/s, delays, CPU and RSS there.
compare_table() {
	awk -F'\t' '
	$1 != "compare" { next }
	{
		k = $2 SUBSEP $3 SUBSEP $4; rate = $5
		s1 = $7; r2 = $10
		loss = s1 > 0 ? (s1 - r2) / s1 : 1
		K[k] = 1; R[k, rate] = 1
		n[k, rate]++
		if (loss > worst[k, rate] || n[k, rate] == 1) worst[k, rate] = loss
		exch[k, rate, n[k, rate]] = r2 / $18
		avg[k, rate, n[k, rate]] = ($11 + $12) / 2
		mx[k, rate] = ($13 > $14 ? $13 : $14) > mx[k, rate] ? ($13 > $14 ? $13 : $14) : mx[k, rate]
		cpu[k, rate, n[k, rate]] = r2 > 0 ? $15 / 1e6 / r2 : 0
		rss[k] = $17 > rss[k] ? $17 : rss[k]
		rates[rate] = 1
	}
	function med(arr, k, rate, cnt,   i, j, t, v) {
		for (i = 1; i <= cnt; i++) v[i] = arr[k, rate, i]
		for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++)
			if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
	}
	END {
		nr = 0
		for (r in rates) rl[++nr] = r + 0
		for (i = 1; i <= nr; i++) for (j = i + 1; j <= nr; j++)
			if (rl[j] < rl[i]) { t = rl[i]; rl[i] = rl[j]; rl[j] = t }
		printf "%-6s %-3s %-8s %9s %11s %8s %8s %12s %9s\n", "N", "v", "server",
		    "rate", "exch/s", "avg ms", "max ms", "cpu ms/exch", "rss MB"
		for (k in K) {
			split(k, p, SUBSEP); best = ""
			for (i = 1; i <= nr; i++)
				if ((k, rl[i]) in R && worst[k, rl[i]] < 0.01) best = rl[i]
			line[k] = best
		}
		# stable order: N, family, ours/kea/dnsmasq
		ns = split("'"$CLIENTS"'", NS, " "); ss = split("ours kea dnsmasq", SS, " ")
		for (a = 1; a <= ns; a++) for (f = 4; f <= 6; f += 2) {
			for (b = 1; b <= ss; b++) {
				k = NS[a] SUBSEP f SUBSEP SS[b]
				if (!(k in K)) continue
				best = line[k]
				if (best == "") {
					printf "%-6s %-3s %-8s %9s %11s %8s %8s %12s %9.1f\n", NS[a], f, SS[b],
					    "<" rl[1], "-", "-", "-", "-", rss[k] / 1024
					continue
				}
				printf "%-6s %-3s %-8s %9s %11.0f %8.3f %8.3f %12.4f %9.1f\n", NS[a], f, SS[b],
				    best, med(exch, k, best, n[k, best]), med(avg, k, best, n[k, best]),
				    mx[k, best], med(cpu, k, best, n[k, best]), rss[k] / 1024
				B[k] = best
			}
			# ratios at the highest rate both sustained
			for (b = 2; b <= ss; b++) {
				ko = NS[a] SUBSEP f SUBSEP "ours"; kx = NS[a] SUBSEP f SUBSEP SS[b]
				if (!(ko in B) || !(kx in B)) continue
				common = B[ko] + 0 < B[kx] + 0 ? B[ko] : B[kx]
				co = med(cpu, ko, common, n[ko, common]); cx = med(cpu, kx, common, n[kx, common])
				printf "       ratio ours/%s (N=%s v%d): cpu/exch %.3f at %s/s (%.4f vs %.4f ms), sustained rate %.2f, rss %.2f\n",
				    SS[b], NS[a], f, (cx > 0 ? co / cx : 0), common, co, cx,
				    (B[kx] > 0 ? B[ko] / B[kx] : 0), (rss[kx] > 0 ? rss[ko] / rss[kx] : 0)
			}
		}
	}' "$RESULTS"
}

# --- ceiling: loadgen -------------------------------------------------------

ceiling() {
	local d=$OUT/ceiling n=${BENCH_CEILING_N:-10000} fam rate out c0 c1 pids lgopt
	mkdir -p "$d"
	say "bench: ceiling: loadgen against statichcpd, $n clients"
	if [ -d "$OUT/n$n" ]; then
		d=$OUT/n$n
	else
		provision "$d" "$n"
	fi
	# the yardstick first: tests/bench/floor turns DISCOVERs round with
	# nothing but a wake-up, a receive and a send each
	for rate in $LG_RATES; do
		$CPU_SRV ip netns exec "$SRV" "$FLOOR" -i s0 -t $((LG_SECS + 5)) >"$d/floor-r$rate.out" 2>&1 &
		SERVER_MAIN=$!
		PIDS="$PIDS $SERVER_MAIN"
		sleep 0.3
		out=$d/floor-loadgen-r$rate.txt
		c0=$(cpu_ns "$SERVER_MAIN")
		$CPU_GEN ip netns exec "$CLI" "$LOADGEN" -i c0 -n "$n" \
			-m 02:00:00:00:00:01 -r "$rate" -t "$LG_SECS" -w 500 >"$out" 2>&1
		c1=$(cpu_ns "$SERVER_MAIN")
		stop_pid "$SERVER_MAIN"
		PIDS=$(echo " $PIDS " | sed "s/ $SERVER_MAIN / /")
		printf 'ceiling\tfloor\t%s\t%s\t%s\t%s\n' "$rate" "$((c1 - c0))" 0 \
			"$(tail -n 1 "$out")" >>"$RESULTS"
		say "  floor rate $rate: $(tail -n 1 "$out" | awk -v c=$((c1 - c0)) '{
			for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			printf "answered %s (%.0f/s), p99 %s us, cpu %.2f us/answer", v["answered"], v["answers_per_s"],
			    v["p99_us"], (v["answered"] ? c / 1e3 / v["answered"] : 0) }')"
	done
	$CPU_SRV ip netns exec "$SRV" "$BIN" -f -c "$d/statichcpd.conf" >"$d/ceiling.log" 2>&1 &
	SERVER_MAIN=$!
	PIDS="$PIDS $SERVER_MAIN"
	wait_until 10 '[ -n "$(children_of $SERVER_MAIN)" ] && grep -q "serving interface s0" "$d/ceiling.log"' ||
		die "statichcpd did not start"
	sleep 0.3
	pids="$SERVER_MAIN $(children_of "$SERVER_MAIN")"
	for fam in 4 6; do
		lgopt=""; [ "$fam" = 6 ] && lgopt=-6
		for rate in $LG_RATES; do
			out=$d/loadgen-v$fam-r$rate.txt
			c0=$(cpu_ns $pids)
			$CPU_GEN ip netns exec "$CLI" "$LOADGEN" -i c0 $lgopt -n "$n" \
				-m 02:00:00:00:00:01 -r "$rate" -t "$LG_SECS" -w 500 >"$out" 2>&1
			c1=$(cpu_ns $pids)
			printf 'ceiling\tv%s\t%s\t%s\t%s\t%s\n' "$fam" "$rate" "$((c1 - c0))" \
				"$(rss_kb $pids)" "$(tail -n 1 "$out")" >>"$RESULTS"
			say "  v$fam rate $rate: $(tail -n 1 "$out" | awk -v c=$((c1 - c0)) '{
				for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
				printf "sent %s answered %s (%.0f/s, loss %s %%), p50 %s us p99 %s us, server cpu %.2f us/answer = %.0f answers per cpu-second",
				    v["sent"], v["answered"], v["answers_per_s"], v["loss_pct"], v["p50_us"], v["p99_us"],
				    (v["answered"] ? c / 1e3 / v["answered"] : 0), (c ? v["answered"] / (c / 1e9) : 0) }')"
		done
	done
	stop_pid "$SERVER_MAIN"
	PIDS=$(echo " $PIDS " | sed "s/ $SERVER_MAIN / /")
	SERVER_MAIN=""
}

ceiling_table() {
	awk -F'\t' '$1 == "ceiling" {
		for (i = 1; i <= split($6, f, " "); i++) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
		printf "%-5s %8s %9s %9s %10s %7s %9s %9s %10s %12s\n", $2, ($3 == 0 ? "max" : $3),
		    v["sent"], v["answered"], v["answers_per_s"], v["loss_pct"], v["p50_us"], v["p99_us"],
		    (v["answered"] ? sprintf("%.2f", $4 / 1e3 / v["answered"]) : "-"),
		    ($4 ? sprintf("%.0f", v["answered"] / ($4 / 1e9)) : "-")
	}' "$RESULTS" | {
		printf "%-5s %8s %9s %9s %10s %7s %9s %9s %10s %12s\n" "v" "rate" "sent" "answered" \
			"answers/s" "loss %" "p50 us" "p99 us" "cpu us/ans" "ans/cpu-s"
		cat
	}
}

# --- scale: 10,000 interfaces ------------------------------------------------

scale() {
	local d=$OUT/scale n=$SCALE_N t0 t1 mon rsp nfd base_fd slab0 slab1 line
	mkdir -p "$d"
	say "bench: scale: $n served interfaces (ifb), one client each"
	write_ours_conf "$d"
	awk -v n="$n" 'BEGIN {
		print "PRAGMA foreign_keys=ON; BEGIN;"
		for (k = 1; k <= n; k++) {
			mac = sprintf("02:01:00:%02x:%02x:%02x", int(k / 65536) % 256, int(k / 256) % 256, k % 256)
			printf "INSERT INTO client_configuration (ifname, groupID, mac, attr_code, attr_val) VALUES ('\''s%d'\'', NULL, '\''%s'\'', 256, '\''198.18.%d.%d'\''), ('\''s%d'\'', NULL, '\''%s'\'', 1, '\''255.254.0.0'\'');\n", k, mac, 1 + int(k / 256), k % 256, k, mac
		}
		# the veth s0 and the interface created later, s99999
		print "INSERT INTO client_configuration (ifname, groupID, mac, attr_code, attr_val) VALUES ('\''s0'\'', NULL, '\''02:02:00:00:00:01'\'', 256, '\''198.19.0.10'\''), ('\''s0'\'', NULL, '\''02:02:00:00:00:01'\'', 1, '\''255.254.0.0'\'');"
		print "INSERT INTO client_configuration (ifname, groupID, mac, attr_code, attr_val) VALUES ('\''s99999'\'', NULL, '\''02:02:00:00:00:02'\'', 256, '\''198.19.0.20'\''), ('\''s99999'\'', NULL, '\''02:02:00:00:00:02'\'', 1, '\''255.254.0.0'\'');"
		print "INSERT INTO client_configuration (ifname, groupID, mac, attr_code, attr_val) VALUES ('\''s99998'\'', NULL, '\''02:02:00:00:00:04'\'', 256, '\''198.19.0.40'\''), ('\''s99998'\'', NULL, '\''02:02:00:00:00:04'\'', 1, '\''255.254.0.0'\'');"
		print "COMMIT;"
	}' | sqlite3 -cmd '.timeout 5000' "$d/db/statichcpd.db" || die "scale provisioning failed"

	say "  creating $n ifb interfaces"
	t0=$(now_us)
	{
		for k in $(seq "$n"); do echo "link add s$k type ifb"; done
		for k in $(seq "$n"); do echo "link set s$k up"; done
	} > "$d/ifb.batch"
	ip -n "$SRV" -batch "$d/ifb.batch" || die "ip -batch failed"
	t1=$(now_us)
	say "  created in $(( (t1 - t0) / 1000 )) ms"
	ip -n "$SRV" addr add 198.19.0.1/16 dev s0 2>/dev/null

	slab0=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
	t0=$(now_us)
	ip netns exec "$SRV" "$BIN" -f -c "$d/statichcpd.conf" >"$d/daemon.log" 2>&1 &
	mon=$!
	PIDS="$PIDS $mon"
	SERVER_MAIN=$mon
	# serving all: the responder holds a packet socket for every interface
	wait_until 60 '[ -n "$(children_of $mon)" ]' || die "no responder"
	rsp=$(children_of "$mon")
	wait_until 120 '[ "$(ls /proc/$rsp/fd 2>/dev/null | wc -l)" -ge $((n + 1)) ]' ||
		say "  responder holds only $(ls /proc/$rsp/fd | wc -l) fds"
	t1=$(now_us)
	slab1=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
	local startup_ms=$(( (t1 - t0) / 1000 ))
	kill -USR1 "$mon"
	wait_until 5 'grep -q "interfaces known" "$d/daemon.log"'
	line=$(grep "interfaces known" "$d/daemon.log" | tail -n 1 | sed 's/.*statistics: //')
	say "  start to serving all ($((n + 1)) packet sockets in the responder): $startup_ms ms; $line"
	local mon_rss rsp_rss
	mon_rss=$(rss_kb "$mon"); rsp_rss=$(rss_kb "$rsp")

	# kernel memory of the packet sockets: queues and filters (ss), and
	# the slab growth while they were opened (other load adds noise)
	local skmem
	skmem=$(ip netns exec "$SRV" ss -0 -a -m 2>/dev/null | awk '
		/skmem:/ { s++; m = $0; sub(/.*skmem:\(/, "", m); sub(/\).*/, "", m)
			nf = split(m, f, ",")
			for (i = 1; i <= nf; i++) {
				if (f[i] ~ /^r[0-9]/) r += substr(f[i], 2)
				if (f[i] ~ /^t[0-9]/) t += substr(f[i], 2)
				if (f[i] ~ /^o[0-9]/) o += substr(f[i], 2)
			} }
		END { printf "%d sockets, queued rx %d B, tx %d B, filters/options %d B", s, r, t, o }')
	say "  RSS: monitor $((mon_rss / 1024)) MB + responder $((rsp_rss / 1024)) MB = $(( (mon_rss + rsp_rss) / 1024 )) MB"
	say "  kernel: $skmem; slab growth $(( (slab1 - slab0) / 1024 )) MB"

	# a new interface: link up to first OFFER (veth, peer up, server side down)
	ip link add s99999 netns "$SRV" type veth peer name c1 netns "$CLI" || die "veth s99999"
	ip -n "$SRV" addr add 198.19.0.2/16 dev s99999
	ip -n "$CLI" link set c1 address 02:02:00:00:00:02
	ip -n "$CLI" link set c1 up
	sleep 0.5
	"$LOADGEN" -h >/dev/null 2>&1
	ip netns exec "$CLI" "$LOADGEN" -i c1 -n 1 -m 02:02:00:00:00:02 -r 10000 -t 5 -1 \
		>"$d/linkup.txt" 2>&1 &
	local lg=$!
	PIDS="$PIDS $lg"
	sleep 0.3
	t0=$(now_us)
	ip -n "$SRV" link set s99999 up
	t1=$(now_us)
	wait "$lg"
	local first
	first=$(sed -n 's/.*first_answer_realtime_us=\([0-9]*\).*/\1/p' "$d/linkup.txt")
	local linkup_ms=nan
	[ -n "$first" ] && linkup_ms=$(awk -v a="$first" -v b="$t0" -v c="$t1" 'BEGIN { printf "%.1f (%.1f after ip returned)", (a - b) / 1000, (a - c) / 1000 }')
	say "  new interface: ip link set up to first OFFER: $linkup_ms ms"
	# the same, the other way round and without the ip tool's own time:
	# the server end comes up when loadgen sets the client end up
	ip link add s99998 netns "$SRV" type veth peer name c2 netns "$CLI" || die "veth s99998"
	ip -n "$SRV" addr add 198.19.0.3/16 dev s99998
	ip -n "$CLI" link set c2 address 02:02:00:00:00:04
	ip -n "$SRV" link set s99998 up
	sleep 0.5
	ip netns exec "$CLI" "$LOADGEN" -i c2 -n 1 -m 02:02:00:00:00:04 -r 10000 -t 5 -1 -u \
		>"$d/linkup2.txt" 2>&1
	local linkup2_ms
	linkup2_ms=$(sed -n 's/.*first_answer_after_up_us=\([0-9]*\).*/\1/p' "$d/linkup2.txt" |
		awk '{ printf "%.1f", $1 / 1000 }')
	[ -n "$linkup2_ms" ] || linkup2_ms=nan
	say "  new interface: peer set up (SIOCSIFFLAGS) to first OFFER: $linkup2_ms ms"
	linkup_ms="$linkup_ms; peer up to first OFFER $linkup2_ms"

	# a database change: INSERT (commit time from sqlite) to first OFFER
	ip netns exec "$CLI" "$LOADGEN" -i c0 -n 1 -m 02:02:00:00:00:03 -r 10000 -t 5 -1 \
		>"$d/insert.txt" 2>&1 &
	lg=$!
	PIDS="$PIDS $lg"
	sleep 0.3
	local commit_us
	commit_us=$(sqlite3 -cmd '.timeout 5000' "$d/db/statichcpd.db" "PRAGMA foreign_keys=ON; BEGIN;
		INSERT INTO client_configuration (ifname, groupID, mac, attr_code, attr_val) VALUES ('s0', NULL, '02:02:00:00:00:03', 256, '198.19.0.30');
		COMMIT; SELECT CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER);")
	wait "$lg"
	first=$(sed -n 's/.*first_answer_realtime_us=\([0-9]*\).*/\1/p' "$d/insert.txt")
	local insert_ms=nan
	[ -n "$first" ] && [ -n "$commit_us" ] &&
		insert_ms=$(awk -v a="$first" -v b="$commit_us" 'BEGIN { printf "%.1f", (a - b) / 1000 }')
	say "  database INSERT committed to first OFFER: $insert_ms ms (sqlite clock: 1 ms resolution)"
	mon_rss=$(rss_kb "$mon"); rsp_rss=$(rss_kb "$rsp")
	printf 'scale\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$startup_ms" "$mon_rss" \
		"$rsp_rss" "$linkup_ms" "$insert_ms" "$((slab1 - slab0))" "$skmem" "$line" >>"$RESULTS"
	stop_pid "$mon"
	PIDS=$(echo " $PIDS " | sed "s/ $mon / /")
	SERVER_MAIN=""
	ip -n "$SRV" link del s99999 2>/dev/null
	ip -n "$SRV" link del s99998 2>/dev/null
	# one by one, each deletion waits for the kernel (minutes for
	# 10,000); when nothing follows, deleting the namespace at exit
	# removes them all in one batch
	if [ "${MODES##* }" != scale ]; then
		say "  removing the ifb interfaces"
		for k in $(seq "$n"); do echo "link del s$k"; done > "$d/ifb-del.batch"
		ip -n "$SRV" -batch "$d/ifb-del.batch" 2>/dev/null
	fi
}

scale_table() {
	awk -F'\t' '$1 == "scale" {
		printf "interfaces %d: start to serving all %d ms (%s); RSS monitor %.1f MB + responder %.1f MB = %.1f MB\n", $2, $3, $10, $4 / 1024, $5 / 1024, ($4 + $5) / 1024
		printf "  kernel: %s; slab growth %.1f MB\n", $9, $8 / 1024
		printf "  new interface: link up to first OFFER %s ms; database INSERT to first OFFER %s ms\n", $6, $7
	}' "$RESULTS"
}

# --- ab: two or more builds of statichcpd, interleaved ----------------------
# BENCH_AB_BINS="old/statichcpd new/statichcpd": for each round, rate and
# family, every build in turn serves the same loadgen run; the median CPU
# per answer of monitor and responder is printed per build.  For before /
# after figures of a change on a machine others share.

ab() {
	local d=$OUT/ab n=${BENCH_CEILING_N:-1000} bins=${BENCH_AB_BINS:-} b i round rate fam out
	local c0m c0r c1m c1r mon rsp lgopt ab_log
	[ -n "$bins" ] || die "BENCH_AB_BINS is empty"
	mkdir -p "$d"
	provision "$d" "$n"
	for round in $(seq "${BENCH_AB_ROUNDS:-3}"); do
		for rate in ${BENCH_AB_RATES:-1000 10000}; do
			for fam in 4 6; do
				lgopt=""; [ "$fam" = 6 ] && lgopt=-6
				i=0
				for b in $bins; do
					i=$((i + 1))
					ab_log=$d/ab$i.log
					$CPU_SRV ip netns exec "$SRV" "$b" -f -c "$d/statichcpd.conf" >"$ab_log" 2>&1 &
					mon=$!
					PIDS="$PIDS $mon"
					wait_until 10 '[ -n "$(children_of $mon)" ] && grep -q "serving interface s0" "$ab_log"' ||
						die "$b did not start"
					sleep 0.3
					rsp=$(children_of "$mon")
					out=$d/ab-$i-v$fam-r$rate-$round.txt
					c0m=$(cpu_ns "$mon"); c0r=$(cpu_ns "$rsp")
					$CPU_GEN ip netns exec "$CLI" "$LOADGEN" -i c0 $lgopt -n "$n" \
						-m 02:00:00:00:00:01 -r "$rate" -t "$LG_SECS" -w 300 >"$out" 2>&1
					c1m=$(cpu_ns "$mon"); c1r=$(cpu_ns "$rsp")
					printf 'ab\t%s\tv%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$fam" "$rate" "$round" \
						"$((c1m - c0m))" "$((c1r - c0r))" "$(tail -n 1 "$out")" >>"$RESULTS"
					stop_pid "$mon"
					PIDS=$(echo " $PIDS " | sed "s/ $mon / /")
				done
			done
		done
	done
	i=0
	for b in $bins; do i=$((i + 1)); echo "build $i: $b"; done
	awk -F'\t' '$1 == "ab" {
		for (j = 1; j <= split($8, f, " "); j++) { split(f[j], kv, "="); v[kv[1]] = kv[2] }
		k = $3 " " $4 " " $2; K[k] = 1
		c = ++n[k]
		mon[k, c] = v["answered"] ? $6 / 1e3 / v["answered"] : 0
		rsp[k, c] = v["answered"] ? $7 / 1e3 / v["answered"] : 0
		p99[k, c] = v["p99_us"] + 0
		loss[k, c] = v["loss_pct"] + 0
	}
	function med(a, k, cnt,   i, j, t, x) {
		for (i = 1; i <= cnt; i++) x[i] = a[k, i]
		for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++)
			if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
		return cnt % 2 ? x[(cnt + 1) / 2] : (x[cnt / 2] + x[cnt / 2 + 1]) / 2
	}
	END {
		printf "%-3s %6s %5s %14s %16s %12s %10s %7s\n", "v", "rate", "build", "monitor us/ans",
		    "responder us/ans", "total us/ans", "p99 us", "loss %"
		for (k in K) {
			split(k, p, " ")
			printf "%-3s %6s %5s %14.2f %16.2f %12.2f %10.1f %7.2f\n", p[1], p[2], p[3],
			    med(mon, k, n[k]), med(rsp, k, n[k]), med(mon, k, n[k]) + med(rsp, k, n[k]),
			    med(p99, k, n[k]), med(loss, k, n[k])
		}
	}' "$RESULTS" | sort -k1,1 -k2,2n -k3,3n | tee "$OUT/ab.txt"
}

# --- main -------------------------------------------------------------------

[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
[ -x "$BIN" ] || die "no $BIN: run make"
[ -x "$LOADGEN" ] || die "no $LOADGEN: run make bench"
[ -x "$FLOOR" ] || die "no $FLOOR: run make bench"
bash "$TOP/tests/bench/install-deps.sh" || die "cannot install the benchmark's packages"
for t in ip perfdhcp kea-dhcp4 kea-dhcp6 dnsmasq sqlite3 awk; do
	command -v "$t" >/dev/null 2>&1 || die "missing $t"
done
id "$RUNAS" >/dev/null 2>&1 || die "no user $RUNAS"

{
	echo "date: $(date -u +%FT%TZ)"
	echo "host: $(uname -r), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "statichcpd: $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null) $("$BIN" -V 2>&1 | head -n 1) ($BIN)"
	echo "kea: $(kea-dhcp4 -v 2>&1 | head -n 1); dnsmasq: $(dnsmasq --version | head -n 1)"
	echo "modes: $MODES; clients: $CLIENTS; rates: $RATES; $SECS s x $REPEAT"
} | tee "$OUT/env.txt" >&2

setup_net
for m in $MODES; do
	case $m in
	compare) compare ;;
	ceiling) ceiling ;;
	scale) scale ;;
	ab) ab ;;
	*) die "unknown mode $m" ;;
	esac
done

{
	echo
	echo "==== statichcpd benchmark ($(cat "$OUT/env.txt" | head -n 3 | tr '\n' ';'))"
	if grep -q '^compare' "$RESULTS" 2>/dev/null; then
		echo
		echo "perfdhcp, full 4-message exchanges, sustained = highest swept rate with <1 % loss in every repeat"
		compare_table
	fi
	if grep -q '^ceiling' "$RESULTS" 2>/dev/null; then
		echo
		echo "loadgen (DISCOVER/SOLICIT -> OFFER/ADVERTISE), server on one cpu; rate max = as fast as possible;"
		echo "floor = tests/bench/floor, DISCOVERs turned round with no work at all: the cost of wake-up, receive and send here"
		ceiling_table
	fi
	if grep -q '^scale' "$RESULTS" 2>/dev/null; then
		echo
		scale_table
	fi
	echo
	echo "raw output: $OUT"
} | tee "$OUT/table.txt"
