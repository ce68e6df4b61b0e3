#!/bin/bash
# Options as the clients see them (issue 3): dhclient and udhcpc get
# address, classless routes (121, several), domain search (119, several),
# MTU (26), hostname (12) and domain (15) exactly as in the database, and
# configure them; 29 host routes make option 121 longer than 255 bytes:
# split in two instances (RFC 3396), both clients get every route.  Server identifier (SPEC 5): attribute 258 overrides the
# interface address; an interface without IPv4 address and no 258 gets an
# error and no reply, until an address is added (netlink -> responder).
TEST_NAME=dhcp4_options
. "$(dirname "$0")/lib.sh"
require_tools ip dhclient udhcpc sqlite3

MAC1=02:00:00:00:01:10
MAC2=02:00:00:00:01:20
MAC3=02:00:00:00:01:30
MAC4=02:00:00:00:01:40
ROUTES="198.51.100.0/24 192.0.2.1 203.0.113.0/25 192.0.2.2 203.0.113.128/27 192.0.2.3"
UDHCPC_OPTS="-O staticroutes -O search -O mtu -O hostname -O domain"

setup_namespaces
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
make_link s1 c1 $MAC3
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0 3 192.0.2.1 \
	121 198.51.100.0/24,192.0.2.1 121 203.0.113.0/25,192.0.2.2 \
	121 203.0.113.128/27,192.0.2.3 \
	119 example.com 119 lab.example.org 26 1400 12 vm-one 15 example.net
add_client s0 $MAC2 256 192.0.2.20 1 255.255.255.0 258 192.0.2.254
add_client s1 $MAC3 256 198.51.100.10 1 255.255.255.0
ROUTES29='' args=''
for i in $(seq 1 29); do
	args="$args 121 203.0.113.$i/32,192.0.2.$((100 + i))"
	ROUTES29="$ROUTES29${ROUTES29:+ }203.0.113.$i/32 192.0.2.$((100 + i))"
done
# shellcheck disable=SC2086
add_client s0 $MAC4 256 192.0.2.40 1 255.255.255.0 $args
MAC5=02:00:00:00:00:50
ROUTES40='' args=''
for i in $(seq 1 40); do
	args="$args 121 203.0.113.$i/32,192.0.2.$((100 + i))"
	ROUTES40="$ROUTES40${ROUTES40:+ }203.0.113.$i/32 192.0.2.$((100 + i))"
done
# shellcheck disable=SC2086
add_client s0 $MAC5 256 192.0.2.50 1 255.255.255.0 $args
start_daemon
wait_served s0
wait_served s1

# check_routes WHAT: the classless routes are installed on c0
check_routes() {
	local got
	got=$(ip -n "$CLI" -4 route show dev c0 | awk '$2 == "via" {print $1, $3}' |
		sort | tr '\n' ' ')
	expect_eq "$1 routes in the routing table" "$got" \
		"198.51.100.0/24 192.0.2.1 203.0.113.0/25 192.0.2.2 203.0.113.128/27 192.0.2.3 "
}

say "dhclient: address, classless routes, search, MTU, hostname, domain"
dhclient_run c0 "$WORK/h1" || fail "dhclient exited $?"
expect_eq "dhclient ip" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
expect_eq "dhclient routes (121)" "$(hook_val "$WORK/h1" routes)" "$ROUTES"
expect_eq "dhclient search (119)" "$(hook_val "$WORK/h1" search)" \
	"example.com. lab.example.org."
expect_eq "dhclient mtu (26)" "$(hook_val "$WORK/h1" mtu)" 1400
expect_eq "dhclient hostname (12)" "$(hook_val "$WORK/h1" hostname)" vm-one
expect_eq "dhclient domain (15)" "$(hook_val "$WORK/h1" domain)" example.net
expect_eq "dhclient server id" "$(hook_val "$WORK/h1" server)" 192.0.2.1
expect_eq "c0 address" "$(iface_addr c0)" 192.0.2.10/24
expect_eq "c0 mtu" "$(link_mtu "$CLI" c0)" 1400
check_routes dhclient
dhclient_release c0
ip -n "$CLI" addr flush dev c0
ip -n "$CLI" link set dev c0 mtu 1500

say "udhcpc: the same, asked for with -O"
# shellcheck disable=SC2086
udhcpc_run c0 "$WORK/h2" $UDHCPC_OPTS || fail "udhcpc exited $?"
expect_eq "udhcpc ip" "$(hook_val "$WORK/h2" ip)" 192.0.2.10
expect_eq "udhcpc routes (121)" "$(hook_val "$WORK/h2" routes)" "$ROUTES"
expect_eq "udhcpc search (119)" "$(hook_val "$WORK/h2" search)" \
	"example.com lab.example.org"
