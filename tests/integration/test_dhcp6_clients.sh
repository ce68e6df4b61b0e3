#!/bin/bash
# ISC dhclient -6 against the daemon (issue 4): the configured IA_NA
# address with DNS servers (23) and a two-domain search list (24); renewal
# keeps it; a changed address in the database moves the client on its next
# renewal with the old one returned at lifetime 0; -P gets the configured
# prefix (IA_PD, row with an IAID in 0x form); -S (information-only) gets
# DNS and domains; an unknown DUID gets nothing; two IA_NA, an IA_TA and an
# IA_PD in one request each get their own rows (IAIDs in 0x and decimal
# form, rows without IAID).
TEST_NAME=dhcp6_clients
. "$(dirname "$0")/lib.sh"
require_tools ip dhclient sqlite3 perl

MAC_NA=02:00:00:00:00:10	# c0: IA_NA, short lifetimes: renew, move
MAC_PD=02:00:00:00:00:20	# c1: IA_PD
MAC_INFO=02:00:00:00:00:30	# c2: information-only
MAC_UNKNOWN=02:00:00:00:00:40	# c3: no rows at all
MAC_MULTI=02:00:00:00:00:60	# c4: several IAs in one message

K_NA=$(duid_key_mac 1 $MAC_NA)	# dhclient's DUID-LLT: "11" + hex MAC
K_PD=$(duid_key_mac 1 $MAC_PD)
K_INFO=$(duid_key_mac 3 $MAC_INFO)	# stateless dhclient defaults to DUID-LL
K_UNKNOWN=$(duid_key_mac 1 $MAC_UNKNOWN)
K_MULTI=$(duid_key_mac 1 $MAC_MULTI)

setup_namespaces
no_dad "$SRV"
no_dad "$CLI"
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC_NA
make_link s1 c1 $MAC_PD
make_link s2 c2 $MAC_INFO
make_link s3 c3 $MAC_UNKNOWN
make_link s4 c4 $MAC_MULTI
for i in 0 1 2 3 4; do
	wait_lladdr "$SRV" s$i
	wait_lladdr "$CLI" c$i
done
# T1 2 s, T2 3 s, preferred 6 s, valid 10 s: renewals within the test
add_client6 s0 "$K_NA" 3 2001:db8:1::10 23 2001:db8::53 23 2001:db8::54 \
	24 example.com 24 example.org 259 2 260 3 261 6 262 10
# dhclient's IAID is the last 4 bytes of the MAC: 0x20
add_client6 s1 "$K_PD" 25 0x20,2001:db8:100:1200::/56 23 2001:db8::53
add_client6 s2 "$K_INFO" 23 2001:db8::53 24 example.com 24 example.org
# dhclient -N -N: IAIDs 0x60 and 0x61; -T and -P: one IA each, no IAID rows
add_client6 s4 "$K_MULTI" 3 0x60,2001:db8:6::60 3 97,2001:db8:6::61 \
	4 2001:db8:6::70 25 2001:db8:600:6600::/56
start_daemon
for i in 0 1 2 3 4; do wait_served s$i; done

say "1. dhclient -6 gets the IA_NA address, DNS servers and domain list"
dhclient6_run c0 "$WORK/h0" || fail "dhclient -6 on c0 exited $?"
expect_eq "DUID key from dhclient's lease file" \
	"$(dhclient_lease_key "$WORK/dhclient6.c0.leases")" "$K_NA"
expect_eq "address" "$(hook6_val "$WORK/h0" BOUND6 ip6)" 2001:db8:1::10
expect_eq "DNS servers" "$(hook6_val "$WORK/h0" BOUND6 dns6)" \
	"2001:db8::53 2001:db8::54"
expect_eq "domain list" "$(hook6_val "$WORK/h0" BOUND6 search6)" \
	"example.com. example.org."
expect_eq "server id (DUID-LL of s0)" "$(hook6_val "$WORK/h0" BOUND6 server6)" \
	"$(dhclient_duid_ll "$(ns_mac "$SRV" s0)")"
expect_eq "T1/T2/preferred/valid" "$(hook6_val "$WORK/h0" BOUND6 renew)/$(
	hook6_val "$WORK/h0" BOUND6 rebind)/$(hook6_val "$WORK/h0" BOUND6 pref)/$(
	hook6_val "$WORK/h0" BOUND6 valid)" 2/3/6/10
expect_eq "address on c0" "$(iface_addrs6 c0)" 2001:db8:1::10/128
wait_log "Client: $K_NA Interface: s0 Status: Success (ADVERTISE to SOLICIT" ||
	fail "no ADVERTISE log line"
wait_log "Client: $K_NA Interface: s0 Status: Success (REPLY to REQUEST" ||
	fail "no REPLY to REQUEST log line"

say "4. renewal (T1 2 s) keeps the address"
wait_until 8 '[ "$(hook6_count "$WORK/h0" RENEW6)" -ge 1 ]' ||
	fail "dhclient never renewed"
