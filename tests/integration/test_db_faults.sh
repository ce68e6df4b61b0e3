#!/bin/bash
# The database going wrong under a running daemon (SPEC 7, 8, 9): replaced
# by a rename, deleted and restored, locked by a writer.  No crash, clear
# log lines, service back by itself.
TEST_NAME=db_faults
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
udhcpc_run c0 "$WORK/h0" || fail "udhcpc exited $? before any fault"
expect_eq "address before" "$(hook_val "$WORK/h0" ip)" 192.0.2.10
ip -n "$CLI" addr flush dev c0

say "a writer holding the database locked does not stall the responder"
(sqlite3 "$DB" ".timeout 100" "BEGIN IMMEDIATE;" "INSERT INTO client_groups (ifname) VALUES ('lock$ID');" ".shell touch $WORK/locked; sleep 4" "ROLLBACK;" >/dev/null 2>&1) &
LOCKER=$!
CLIENT_PIDS="$CLIENT_PIDS $LOCKER"
wait_until 5 '[ -e "$WORK/locked" ]' || fail "the writer never took the lock"
udhcpc_run c0 "$WORK/h1" || fail "udhcpc exited $? while a writer held the lock"
kill -0 "$LOCKER" 2>/dev/null || fail "the lock was released before the client finished"
expect_eq "address during the lock" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
wait "$LOCKER"
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
