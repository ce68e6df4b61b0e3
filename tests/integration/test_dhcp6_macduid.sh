#!/bin/bash
# use_mac_as_client_duid = True (issue 4, SPEC 4): dhclient -6 is served
# from the row keyed by its Ethernet source MAC, whatever its DUID.  Behind
# a relay the MAC can only come from the Client Link-Layer Address option
# (79); ISC dhcrelay 4.4 sends none, so such a client is dropped (SPEC 6).
TEST_NAME=dhcp6_macduid
. "$(dirname "$0")/lib.sh"
require_tools ip dhclient dhcrelay sqlite3

MAC=02:00:00:00:00:10
MAC_RELAYED=02:00:00:00:00:80
RLY=shd-r$ID			# relay namespace
EXTRA_CONF="use_mac_as_client_duid = True"

setup_namespaces
no_dad "$SRV"
no_dad "$CLI"
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC
wait_lladdr "$SRV" s0
wait_lladdr "$CLI" c0
add_client6 s0 "$MAC" 3 2001:db8:9::10 23 2001:db8::53
# the DUID key of the same client must not be what serves it
add_client6 s0 "$(duid_key_mac 1 $MAC)" 3 2001:db8:9::99
start_daemon
wait_served s0

say "9. a client keyed by its MAC is served"
dhclient6_run c0 "$WORK/h0" || fail "dhclient -6 exited $?"
expect_eq "address" "$(hook6_val "$WORK/h0" BOUND6 ip6)" 2001:db8:9::10
expect_eq "DNS servers" "$(hook6_val "$WORK/h0" BOUND6 dns6)" 2001:db8::53
expect_eq "address on c0" "$(iface_addrs6 c0)" 2001:db8:9::10/128
wait_log "DHCPv6: Client: $MAC Interface: s0 Status: Success (REPLY to REQUEST" ||
	fail "no REPLY to REQUEST log line keyed by the MAC"

say "behind a relay without option 79 the client is dropped"
add_netns "$RLY"
no_dad "$RLY"
make_link_ns "$SRV" s1 "$RLY" ru1
make_link_ns "$RLY" rd1 "$CLI" c1 $MAC_RELAYED
ip -n "$SRV" addr add 2001:db8:ffff::2/64 dev s1
ip -n "$RLY" addr add 2001:db8:ffff::1/64 dev ru1
ip -n "$RLY" addr add 2001:db8:8::1/64 dev rd1
for l in "$SRV s1" "$RLY ru1" "$RLY rd1" "$CLI c1"; do wait_lladdr $l; done
add_client6 s1 "$MAC_RELAYED" 3 2001:db8:8::80
wait_served s1
ip netns exec "$RLY" dhcrelay -6 -d -pf "$WORK/dhcrelay.pid" \
	-l rd1 -u 2001:db8:ffff::2%ru1 >"$WORK/dhcrelay.out" 2>&1 &
CLIENT_PIDS="$CLIENT_PIDS $!"
wait_until 5 'grep -q "Sending on *Socket/rd1" "$WORK/dhcrelay.out"' ||
	die "dhcrelay did not start: $(cat "$WORK/dhcrelay.out")"
if DHCLIENT6_TIMEOUT=3 dhclient6_run c1 "$WORK/h1"; then
	fail "a relayed client without option 79 got a lease"
fi
grep -q "Relaying Solicit from fe80::.* going up" "$WORK/dhcrelay.out" ||
	fail "the relay passed nothing up"
wait_log "DHCPv6: Interface: s1: SOLICIT without a usable client identity" ||
	fail "no debug line for the relayed client without a MAC"
expect_eq "no address on c1" "$(iface_addrs6 c1)" ""

finish
