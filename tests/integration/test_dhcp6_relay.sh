#!/bin/bash
# A real relay (ISC dhcrelay -6, with Interface-ID) in a middle namespace
# between the client and the server (issue 4): the daemon answers the
# Relay-forward with a Relay-reply to the relay's address, the relay hands
# it down and dhclient -6 binds the configured address, and renews it the
# same way.  The client's rows are on the server interface facing the relay.
# A second relay below the first one makes two Relay-forward layers; the
# first relay has two client-facing links, so it needs the Interface-ID
# echoed to hand each Relay-reply down the right one.
TEST_NAME=dhcp6_relay
. "$(dirname "$0")/lib.sh"
require_tools ip dhclient dhcrelay sqlite3

MAC=02:00:00:00:00:70
K=$(duid_key_mac 1 $MAC)
MAC2=02:00:00:00:00:71		# behind two relays
K2=$(duid_key_mac 1 $MAC2)
RLY=shd-r$ID			# relay namespace
RLY2=shd-q$ID			# the second relay, below the first

setup_namespaces
add_netns "$RLY"
add_netns "$RLY2"
no_dad "$SRV"
no_dad "$CLI"
no_dad "$RLY"
no_dad "$RLY2"
setup_db_dir
write_conf
init_db
# server s1 <-> ru1 relay rd1 <-> c1 client
#                    relay rd2 <-> qu1 relay2 qd1 <-> c2 client
make_link_ns "$SRV" s1 "$RLY" ru1
make_link_ns "$RLY" rd1 "$CLI" c1 $MAC
make_link_ns "$RLY" rd2 "$RLY2" qu1
make_link_ns "$RLY2" qd1 "$CLI" c2 $MAC2
ip -n "$SRV" addr add 2001:db8:ffff::2/64 dev s1
ip -n "$RLY" addr add 2001:db8:ffff::1/64 dev ru1
ip -n "$RLY" addr add 2001:db8:7::1/64 dev rd1	# dhcrelay needs a global one
ip -n "$RLY" addr add 2001:db8:fffe::1/64 dev rd2
ip -n "$RLY2" addr add 2001:db8:fffe::2/64 dev qu1
ip -n "$RLY2" addr add 2001:db8:71::1/64 dev qd1
for l in "$SRV s1" "$RLY ru1" "$RLY rd1" "$RLY rd2" "$RLY2 qu1" \
    "$RLY2 qd1" "$CLI c1" "$CLI c2"; do
	wait_lladdr $l
done
add_client6 s1 "$K" 3 2001:db8:7::70 23 2001:db8::53 24 example.com \
	259 2 260 3 261 6 262 10
add_client6 s1 "$K2" 3 2001:db8:71::71 23 2001:db8::53
start_daemon
wait_served s1

ip netns exec "$RLY" dhcrelay -6 -d -I -pf "$WORK/dhcrelay.pid" \
	-l rd1 -l rd2 -u 2001:db8:ffff::2%ru1 >"$WORK/dhcrelay.out" 2>&1 &
CLIENT_PIDS="$CLIENT_PIDS $!"
ip netns exec "$RLY2" dhcrelay -6 -d -I -pf "$WORK/dhcrelay2.pid" \
	-l qd1 -u 2001:db8:fffe::1%qu1 >"$WORK/dhcrelay2.out" 2>&1 &
CLIENT_PIDS="$CLIENT_PIDS $!"
wait_until 5 'grep -q "Sending on *Socket/rd2" "$WORK/dhcrelay.out"' ||
	die "dhcrelay did not start: $(cat "$WORK/dhcrelay.out")"
wait_until 5 'grep -q "Sending on *Socket/qd1" "$WORK/dhcrelay2.out"' ||
	die "second dhcrelay did not start: $(cat "$WORK/dhcrelay2.out")"

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

say "a client behind two relays is served (two Relay-forward layers)"
dhclient6_run c2 "$WORK/h2" || fail "dhclient -6 behind two relays exited $?"
expect_eq "address" "$(hook6_val "$WORK/h2" BOUND6 ip6)" 2001:db8:71::71
expect_eq "address on c2" "$(iface_addrs6 c2)" 2001:db8:71::71/128
wait_log "Client: $K2 Interface: s1 Status: Success (REPLY to REQUEST via relay" ||
	fail "no REPLY via relay log line for the client behind two relays"
grep -q "Relaying Relay-reply to 2001:db8:fffe::2 port 547 down" \
	"$WORK/dhcrelay.out" || fail "first relay passed no Relay-reply down"
grep -q "Relaying Reply to fe80::.* port 546 down" "$WORK/dhcrelay2.out" ||
	fail "second relay passed no Reply down"
dhclient6_stop c2

finish
