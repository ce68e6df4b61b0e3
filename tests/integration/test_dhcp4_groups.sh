#!/bin/bash
# Interface groups (issue 3, SPEC 4): client_groups.groupID.
# - A client configured on sB (group g1) whose DISCOVER arrives on sA (also
#   g1) is answered, and the OFFER leaves through sB: it is seen on cB, with
#   sB's MAC and server identifier, and nothing comes back on cA.
# - A NULL group means that interface only: a client configured on sB is
#   unknown on sC (NULL); one configured on sC (NULL) is unknown on sA.
# - Rows on two interfaces of one group: error log, no reply.
# - The same MAC on two interfaces in different groups: two clients, two
#   addresses.
TEST_NAME=dhcp4_groups
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc tcpdump sqlite3

MAC1=02:00:00:00:04:10		# on sB, g1
MAC3=02:00:00:00:04:30		# on sC, NULL group
MAC4=02:00:00:00:04:40		# on sA and sB, both g1
MAC5=02:00:00:00:04:50		# on sD (g2) and on sE (g3)

REGEX='^s[A-E]$'
setup_namespaces
setup_db_dir
write_conf
init_db
make_link sA cA $MAC1
make_link sB cB 02:00:00:00:04:0b
make_link sC cC $MAC1
make_link sD cD $MAC5
make_link sE cE $MAC5
ip -n "$SRV" addr add 192.0.2.1/28 dev sA
ip -n "$SRV" addr add 192.0.2.17/28 dev sB
ip -n "$SRV" addr add 192.0.2.33/28 dev sC
ip -n "$SRV" addr add 192.0.2.49/28 dev sD
ip -n "$SRV" addr add 192.0.2.65/28 dev sE
GROUP="'g1'" add_client sB $MAC1 256 192.0.2.20 1 255.255.255.240
sql "INSERT INTO client_groups (ifname, groupID) VALUES ('sA', 'g1');" ||
	die "client_groups insert failed"
add_client sC $MAC3 256 192.0.2.40 1 255.255.255.240
GROUP="'g1'" add_client sA $MAC4 256 192.0.2.4 1 255.255.255.240
GROUP="'g1'" add_client sB $MAC4 256 192.0.2.24 1 255.255.255.240
GROUP="'g2'" add_client sD $MAC5 256 192.0.2.50 1 255.255.255.240
GROUP="'g3'" add_client sE $MAC5 256 192.0.2.70 1 255.255.255.240
expect_eq "groups in the database" \
	"$(sql "SELECT ifname || '=' || ifnull(groupID, 'NULL') FROM client_groups ORDER BY ifname;" | tr '\n' ' ')" \
	"sA=g1 sB=g1 sC=NULL sD=g2 sE=g3 "
start_daemon
for i in sA sB sC sD sE; do wait_served $i; done
MAC_SB=$(ns_mac "$SRV" sB)

# replies_for CAPFILE MAC: server replies to MAC in a capture, one a line
replies_for() {
	awk '/^[^ \t]/ { if (p != "") print p; p = $0; next } { p = p " " $0 }
		END { if (p != "") print p }' "$1" | grep "Client-Ethernet-Address $2"
}

start_capture "$CLI" cA "$WORK/cA.cap" "udp src port 67"
start_capture "$CLI" cB "$WORK/cB.cap" "udp src port 67"
start_capture "$CLI" cC "$WORK/cC.cap" "udp src port 67"

say "configured on sB (g1), DISCOVER on sA (g1): OFFER out of sB"
# udhcpc on cA sends; the OFFER goes to cB, so udhcpc on cA gets nothing
udhcpc_run cA "$WORK/hA" -t 1 && fail "the OFFER came back through sA"
wait_until 5 "grep -q 'Your-IP 192.0.2.20' '$WORK/cB.cap'" ||
	fail "no OFFER for $MAC1 seen on cB"
wait_log "Client: $MAC1 Interface: sA: DISCOVER -> OFFER by unicast frame to 192.0.2.20:68 out sB" ||
	fail "no log line for the OFFER out of sB"

say "NULL group: exact interface only"
# MAC1 (rows on sB, g1) arrives on sC (NULL group): unknown there
udhcpc_run cC "$WORK/hC" -t 1 && fail "$MAC1 answered on sC"
wait_log "Client: $MAC1 Interface: sC: unknown client" ||
	fail "$MAC1 not unknown on sC"
# MAC3 (rows on sC, NULL) arrives on sA (g1): unknown there
ip -n "$CLI" link set dev cA address $MAC3
udhcpc_run cA "$WORK/hA3" -t 1 && fail "$MAC3 answered on sA"
wait_log "Client: $MAC3 Interface: sA: unknown client" ||
	fail "$MAC3 not unknown on sA"

say "rows on two interfaces of one group: error, no reply"
ip -n "$CLI" link set dev cA address $MAC4
udhcpc_run cA "$WORK/hA4" -t 1 && fail "$MAC4 answered"
wait_log "client $MAC4 on sA: configured on more than one interface (sA, sB), not answering" ||
	fail "no error log line for $MAC4"

stop_capture "$WORK/cA.cap"
stop_capture "$WORK/cB.cap"
stop_capture "$WORK/cC.cap"
expect_eq "replies on cB for $MAC1" "$(replies_for "$WORK/cB.cap" $MAC1 | wc -l)" 1
expect_eq "OFFER on cB sent from sB's MAC" \
	"$(replies_for "$WORK/cB.cap" $MAC1 | grep -c "^[0-9:.]* $MAC_SB > .*Offer.*Server-ID (54), length 4: 192.0.2.17")" 1
expect_eq "replies on cA (any client)" "$(grep -c 'BOOTP/DHCP, Reply' "$WORK/cA.cap")" 0
expect_eq "replies on cC (any client)" "$(grep -c 'BOOTP/DHCP, Reply' "$WORK/cC.cap")" 0
expect_eq "replies on cB for $MAC4" "$(replies_for "$WORK/cB.cap" $MAC4 | wc -l)" 0
expect_eq "answers logged for $MAC3 and $MAC4" \
	"$(log_count "Client: ($MAC3|$MAC4) .*(Success|-> )")" 0

say "same MAC on two interfaces in different groups: two addresses"
udhcpc_run cD "$WORK/hD" || fail "udhcpc on cD exited $?"
udhcpc_run cE "$WORK/hE" || fail "udhcpc on cE exited $?"
expect_eq "$MAC5 on sD (g2)" "$(hook_val "$WORK/hD" ip)" 192.0.2.50
expect_eq "$MAC5 on sE (g3)" "$(hook_val "$WORK/hE" ip)" 192.0.2.70
expect_eq "server id on sD" "$(hook_val "$WORK/hD" server)" 192.0.2.49
expect_eq "server id on sE" "$(hook_val "$WORK/hE" server)" 192.0.2.65

finish
