#!/bin/bash
# The database going wrong under a running daemon (SPEC 7, 8, 9): locked
# by a writer for 10 s, replaced by a rename, deleted and restored.  No
# crash, no stall of the packet loop, clear log lines, service back by
# itself.
TEST_NAME=db_faults
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3 python3

MAC1=02:00:00:00:00:10		# the real client (udhcpc) on c0
MAC2=02:00:00:00:00:20		# probed on c1
MAC3=02:00:00:00:00:30		# probed on c0, beside the real client
LOCK_S=10			# how long the writer holds its lock
STATS=$WORK/statichcpd.prom
EXTRA_CONF="stats_file = $STATS
stats_interval = 1"
setup_namespaces
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
make_link s1 c1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
ip -n "$SRV" addr add 198.51.100.1/24 dev s1
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0
add_client s0 $MAC3 256 192.0.2.30 1 255.255.255.0
add_client s1 $MAC2 256 198.51.100.20 1 255.255.255.0
start_daemon
wait_served s0
wait_served s1
total() { sed -n "s/^statichcpd_$1_total //p" "$STATS" 2>/dev/null; }
udhcpc_run c0 "$WORK/h0" || fail "udhcpc exited $? before any fault"
expect_eq "address before" "$(hook_val "$WORK/h0" ip)" 192.0.2.10
ip -n "$CLI" addr flush dev c0

say "a writer holding the database locked for $LOCK_S s does not stall the responder"
wait_until 5 '[ -n "$(total db_busy)" ]' || fail "no statistics"
busy0=$(total db_busy)
(sqlite3 "$DB" ".timeout 100" "BEGIN IMMEDIATE;" \
	"INSERT INTO client_groups (ifname) VALUES ('lock$ID');" \
	".shell touch $WORK/locked; sleep $LOCK_S" "ROLLBACK;" >/dev/null 2>&1) &
LOCKER=$!
CLIENT_PIDS="$CLIENT_PIDS $LOCKER"
wait_until 5 '[ -e "$WORK/locked" ]' || fail "the writer never took the lock"
# While it holds the lock: a real client, and beside it a DISCOVER every
# 100 ms on each of two interfaces (MAC3 on c0, MAC2 on c1), each timed to
# its OFFER or to the log line of its drop (database busy).  Every one
# must end so within PROBE_MS and the drops must be counted as db-busy.
# In WAL mode readers see the last commit while a writer works, so OFFERs
# are what comes; a drop would be a reader meeting a busy WAL index.  The
# latencies measured are well under 10 ms; 50 leaves room for a loaded
# machine, and a stalled loop takes seconds.
PROBE_MS=${PROBE_MS:-50}
run_bg UDHCPC udhcpc_run c0 "$WORK/h1"
timeout $((LOCK_S + 3)) ip netns exec "$CLI" $DHCP4_SEND probe \
	--seconds $((LOCK_S - 2)) --interval-ms 100 --timeout-ms 500 \
	--log "$LOG" c0=$MAC3 c1=$MAC2 > "$WORK/probe.out" ||
	fail "the probe exited $?"
kill -0 "$LOCKER" 2>/dev/null || fail "the lock was released before the probes ended"
wait "$UDHCPC" || fail "udhcpc exited $? while a writer held the lock"
expect_eq "address during the lock" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
grep "^summary" "$WORK/probe.out" | sed "s/^/$TEST_NAME: /"
# one round of two probes each 100 ms: a stalled loop makes fewer rounds
for i in c0 c1; do
	n=$(grep -c "^iface=$i .*outcome=\(offer\|busy\)" "$WORK/probe.out")
	[ "$n" -ge $(( (LOCK_S - 2) * 5 )) ] ||
		fail "$i: only $n probes handled in $((LOCK_S - 2)) s"
done
expect_eq "probes neither answered nor dropped" "$(grep -c "outcome=none" "$WORK/probe.out")" 0
late=$(awk -v lim="$PROBE_MS" '/^iface=/ && $4 != "outcome=none" {
	split($3, v, "="); if (v[2] + 0 > lim + 0) n++ } END { print n + 0 }' "$WORK/probe.out")
expect_eq "probes answered or dropped later than $PROBE_MS ms" "$late" 0
drops=$(grep -c "outcome=busy" "$WORK/probe.out")
wait_until 5 '[ "$(total db_busy)" -ge $((busy0 + drops)) ]' ||
	fail "$drops probes dropped, db-busy counted $(( $(total db_busy) - busy0 ))"
