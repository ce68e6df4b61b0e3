#!/bin/bash
# Reply paths and REQUEST states with real clients (issue 3, SPEC 5):
# - a unicast renew (RENEWING, ciaddr set) is ACKed by UDP to ciaddr:68 and
#   the client keeps its address;
# - the address changed in the database: the next renew is NAKed (broadcast)
#   and dhclient ends up, through a new DORA, with the new address;
# - an INFORM (bounded python sender, from ciaddr:68) gets an ACK to
#   ciaddr:68 without lease time and yiaddr, with the options it asked for,
#   also when the server identifier (258) is not an address of the host;
# - the broadcast flag (udhcpc -B) gets broadcast frames;
# - disable_routing_with_rawsock: the renew ACK goes as a frame;
#   disable_routing_with_udpsock: it goes by UDP pinned to the interface;
# - RELEASE (dhclient -r) and DECLINE (udhcpc -a, the address answers ARP
#   on the link) are logged, not answered.
# The lease is 4 s, so dhclient renews every 2 to 3 s.
TEST_NAME=dhcp4_paths
. "$(dirname "$0")/lib.sh"
require_tools ip dhclient udhcpc sqlite3 python3

MAC1=02:00:00:00:02:10
LEASE4="default_lease_time = 4"

setup_namespaces
setup_db_dir
EXTRA_CONF=$LEASE4
write_conf
init_db
make_link s0 c0 $MAC1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
add_client s0 $MAC1 256 192.0.2.10 1 255.255.255.0 3 192.0.2.1 \
	26 1400 15 example.net
start_daemon
wait_served s0

# events_have FILE 'EVENT ip': the hook recorded that event
events_have() { grep -qx -- "$2" "$1.events" 2>/dev/null; }

# renew_phase WHAT OUT IP 'how': dhclient gets IP, renews, the renew is
# ACKed (the reply path logged as 'how') and the address stays.
renew_phase() {
	local what=$1 out=$2 ip=$3 how=$4
	rm -f "$out.events"
	dhclient_run c0 "$out" || fail "$what: dhclient exited $?"
	expect_eq "$what: ip" "$(hook_val "$out" ip)" "$ip"
	expect_eq "$what: lease" "$(hook_val "$out" lease)" 4
	wait_until 10 "events_have '$out' 'RENEW $ip'" ||
		fail "$what: no renewal within 10 s"
	wait_log "Client: $MAC1 Interface: s0: REQUEST (RENEWING, ciaddr $ip) -> ACK by $how to $ip:68 out s0" ||
		fail "$what: no 'RENEWING ... ACK by $how' log line"
	expect_eq "$what: address kept after the renew" "$(iface_addr c0)" "$ip/24"
}

say "a unicast renew is ACKed by UDP to ciaddr:68"
renew_phase "udp" "$WORK/h1" 192.0.2.10 UDP

say "address changed in the database: renew NAKed, new DORA, new address"
sql "UPDATE client_configuration SET attr_val = '192.0.2.11'
	WHERE mac = '$MAC1' AND attr_code = 256;" || die "update failed"
wait_until 15 "events_have '$WORK/h1' 'BOUND 192.0.2.11'" ||
	fail "dhclient did not end up with 192.0.2.11"
wait_log "Client: $MAC1 Interface: s0 Status: Success (ACK 192.0.2.11)" ||
	fail "no ACK of 192.0.2.11 logged"
nak=$(log_lineno "Client: $MAC1 Interface: s0: REQUEST \(RENEWING, ciaddr 192.0.2.10\) -> NAK by broadcast frame to 255.255.255.255:68 out s0")
ack=$(log_lineno "Client: $MAC1 Interface: s0 Status: Success \(ACK 192.0.2.11\)")
[ "$nak" -gt 0 ] || fail "no NAK for the renew of 192.0.2.10"
[ "$ack" -gt "$nak" ] || fail "no ACK of 192.0.2.11 after the NAK (lines $nak, $ack)"
wait_log "Client: $MAC1 Interface: s0 Status: Failed (NAK sent: client address is not the configured one)" ||
	fail "NAK outcome line missing"
grep -qx "EXPIRE " "$WORK/h1.events" || fail "dhclient did not drop the lease on the NAK"
expect_eq "address after the NAK" "$(iface_addr c0)" 192.0.2.11/24
dhclient_release c0
ip -n "$CLI" addr flush dev c0

say "INFORM: ACK to ciaddr:68, no lease time, yiaddr 0, requested options"
ip -n "$CLI" addr add 192.0.2.11/24 dev c0
timeout 10 ip netns exec "$CLI" $DHCP4_SEND inform --mac $MAC1 \
	--ciaddr 192.0.2.11 --server 192.0.2.1 --prl 1,3,26,51,15 \
	>"$WORK/inform.out" 2>&1 || fail "no reply to the INFORM: $(cat "$WORK/inform.out")"
