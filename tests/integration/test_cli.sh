#!/bin/bash
# The command line as an operator meets it: --help and -V, -t exit codes
# with the problem named (file:line), a daemon without -f (pid file, clean
# exit on SIGTERM), a second instance refused.  make install: test_install.
TEST_NAME=cli
. "$(dirname "$0")/lib.sh"
require_tools ip sqlite3

say "-h, -V and bad usage"
"$BIN" -h > "$WORK/help" || fail "-h exited $?"
for opt in -c -a -f -v -t -p -V -h --init-db --config_file --config_dir; do
	grep -q -- "$opt" "$WORK/help" || fail "--help does not mention $opt"
done
expect_eq "-V" "$("$BIN" -V)" "statichcpd $(sed -n 's/^VERSION *?= *//p' "$TOP/Makefile")"
"$BIN" -x >/dev/null 2>&1; expect_eq "unknown option status" $? 1
"$BIN" extra-arg >/dev/null 2>&1; expect_eq "stray argument status" $? 1

say "-t: a good configuration and database"
setup_namespaces
setup_db_dir
write_conf
init_db
"$BIN" -t -c "$CONF" > "$WORK/t1" 2>&1; expect_eq "-t good status" $? 0
grep -q "configuration OK" "$WORK/t1" || fail "-t did not say OK"

say "-t: a bad value is named with file and line"
cp "$CONF" "$WORK/bad.conf"
echo "default_lease_time = ten" >> "$WORK/bad.conf"
line=$(wc -l < "$WORK/bad.conf")
"$BIN" -t -c "$WORK/bad.conf" > "$WORK/t2" 2>&1; expect_eq "-t bad status" $? 1
grep -q "$WORK/bad.conf:$line:" "$WORK/t2" || fail "-t did not name $WORK/bad.conf:$line: $(cat "$WORK/t2")"

say "-t: a regex regcomp would spend minutes and gigabytes on is refused at once"
regex_line=$(grep -n "^served_interface_regex" "$CONF" | cut -d: -f1)
sed "s|^served_interface_regex = .*|served_interface_regex = ^s((a{1,255}){1,255}){1,255}|" \
	"$CONF" > "$WORK/costly.conf"
start=$(date +%s%N)
timeout 10 "$BIN" -t -c "$WORK/costly.conf" > "$WORK/t7" 2>&1; expect_eq "-t costly regex status" $? 1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
say "-t refused it in $ms ms"
[ "$ms" -lt 2000 ] || fail "-t took $ms ms over a costly regex"
grep -q "$WORK/costly.conf:$regex_line: served_interface_regex: too costly to compile" "$WORK/t7" ||
	fail "-t did not name $WORK/costly.conf:$regex_line: $(cat "$WORK/t7")"

say "-t: a database that is not sqlite"
echo "not a database" > "$WORK/junk.db"
sed "s|^dhcp_db_filename = .*|dhcp_db_filename = $WORK/junk.db|" "$CONF" > "$WORK/junk.conf"
"$BIN" -t -c "$WORK/junk.conf" > "$WORK/t3" 2>&1; expect_eq "-t junk db status" $? 1
grep -q "junk.db" "$WORK/t3" || fail "-t did not name the database"

say "-t: what the responder would refuse is refused up front"
sed "s|^user = .*|user = no-such-user-$ID|" "$CONF" > "$WORK/nouser.conf"
"$BIN" -t -c "$WORK/nouser.conf" > "$WORK/t4" 2>&1; expect_eq "-t unknown user status" $? 1
grep -q "user no-such-user-$ID does not exist" "$WORK/t4" || fail "-t did not name the user: $(cat "$WORK/t4")"
chmod 0770 "$DBDIR"
"$BIN" -t -c "$CONF" > "$WORK/t5" 2>&1; expect_eq "-t writable chroot status" $? 1
grep -q "chroot directory $DBDIR is writable by user $RUNAS" "$WORK/t5" || fail "-t: $(cat "$WORK/t5")"
chmod 0750 "$DBDIR"
sed "s|^dhcp_db_filename = .*|dhcp_db_filename = /var/tmp/elsewhere.db\nchroot_dir = $DBDIR|" "$CONF" > "$WORK/outside.conf"
"$BIN" -t -c "$WORK/outside.conf" > "$WORK/t6" 2>&1; expect_eq "-t db outside chroot status" $? 1
grep -q "is not inside chroot_dir" "$WORK/t6" || fail "-t: $(cat "$WORK/t6")"

say "without -f it daemonises and writes the pid file"
ip netns exec "$SRV" "$BIN" -c "$CONF"
expect_eq "daemonising parent status" $? 0
wait_until 5 '[ -s "$PIDFILE" ]' || fail "no pid file"
DAEMON_PID=$(cat "$PIDFILE")
kill -0 "$DAEMON_PID" 2>/dev/null || fail "pid file names no running process"
wait_until 5 '[ -n "$(responder_pid)" ]' || fail "daemon has no responder"
expect_eq "daemon session leader" "$(ps -o sid= -p "$DAEMON_PID" | tr -d ' ')" "$DAEMON_PID"

say "a second instance with the same pid file is refused"
ip netns exec "$SRV" "$BIN" -f -c "$CONF" > "$WORK/second" 2>&1
expect_eq "second instance status" $? 1
grep -q "another statichcpd (pid $DAEMON_PID)" "$WORK/second" || fail "second instance: $(cat "$WORK/second")"
grep -q "dbinit_prepare" "$WORK/second" && fail "the refused instance touched the database"

say "SIGTERM: the daemon exits and removes its pid file"
kill -TERM "$DAEMON_PID"
wait_until 5 '! kill -0 $DAEMON_PID 2>/dev/null' || fail "daemon still running"
DAEMON_PID=
[ -e "$PIDFILE" ] && fail "pid file left behind"

finish
