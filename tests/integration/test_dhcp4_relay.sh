#!/bin/bash
# A real relay (issue 3, SPEC 5, RFC 3046): dhcrelay from isc-dhcp-relay in
# a middle namespace, adding option 82 (-a), between dhclient and the
# server:  client c0 -- r0 [relay] r1 -- s0 server.
# The database row is on s0, the server interface facing the relay.  The
# server sees giaddr, answers by UDP to giaddr:67 with option 82 echoed
# (checked on the wire in the server namespace and in the debug log), and
# dhclient gets its address.  A client rebooting with an address that is
# no longer its own gets a NAK through the relay and then the new address.
# A server identifier (258) the host does not have is no obstacle.
TEST_NAME=dhcp4_relay
. "$(dirname "$0")/lib.sh"
require_tools ip dhclient dhcrelay tcpdump sqlite3

MAC1=02:00:00:00:03:10
REL=shd-r$ID
GIADDR=198.51.100.1

setup_namespaces
add_netns "$REL"
setup_db_dir
write_conf
init_db
make_link_ns "$REL" r0 "$CLI" c0 $MAC1
make_link_ns "$REL" r1 "$SRV" s0
ip -n "$REL" addr add $GIADDR/24 dev r0
ip -n "$REL" addr add 203.0.113.2/24 dev r1
ip -n "$SRV" addr add 203.0.113.1/24 dev s0
ip -n "$SRV" route add 198.51.100.0/24 via 203.0.113.2
add_client s0 $MAC1 256 198.51.100.10 1 255.255.255.0 3 $GIADDR
start_daemon
wait_served s0

say "dhcrelay -a between client and server"
run_bg RELAY_PID timeout 60 ip netns exec "$REL" dhcrelay -4 -d --no-pid -a \
	-id r0 -iu r1 203.0.113.1 >"$WORK/relay.out" 2>&1
wait_until 10 "grep -q 'Sending on .*fallback' '$WORK/relay.out'" ||
	die "dhcrelay did not start: $(cat "$WORK/relay.out")"
start_capture "$SRV" s0 "$WORK/s0.cap" "udp port 67"

say "DORA through the relay"
dhclient_run c0 "$WORK/h1" || fail "dhclient exited $?"
expect_eq "ip through the relay" "$(hook_val "$WORK/h1" ip)" 198.51.100.10
expect_eq "router through the relay" "$(hook_val "$WORK/h1" router)" $GIADDR
expect_eq "server id through the relay" "$(hook_val "$WORK/h1" server)" 203.0.113.1
expect_eq "c0 address" "$(iface_addr c0)" 198.51.100.10/24
for m in "DISCOVER relayed via $GIADDR -> OFFER" \
	"REQUEST (SELECTING, ciaddr 0.0.0.0) relayed via $GIADDR -> ACK"; do
	wait_log "Client: $MAC1 Interface: s0: $m by UDP to $GIADDR:67 out s0, option 82 echoed" ||
		fail "no log line '$m by UDP to $GIADDR:67 ... option 82 echoed'"
done

say "on the wire: replies to giaddr:67 carry the relay's option 82"
stop_capture "$WORK/s0.cap"
# one record per packet: tcpdump -vv continues a packet on indented lines
awk '/^[^ \t]/ { if (p != "") print p; p = $0; next } { p = p " " $0 }
	END { if (p != "") print p }' "$WORK/s0.cap" > "$WORK/s0.pkts"
grep "203.0.113.2.67 > 203.0.113.1.67" "$WORK/s0.pkts" > "$WORK/requests"
grep "203.0.113.1.67 > $GIADDR.67" "$WORK/s0.pkts" > "$WORK/replies"
grep -q "Offer" "$WORK/replies" || fail "no OFFER to giaddr:67 on the wire"
grep -q "ACK" "$WORK/replies" || fail "no ACK to giaddr:67 on the wire"
expect_eq "relayed requests without option 82" \
	"$(grep -vc 'Agent-Information' "$WORK/requests")" 0
expect_eq "replies without option 82 echoed" \
	"$(grep -vc 'Agent-Information.*Circuit-ID SubOption 1, length 2: r0' "$WORK/replies")" 0
expect_eq "replies without giaddr" \
	"$(grep -vc "Gateway-IP $GIADDR" "$WORK/replies")" 0

say "INIT-REBOOT with an old address through the relay: NAK, then DORA"
kill "$(cat "$WORK/dhclient.c0.pid")" 2>/dev/null	# lease file kept
wait_until 5 '! kill -0 "$(cat "$WORK/dhclient.c0.pid")" 2>/dev/null' ||
	fail "dhclient did not stop"
sql "UPDATE client_configuration SET attr_val = '198.51.100.11'
	WHERE mac = '$MAC1' AND attr_code = 256;" || die "update failed"
rm -f "$WORK/h2.events"
dhclient_run c0 "$WORK/h2" || fail "dhclient exited $? after the change"
expect_eq "new ip through the relay" "$(hook_val "$WORK/h2" ip)" 198.51.100.11
wait_log "Client: $MAC1 Interface: s0: REQUEST (INIT-REBOOT, ciaddr 0.0.0.0) relayed via $GIADDR -> NAK by UDP to $GIADDR:67 out s0, option 82 echoed" ||
	fail "no NAK through the relay for the INIT-REBOOT"
expect_eq "c0 address after the NAK" "$(iface_addr c0)" 198.51.100.11/24

say "attribute 258 not an address of the host: relayed replies still go out"
# the UDP source is the interface's address; 258 only in the option
kill "$(cat "$WORK/dhclient.c0.pid")" 2>/dev/null
wait_until 5 '! kill -0 "$(cat "$WORK/dhclient.c0.pid")" 2>/dev/null' ||
	fail "dhclient did not stop"
add_client s0 $MAC1 258 192.0.2.254
dhclient_run c0 "$WORK/h3" || fail "dhclient exited $? with 258 set"
expect_eq "ip with 258 through the relay" "$(hook_val "$WORK/h3" ip)" 198.51.100.11
expect_eq "server id 258 through the relay" "$(hook_val "$WORK/h3" server)" 192.0.2.254
wait_until 3 '[ "$(log_count "Success \(ACK 198.51.100.11\)")" -ge 2 ]' ||
	fail "the ACK with 258 was not logged"
expect_eq "send errors logged" "$(log_count "Client: $MAC1 .*send failed")" 0
kill -0 "$RELAY_PID" 2>/dev/null || fail "dhcrelay died: $(cat "$WORK/relay.out")"

finish