inf() { sed -n "s/^$1=//p" "$WORK/inform.out"; }
expect_eq "INFORM reply from" "$(inf from)" 192.0.2.1:67
expect_eq "INFORM reply type" "$(inf type)" 5
expect_eq "INFORM reply yiaddr" "$(inf yiaddr)" 0.0.0.0
expect_eq "INFORM reply ciaddr" "$(inf ciaddr)" 192.0.2.11
expect_eq "INFORM reply options, in PRL order" "$(inf codes)" 53,54,1,3,26,15
expect_eq "INFORM subnet mask" "$(inf opt1)" ffffff00
expect_eq "INFORM router" "$(inf opt3)" c0000201
expect_eq "INFORM mtu" "$(inf opt26)" 0578
expect_eq "INFORM domain" "$(inf opt15)" "$(printf example.net | od -An -tx1 | tr -d ' \n')"
wait_log "Client: $MAC1 Interface: s0: INFORM -> ACK by UDP to 192.0.2.11:68 out s0" ||
	fail "no 'INFORM -> ACK by UDP' log line"
wait_log "Client: $MAC1 Interface: s0 Status: Success (ACK to INFORM from 192.0.2.11)" ||
	fail "no INFORM outcome line"

say "INFORM with a server identifier (258) the host does not have"
add_client s0 $MAC1 258 192.0.2.254
timeout 10 ip netns exec "$CLI" $DHCP4_SEND inform --mac $MAC1 \
	--ciaddr 192.0.2.11 --server 192.0.2.1 --prl 1 \
	>"$WORK/inform.out" 2>&1 || fail "no reply to the INFORM with 258: $(cat "$WORK/inform.out")"
expect_eq "INFORM reply from, with 258" "$(inf from)" 192.0.2.1:67
expect_eq "INFORM server id from 258" "$(inf opt54)" c00002fe
wait_until 3 '[ "$(log_count "Success \(ACK to INFORM from 192.0.2.11\)")" = 2 ]' ||
	fail "second INFORM not logged as answered"
expect_eq "send errors logged" "$(log_count "Client: $MAC1 .*send failed")" 0
sql "DELETE FROM client_configuration WHERE mac = '$MAC1' AND attr_code = 258;"
ip -n "$CLI" addr flush dev c0

say "broadcast flag (udhcpc -B): OFFER and ACK as broadcast frames"
udhcpc_run c0 "$WORK/hB" -B || fail "udhcpc -B exited $?"
expect_eq "udhcpc -B ip" "$(hook_val "$WORK/hB" ip)" 192.0.2.11
for m in "DISCOVER -> OFFER" "REQUEST (SELECTING, ciaddr 0.0.0.0) -> ACK"; do
	wait_log "Client: $MAC1 Interface: s0: $m by broadcast frame to 255.255.255.255:68 out s0" ||
		fail "no '$m by broadcast frame' log line"
done
ip -n "$CLI" addr flush dev c0

say "disable_routing_with_rawsock: the renew ACK is a frame"
restart_daemon rawsock "$LEASE4
disable_routing_with_rawsock = True"
wait_served s0
renew_phase "rawsock" "$WORK/h2" 192.0.2.11 "unicast frame"
dhclient_release c0
ip -n "$CLI" addr flush dev c0

say "disable_routing_with_udpsock: the renew ACK is UDP pinned to s0"
restart_daemon udpsock "$LEASE4
disable_routing_with_udpsock = True"
wait_served s0
renew_phase "udpsock" "$WORK/h3" 192.0.2.11 "UDP (pinned)"
dhclient_release c0
wait_log "Client: $MAC1 Interface: s0: RELEASE of 192.0.2.11" 5 ||
	fail "no RELEASE log line"
ip -n "$CLI" addr flush dev c0

say "DECLINE: udhcpc -a finds the address in use on the link"
ip -n "$SRV" addr add 192.0.2.11/32 dev s0	# answers udhcpc's ARP probe
run_bg UDHCPC_PID timeout 20 ip netns exec "$CLI" udhcpc -i c0 -f -a \
	-s /bin/true >"$WORK/udhcpc.decline.out" 2>&1
wait_log "DHCPv4: Client: $MAC1 Interface: s0: DECLINE: address conflict reported for 192.0.2.11" 10 ||
	fail "no DECLINE warning with client, interface and address"
kill "$UDHCPC_PID" 2>/dev/null
wait "$UDHCPC_PID" 2>/dev/null
grep -q "Client: $MAC1 .*DECLINE.* -> " "$LOG" && fail "DECLINE answered"

finish
