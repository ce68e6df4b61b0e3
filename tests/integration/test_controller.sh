#!/bin/bash
# The example controller (contrib/controller/statichcpd-ctl) against a
# running daemon and a real client (udhcpc): a client it adds is served,
# list shows it, set-address and set-option change what the next run gets,
# remove-client makes it unknown (and leaves the other clients of the
# interface served), group makes a client of interface sB answered when its
# request arrives on sA, remove-group undoes that.  Values are quoted
# safely, a failing command changes nothing, the WAL files stay, and
# key-from-duid computes the 3.09 DUID key.
TEST_NAME=controller
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3 tc

MAC1=02:00:00:00:00:10
MAC2=02:00:00:00:00:20
MACG=02:00:00:00:00:30		# the guest behind the bridge (sA, sB)
REGEX='^s[0-9AB]$'
setup_namespaces
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
# Interface group topology: the guest's bridge br0 has two ports, cA (to
# sA) and cB (to sB).  cB drops what the guest sends, so its requests reach
# statichcpd on sA only; replies from sB still come back in through cB.
make_link sA cA
make_link sB cB
ip -n "$SRV" addr add 198.51.100.1/24 dev sA
ip -n "$SRV" addr add 198.51.100.2/24 dev sB
ip -n "$CLI" link add br0 type bridge
ip -n "$CLI" link set br0 address $MACG
ip -n "$CLI" link set cA master br0
ip -n "$CLI" link set cB master br0
ip -n "$CLI" link set br0 up
tc -n "$CLI" qdisc add dev cB root pfifo limit 0 || die "cannot make cB drop"
start_daemon
for i in s0 sA sB; do wait_served $i; done

# One DISCOVER, one second: for clients that must get no answer.
udhcpc_once() {
	HOOK_OUT=$2 timeout 10 ip netns exec "$CLI" udhcpc -i "$1" -n -q -f \
		-t 1 -T 1 -A 1 -s "$TOP/tests/integration/client-hook.sh" \
		>"$WORK/udhcpc.$1.out" 2>&1
}
# Lines of "ctl list", tab-separated fields joined by blanks.
listing() { ctl list "$@" | tr '\t' ' '; }

say "add-client: the running daemon serves the new client"
ctl add-client s0 $MAC1 192.0.2.10 --mask 255.255.255.0 --router 192.0.2.1 \
	--dns 192.0.2.53 192.0.2.54 --hostname guest1 --domain "o'brien.example" ||
	fail "add-client exited $?"
udhcpc_run c0 "$WORK/h1" || fail "udhcpc exited $?"
expect_eq "ip" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
expect_eq "mask" "$(hook_val "$WORK/h1" mask)" 255.255.255.0
expect_eq "router" "$(hook_val "$WORK/h1" router)" 192.0.2.1
expect_eq "dns (in order)" "$(hook_val "$WORK/h1" dns)" "192.0.2.53 192.0.2.54"
expect_eq "hostname" "$(hook_val "$WORK/h1" hostname)" guest1
ip -n "$CLI" addr flush dev c0

say "list shows it, values in the order given"
expect_eq "list s0" "$(listing s0)" "ifname group client family code value
s0 - $MAC1 v4 1 255.255.255.0
s0 - $MAC1 v4 3 192.0.2.1
s0 - $MAC1 v4 6 192.0.2.53
s0 - $MAC1 v4 6 192.0.2.54
s0 - $MAC1 v4 12 guest1
s0 - $MAC1 v4 15 o'brien.example
s0 - $MAC1 v4 256 192.0.2.10"

say "set-address and set-option: the next run gets the new values"
ctl set-address s0 $MAC1 192.0.2.11 || fail "set-address exited $?"
ctl set-option s0 $MAC1 6 192.0.2.99 || fail "set-option exited $?"
udhcpc_run c0 "$WORK/h2" || fail "udhcpc exited $?"
expect_eq "new ip" "$(hook_val "$WORK/h2" ip)" 192.0.2.11
expect_eq "new dns" "$(hook_val "$WORK/h2" dns)" 192.0.2.99
ip -n "$CLI" addr flush dev c0

say "commands that fail change nothing"
before=$(listing)
ctl add-client s0 $MAC1 192.0.2.12 2>"$WORK/e1" && fail "add-client of an existing client succeeded"
grep -q "client $MAC1 exists on s0" "$WORK/e1" || fail "message: $(cat "$WORK/e1")"
ctl add-client s0 $MAC2 192.0.2.20 --option 1 255.255.255.0 --option 999 x 2>"$WORK/e2" &&
	fail "add-client with an undefined code succeeded"
grep -q "attribute 999 is not in valid_attributes" "$WORK/e2" || fail "message: $(cat "$WORK/e2")"
ctl add-client s0 $MAC2 192.0.2.20 --hostname "a
b" 2>"$WORK/e3" && fail "a value with a newline was accepted"
grep -q "must not contain a newline" "$WORK/e3" || fail "message: $(cat "$WORK/e3")"
ctl set-address s0 $MAC2 192.0.2.20 2>"$WORK/e4" && fail "set-address of an unknown client succeeded"
expect_eq "database unchanged" "$(listing)" "$before"
evil="x'); DROP TABLE clients; --"
ctl add-client s0 $MAC2 192.0.2.20 --hostname "$evil" || fail "add-client exited $?"
expect_eq "a value with SQL in it is stored as it is" \
	"$(sql "SELECT attr_val FROM client_configuration WHERE mac = '$MAC2' AND attr_code = 12;")" "$evil"