wait "$LOCKER"
ip -n "$CLI" addr flush dev c0
start=$(date +%s%N)
udhcpc_run c0 "$WORK/h1b" || fail "udhcpc exited $? after the lock"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_eq "address after the lock" "$(hook_val "$WORK/h1b" ip)" 192.0.2.10
say "udhcpc got its address $ms ms after the lock was released"
[ "$ms" -lt 2000 ] || fail "udhcpc took $ms ms after the lock was released"
ip -n "$CLI" addr flush dev c0

say "the database replaced by a rename is picked up"
cp "$DB" "$WORK/new.db"
sqlite3 "$WORK/new.db" "UPDATE client_configuration SET attr_val = '192.0.2.77' WHERE attr_code = 256;"
chgrp "$(id -gn "$RUNAS")" "$WORK/new.db"
chmod 0640 "$WORK/new.db"
mv "$WORK/new.db" "$DB"
wait_until 10 'grep -q "was replaced: preparing it again" "$LOG"' || fail "monitor did not notice the replacement"
ok=0
for _ in 1 2 3 4 5; do
	udhcpc_run c0 "$WORK/h2" && [ "$(hook_val "$WORK/h2" ip)" = 192.0.2.77 ] && { ok=1; break; }
	ip -n "$CLI" addr flush dev c0
done
[ $ok = 1 ] || fail "new database not served: got '$(hook_val "$WORK/h2" ip)'"
[ -e "$DB-wal" ] && [ -e "$DB-shm" ] || fail "-wal/-shm missing after the replacement"
ip -n "$CLI" addr flush dev c0

say "the database deleted: no answers, clear log, no crash; restored: served again"
cp "$DB" "$WORK/backup.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
wait_until 10 'grep -q "is gone: waiting for the controller" "$LOG"' || fail "no 'gone' line"
udhcpc_run c0 "$WORK/h3" && fail "served from a deleted database"
kill -0 "$DAEMON_PID" || fail "daemon died"
[ -n "$(responder_pid)" ] || fail "no responder"
# a careful controller: the file gets its group and mode before its content
install -m 0640 -g "$(id -gn "$RUNAS")" /dev/null "$DB"
sqlite3 "$DB" ".restore $WORK/backup.db"
ok=0
for _ in 1 2 3 4 5 6; do
	udhcpc_run c0 "$WORK/h4" && { ok=1; break; }
done
[ $ok = 1 ] || fail "not served after the restore"
expect_eq "address after restore" "$(hook_val "$WORK/h4" ip)" 192.0.2.77
grep -q "database /statichcpd.db unavailable" "$LOG" || fail "responder did not log the outage"
ip -n "$CLI" addr flush dev c0

say "a database with the wrong schema, restored in place: no answers; the right one back: served"
sqlite3 "$WORK/wrong.db" "CREATE TABLE unrelated (x INTEGER);"
sqlite3 "$DB" ".restore $WORK/wrong.db"
wait_until 10 'udhcpc_run c0 "$WORK/h5"; [ ! -s "$WORK/h5" ]' || fail "served from a wrong schema"
[ -n "$(responder_pid)" ] || fail "no responder with the wrong schema"
sqlite3 "$DB" ".restore $WORK/backup.db"
ok=0
for _ in 1 2 3 4 5 6; do
	udhcpc_run c0 "$WORK/h6" && { ok=1; break; }
done
[ $ok = 1 ] || fail "not served after the schema came back"
ip -n "$CLI" addr flush dev c0

say "a truncated database: no crash; the good one back: served"
# pages still in the WAL would hide the damage: checkpoint first
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
truncate -s 3000 "$DB"
wait_until 10 'udhcpc_run c0 "$WORK/h7"; [ ! -s "$WORK/h7" ]' || fail "served from a truncated database"
kill -0 "$DAEMON_PID" || fail "daemon died on a truncated database"
[ -n "$(responder_pid)" ] || fail "no responder with a truncated database"
sqlite3 "$DB" ".restore $WORK/backup.db"
ok=0
for _ in 1 2 3 4 5 6; do
	udhcpc_run c0 "$WORK/h8" && { ok=1; break; }
done
[ $ok = 1 ] || fail "not served after the truncated database was restored"
expect_eq "address at the end" "$(hook_val "$WORK/h8" ip)" 192.0.2.77

finish