expect_eq "udhcpc mtu (26)" "$(hook_val "$WORK/h2" mtu)" 1400
expect_eq "udhcpc hostname (12)" "$(hook_val "$WORK/h2" hostname)" vm-one
expect_eq "udhcpc domain (15)" "$(hook_val "$WORK/h2" domain)" example.net
expect_eq "c0 mtu" "$(link_mtu "$CLI" c0)" 1400
check_routes udhcpc
ip -n "$CLI" addr flush dev c0

say "options the client did not ask for are not sent"
# udhcpc -o: only what -O names (here: the MTU)
udhcpc_run c0 "$WORK/h3" -o -O mtu || fail "udhcpc -o exited $?"
expect_eq "unrequested routes" "$(hook_val "$WORK/h3" routes)" ""
expect_eq "unrequested hostname" "$(hook_val "$WORK/h3" hostname)" ""
expect_eq "requested mtu" "$(hook_val "$WORK/h3" mtu)" 1400
ip -n "$CLI" addr flush dev c0

say "29 host routes (261 bytes): option 121 split in two (RFC 3396)"
# 576-byte replies (neither client asks for more): the split option still
# fits the options field; both clients concatenate the two instances
ip -n "$CLI" link set dev c0 address $MAC4
udhcpc_run c0 "$WORK/h8" -O staticroutes || fail "udhcpc exited $? (29 routes)"
expect_eq "udhcpc routes from a split 121" "$(hook_val "$WORK/h8" routes)" "$ROUTES29"
ip -n "$CLI" addr flush dev c0
dhclient_run c0 "$WORK/h9" || fail "dhclient exited $? (29 routes)"
expect_eq "dhclient routes from a split 121" "$(hook_val "$WORK/h9" routes)" "$ROUTES29"
expect_eq "29 routes in the routing table" \
	"$(ip -n "$CLI" -4 route show dev c0 | grep -c '^203\.0\.113\.[0-9]* via ')" 29
dhclient_release c0
ip -n "$CLI" addr flush dev c0

say "40 host routes (360 bytes): option 121 split across options and file"
# more than a 576-byte reply's options field holds: option overload (52)
ip -n "$CLI" link set dev c0 address $MAC5
udhcpc_run c0 "$WORK/h10" -O staticroutes || fail "udhcpc exited $? (40 routes)"
expect_eq "udhcpc routes through overload" "$(hook_val "$WORK/h10" routes)" "$ROUTES40"
ip -n "$CLI" addr flush dev c0
dhclient_run c0 "$WORK/h11" || fail "dhclient exited $? (40 routes)"
expect_eq "dhclient routes through overload" "$(hook_val "$WORK/h11" routes)" "$ROUTES40"
dhclient_release c0
ip -n "$CLI" addr flush dev c0
grep -q "did not fit the reply" "$LOG" && fail "an option was left out"
ip -n "$CLI" link set dev c0 address $MAC4
# log lines come through the monitor: after this one, all before it are in
wait_log "Client: $MAC4 Interface: s0 Status: Success (ACK 192.0.2.40)" ||
	fail "no ACK line for $MAC4"
expect_eq "replies with options left out" "$(log_count "did not fit")" 0

say "attribute 258 is the server identifier"
ip -n "$CLI" link set dev c0 address $MAC2
udhcpc_run c0 "$WORK/h4" || fail "udhcpc with 258 exited $?"
expect_eq "ip with 258" "$(hook_val "$WORK/h4" ip)" 192.0.2.20
expect_eq "server id from 258" "$(hook_val "$WORK/h4" server)" 192.0.2.254
ip -n "$CLI" addr flush dev c0

say "no IPv4 address on the server interface and no 258: no reply"
if udhcpc_run c1 "$WORK/h5" -t 1; then fail "answered without server id"; fi
wait_log "Client: $MAC3 Interface: s1 Status: Failed (no server identifier" ||
	fail "no 'no server identifier' log line"
expect_eq "OFFERs to $MAC3 without server id" \
	"$(log_count "Client: $MAC3 .*(Success|-> OFFER)")" 0

say "an address added to the interface serves the next attempt"
ip -n "$SRV" addr add 198.51.100.1/24 dev s1
udhcpc_run c1 "$WORK/h6" || fail "udhcpc exited $? after the address was added"
expect_eq "ip after address added" "$(hook_val "$WORK/h6" ip)" 198.51.100.10
expect_eq "server id after address added" "$(hook_val "$WORK/h6" server)" 198.51.100.1
ip -n "$CLI" addr flush dev c1

say "the interface's address replaced: the next reply has the new one"
ip -n "$SRV" addr del 198.51.100.1/24 dev s1
ip -n "$SRV" addr add 198.51.100.2/24 dev s1
udhcpc_run c1 "$WORK/h7" || fail "udhcpc exited $? after the address changed"
expect_eq "server id after the change" "$(hook_val "$WORK/h7" server)" 198.51.100.2

finish