expect_eq "clients table still there" "$(sql "SELECT count(*) FROM clients WHERE ifname = 's0';")" 1

say "remove-client: unknown to the daemon; the other client of s0 stays served"
# MAC1 came first on s0 (group NULL), so it owns the interface's
# client_groups row in the 3.09 triggers; the controller keeps it.
ctl remove-client s0 $MAC1 || fail "remove-client exited $?"
listing s0 | grep -q "$MAC1" && fail "list still shows $MAC1"
udhcpc_once c0 "$WORK/h3" && fail "a removed client got a lease"
wait_log "Client: $MAC1 Interface: s0: unknown client" || fail "no 'unknown client' line"
ip -n "$CLI" link set dev c0 address $MAC2
udhcpc_run c0 "$WORK/h4" || fail "the remaining client got nothing"
expect_eq "remaining client ip" "$(hook_val "$WORK/h4" ip)" 192.0.2.20
ip -n "$CLI" addr flush dev c0

say "group: a client of sB is answered when its request arrives on sA"
ctl add-client sB $MACG 198.51.100.20 --mask 255.255.255.0 --group net7 ||
	fail "add-client exited $?"
udhcpc_once br0 "$WORK/h5" && fail "answered on sA before sA joined the group"
wait_log "Client: $MACG Interface: sA: unknown client" || fail "request did not arrive on sA"
ctl group sA net7 || fail "group exited $?"
expect_eq "list-groups" "$(ctl list-groups | tr '\t' ' ' | grep net7)" "sA net7
sB net7"
udhcpc_run br0 "$WORK/h6" || fail "udhcpc on br0 exited $?"
expect_eq "grouped client ip" "$(hook_val "$WORK/h6" ip)" 198.51.100.20
expect_eq "server id (sB's address)" "$(hook_val "$WORK/h6" server)" 198.51.100.2
wait_log "Client: $MACG Interface: sA Status: Success (ACK 198.51.100.20)" ||
	fail "no ACK logged for the request on sA"
grep -q "Client: $MACG Interface: sB " "$LOG" && fail "a request leaked out through cB"
ip -n "$CLI" addr flush dev br0

say "remove-group: sA and sB on their own again"
ctl remove-group net7 || fail "remove-group exited $?"
expect_eq "groups" "$(sql "SELECT count(*) FROM client_groups WHERE groupID IS NOT NULL;")" 0
n=$(grep -c "Client: $MACG Interface: sA: unknown client" "$LOG")
udhcpc_once br0 "$WORK/h7" && fail "answered on sA after remove-group"
wait_log "Client: $MACG Interface: sA: unknown client" 3 &&
	wait_until 3 '[ "$(grep -c "Client: $MACG Interface: sA: unknown client" "$LOG")" -gt "$n" ]' ||
	fail "no new 'unknown client' line on sA"
expect_eq "foreign keys hold" "$(sql "PRAGMA foreign_keys = ON; PRAGMA foreign_key_check;")" ""

say "DHCPv6 rows and key-from-duid"
key=$(ctl key-from-duid 00:01:00:01:2a:3b:4c:5d:02:00:00:00:00:10)
expect_eq "DUID-LLT key" "$key" 11020000000010
expect_eq "DUID-LL key" "$(ctl key-from-duid 00030001020000000010)" 31020000000010
expect_eq "DUID-EN key" "$(ctl key-from-duid 0002000000090102)" 209258
ctl key-from-duid 0001000100000000 2>/dev/null && fail "a DUID-LLT without address has a key"
ctl add-v6 s0 "$key" ia_na 0x1,2001:db8::10 dns 2001:db8::53 || fail "add-v6 exited $?"
expect_eq "v6 rows" "$(listing s0 | grep " v6 ")" "s0 - $key v6 3 0x1,2001:db8::10
s0 - $key v6 23 2001:db8::53"
ctl remove-client s0 "$key" || fail "remove-client of a DUID key exited $?"
expect_eq "v6 rows removed" "$(listing s0 | grep -c " v6 ")" 0

say "the WAL files stay, empty, when the controller's connection closes last"
kill -TERM "$DAEMON_PID"
wait_until 5 '! kill -0 $DAEMON_PID 2>/dev/null' || fail "daemon did not exit"
DAEMON_PID=
ctl set-address s0 $MAC2 192.0.2.21 || fail "set-address exited $?"
[ -e "$DB-wal" ] && [ -e "$DB-shm" ] || fail "-wal or -shm removed"
[ -s "$DB-wal" ] && fail "-wal left with $(stat -c %s "$DB-wal") bytes of old pages"
expect_eq "written before close" "$(sql "SELECT attr_val FROM client_configuration WHERE mac = '$MAC2' AND attr_code = 256;")" 192.0.2.21

finish