wait_log "Client: $K_NA Interface: s0 Status: Success (REPLY to RENEW" ||
	fail "no REPLY to RENEW log line"
expect_eq "renewed address" "$(hook6_val "$WORK/h0" RENEW6 ip6)" 2001:db8:1::10
expect_eq "renewed valid lifetime" "$(hook6_val "$WORK/h0" RENEW6 valid)" 10
expect_eq "address on c0 after renewal" "$(iface_addrs6 c0)" 2001:db8:1::10/128

say "5. a changed address moves the client on its next renewal"
sql "UPDATE client_v6configuration SET attr_val = '2001:db8:1::11'
	WHERE ifname = 's0' AND duid = '$K_NA' AND attr_code = 3" ||
	fail "update failed"
wait_until 8 'hook6_events "$WORK/h0" |
	grep -q "|event=RENEW6|ip6=2001:db8:1::11|"' ||
	fail "dhclient was never given the new address"
# the old one came back in the same reply with lifetime 0 (the hook may
# record it just after the new one)
wait_until 5 'hook6_events "$WORK/h0" |
	grep -q "|event=RENEW6|ip6=2001:db8:1::10|.*|pref=0|valid=0|"' ||
	fail "old address not reported with lifetime 0: $(hook6_events "$WORK/h0" | tail -3)"
wait_until 5 '[ "$(iface_addrs6 c0)" = 2001:db8:1::11/128 ]'
expect_eq "address on c0 after the move" "$(iface_addrs6 c0)" \
	2001:db8:1::11/128
dhclient6_stop c0

say "2. dhclient -6 -P gets the configured prefix"
dhclient6_run c1 "$WORK/h1" -P || fail "dhclient -6 -P on c1 exited $?"
expect_eq "prefix" "$(hook6_val "$WORK/h1" BOUND6 prefix6)" \
	2001:db8:100:1200::/56
expect_eq "no address asked, none given" "$(hook6_val "$WORK/h1" BOUND6 ip6)" ""
expect_eq "DNS servers with the prefix" "$(hook6_val "$WORK/h1" BOUND6 dns6)" \
	2001:db8::53
wait_log "Client: $K_PD Interface: s1 Status: Success (REPLY to REQUEST" ||
	fail "no REPLY to REQUEST log line for the prefix"
dhclient6_stop c1

say "6. an information-only client gets DNS servers and domains"
dhclient6_run c2 "$WORK/h2" -S || fail "dhclient -6 -S on c2 exited $?"
expect_eq "DNS servers" "$(hook6_events "$WORK/h2" | grep -v '|dns6=|' |
	tail -n 1 | tr '|' '\n' | sed -n 's/^dns6=//p')" 2001:db8::53
expect_eq "domain list" "$(hook6_events "$WORK/h2" | grep -v '|search6=|' |
	tail -n 1 | tr '|' '\n' | sed -n 's/^search6=//p')" \
	"example.com. example.org."
expect_eq "no address on c2" "$(iface_addrs6 c2)" ""
wait_log "Client: $K_INFO Interface: s2 Status: Success (REPLY to INFORMATION-REQUEST" ||
	fail "no REPLY to INFORMATION-REQUEST log line"
dhclient6_stop c2

say "8. an unknown DUID gets nothing"
if DHCLIENT6_TIMEOUT=3 dhclient6_run c3 "$WORK/h3"; then
	fail "unknown client got a lease"
fi
expect_eq "DUID key of the unknown client" \
	"$(dhclient_lease_key "$WORK/dhclient6.c3.leases")" "$K_UNKNOWN"
hook6_events "$WORK/h3" | grep -q "|event=BOUND6|" &&
	fail "hook ran BOUND6 for an unknown client"
expect_eq "no address on c3" "$(iface_addrs6 c3)" ""
wait_log "DHCPv6: Client: $K_UNKNOWN Interface: s3: unknown client" ||
	fail "no unknown-client debug line"
grep -q "Client: $K_UNKNOWN .*Success" "$LOG" && fail "unknown client answered"

say "several IAs in one message: two IA_NA, an IA_TA, an IA_PD"
dhclient6_run c4 "$WORK/h4" -N -N -T -P || fail "dhclient -6 -N -N -T -P exited $?"
expect_eq "addresses reported" "$(hook6_events "$WORK/h4" |
	grep '|event=BOUND6|' | tr '|' '\n' | sed -n 's/^ip6=\(.\)/\1/p' |
	sort | tr '\n' ' ')" "2001:db8:6::60 2001:db8:6::61 2001:db8:6::70 "
expect_eq "prefix reported" "$(hook6_events "$WORK/h4" |
	grep '|event=BOUND6|' | tr '|' '\n' | sed -n 's/^prefix6=\(.\)/\1/p')" \
	2001:db8:600:6600::/56
expect_eq "addresses on c4" "$(iface_addrs6 c4)" \
	"2001:db8:6::60/128 2001:db8:6::61/128 2001:db8:6::70/128"
dhclient6_stop c4

finish
