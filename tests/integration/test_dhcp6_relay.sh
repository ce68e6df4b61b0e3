#!/bin/bash
# A real relay (ISC dhcrelay -6, with Interface-ID) in a middle namespace
# between the client and the server (issue 4): the daemon answers the
# Relay-forward with a Relay-reply to the relay's address, the relay hands
# it down and dhclient -6 binds the configured address, and renews it the
# same way.  The client's rows are on the server interface facing the relay.
TEST_NAME=dhcp6_relay
. "$(dirname "$0")/lib.sh"
require_tools ip dhclient dhcrelay sqlite3

MAC=02:00:00:00:00:70
K=$(duid_key_mac 1 $MAC)
RLY=shd-r$ID			# relay namespace

setup_namespaces
add_netns "$RLY"
no_dad "$SRV"
no_dad "$CLI"
no_dad "$RLY"
setup_db_dir
write_conf
init_db
# server s1 <-> ru1 relay rd1 <-> c1 client
make_link_ns "$SRV" s1 "$RLY" ru1
make_link_ns "$RLY" rd1 "$CLI" c1 $MAC
ip -n "$SRV" addr add 2001:db8:ffff::2/64 dev s1
ip -n "$RLY" addr add 2001:db8:ffff::1/64 dev ru1
ip -n "$RLY" addr add 2001:db8:7::1/64 dev rd1	# dhcrelay needs a global one
wait_lladdr "$SRV" s1
wait_lladdr "$RLY" ru1
wait_lladdr "$RLY" rd1
wait_lladdr "$CLI" c1
add_client6 s1 "$K" 3 2001:db8:7::70 23 2001:db8::53 24 example.com \
	259 2 260 3 261 6 262 10
start_daemon
wait_served s1

ip netns exec "$RLY" dhcrelay -6 -d -I -pf "$WORK/dhcrelay.pid" \
	-l rd1 -u 2001:db8:ffff::2%ru1 >"$WORK/dhcrelay.out" 2>&1 &
CLIENT_PIDS="$CLIENT_PIDS $!"
wait_until 5 'grep -q "Sending on *Socket/rd1" "$WORK/dhcrelay.out"' ||
	die "dhcrelay did not start: $(cat "$WORK/dhcrelay.out")"

say "7. a client behind dhcrelay -6 is served"
dhclient6_run c1 "$WORK/h1" || fail "dhclient -6 behind the relay exited $?"
expect_eq "address" "$(hook6_val "$WORK/h1" BOUND6 ip6)" 2001:db8:7::70
expect_eq "DNS servers" "$(hook6_val "$WORK/h1" BOUND6 dns6)" 2001:db8::53
expect_eq "server id (DUID-LL of s1)" "$(hook6_val "$WORK/h1" BOUND6 server6)" \
	"$(dhclient_duid_ll "$(ns_mac "$SRV" s1)")"
expect_eq "address on c1" "$(iface_addrs6 c1)" 2001:db8:7::70/128
wait_log "Client: $K Interface: s1 Status: Success (ADVERTISE to SOLICIT via relay" ||
	fail "no ADVERTISE via relay log line"
wait_log "Client: $K Interface: s1 Status: Success (REPLY to REQUEST via relay" ||
	fail "no REPLY via relay log line"
grep -q "Relaying Reply to fe80::.* port 546 down" "$WORK/dhcrelay.out" ||
	fail "dhcrelay did not pass a Reply down"

say "the renewal goes through the relay too"
wait_until 8 '[ "$(hook6_count "$WORK/h1" RENEW6)" -ge 1 ]' ||
	fail "dhclient never renewed"
wait_log "Client: $K Interface: s1 Status: Success (REPLY to RENEW via relay" ||
	fail "no REPLY to RENEW via relay log line"
expect_eq "renewed address" "$(hook6_val "$WORK/h1" RENEW6 ip6)" 2001:db8:7::70
expect_eq "address on c1 after renewal" "$(iface_addrs6 c1)" 2001:db8:7::70/128
dhclient6_stop c1

finish
