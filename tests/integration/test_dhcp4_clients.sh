#!/bin/bash
# Real DHCPv4 clients (dhclient, udhcpc) in a client namespace get exactly
# what the database says; unknown clients get nothing; rows inserted and
# interfaces created while the daemon runs are served without a restart.
TEST_NAME=dhcp4_clients
. "$(dirname "$0")/lib.sh"
require_tools ip dhclient udhcpc sqlite3

MAC1=02:00:00:00:00:10
MAC2=02:00:00:00:00:20
MAC3=02:00:00:00:00:30

setup_namespaces
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0 3 192.0.2.1 \
	6 192.0.2.53 6 192.0.2.54
start_daemon
wait_served s0

say "dhclient gets address, mask, router and DNS from the database"
dhclient_run c0 "$WORK/h1" || fail "dhclient exited $?"
expect_eq "dhclient ip" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
expect_eq "dhclient mask" "$(hook_val "$WORK/h1" mask)" 255.255.255.0
expect_eq "dhclient router" "$(hook_val "$WORK/h1" router)" 192.0.2.1
expect_eq "dhclient dns" "$(hook_val "$WORK/h1" dns)" "192.0.2.53 192.0.2.54"
expect_eq "dhclient server id" "$(hook_val "$WORK/h1" server)" 192.0.2.1
expect_eq "dhclient lease" "$(hook_val "$WORK/h1" lease)" 600
expect_eq "address configured on c0" "$(iface_addr c0)" 192.0.2.10/24
wait_log "DHCPv4: Client: $MAC1 Interface: s0 Status: Success (ACK 192.0.2.10)" ||
	fail "no ACK log line for $MAC1"
dhclient_release c0
ip -n "$CLI" addr flush dev c0

say "udhcpc gets the same lease"
udhcpc_run c0 "$WORK/h2" || fail "udhcpc exited $?"
expect_eq "udhcpc ip" "$(hook_val "$WORK/h2" ip)" 192.0.2.10
expect_eq "udhcpc mask" "$(hook_val "$WORK/h2" mask)" 255.255.255.0
expect_eq "udhcpc router" "$(hook_val "$WORK/h2" router)" 192.0.2.1
expect_eq "udhcpc dns" "$(hook_val "$WORK/h2" dns)" "192.0.2.53 192.0.2.54"
ip -n "$CLI" addr flush dev c0

say "an unknown MAC gets no answer"
ip -n "$CLI" link set dev c0 address $MAC2
if udhcpc_run c0 "$WORK/h3"; then fail "unknown client got a lease"; fi
[ -f "$WORK/h3" ] && fail "hook ran for an unknown client"
wait_log "Client: $MAC2 Interface: s0: unknown client" ||
	fail "no debug line for the unknown client"
grep -q "Client: $MAC2 .*Success" "$LOG" && fail "unknown client answered"

say "a row inserted while the daemon runs is served on the next attempt"
add_client s0 $MAC2 256 192.0.2.20 1 255.255.255.0
udhcpc_run c0 "$WORK/h4" || fail "udhcpc exited $? after the insert"
expect_eq "live-inserted client ip" "$(hook_val "$WORK/h4" ip)" 192.0.2.20
ip -n "$CLI" addr flush dev c0

say "an interface created after start is served"
make_link s1 c1 $MAC3
ip -n "$SRV" addr add 192.0.2.2/24 dev s1
add_client s1 $MAC3 256 192.0.2.30 1 255.255.255.0
wait_served s1
dhclient_run c1 "$WORK/h5" || fail "dhclient on c1 exited $?"
expect_eq "new interface client ip" "$(hook_val "$WORK/h5" ip)" 192.0.2.30
expect_eq "new interface server id" "$(hook_val "$WORK/h5" server)" 192.0.2.2
dhclient_release c1

say "an interface that does not match the regex is not served"
make_link x0 cx0 02:00:00:00:00:40
# netlink events arrive in order: once s2 (created after x0) is served,
# the decision on x0 has been made
make_link s2 c2 02:00:00:00:00:50
wait_served s2
grep -q "serving interface x0" "$LOG" && fail "x0 served despite the regex"

finish
