#!/bin/bash
# dhcpcd (IPv6 only, no router solicitation) against the daemon (issue 4):
# it asks for an address (IA_NA) and a prefix (IA_PD) with Rapid Commit,
# so the daemon answers the SOLICIT with a REPLY; both come from rows
# without an IAID (they go to the first IA of their type); a renewal keeps
# both.
TEST_NAME=dhcp6_dhcpcd
. "$(dirname "$0")/lib.sh"
require_tools ip dhcpcd unshare sqlite3

MAC=02:00:00:00:00:50
K=$(duid_key_mac 3 $MAC)	# "duid ll" below: DUID-LL, "31" + hex MAC

setup_namespaces
no_dad "$SRV"
no_dad "$CLI"
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC
wait_lladdr "$SRV" s0
wait_lladdr "$CLI" c0
add_client6 s0 "$K" 3 2001:db8:5::50 25 2001:db8:500:5600::/56 \
	23 2001:db8::53 24 example.com 24 example.org 259 2 260 3 261 6 262 10
start_daemon
wait_served s0

# DUID-LL (its hint applies while the test's fresh DUID file is absent);
# IAIDs 1 and 2 that no row names; the prefix delegated to no interface
cat > "$WORK/dhcpcd.conf" <<EOC
duid ll
ipv6only
noipv6rs
option dhcp6_rapid_commit
option dhcp6_name_servers, dhcp6_domain_search
env HOOK_OUT=$WORK/h0
interface c0
	ia_na 1
	ia_pd 2 -
EOC

say "3. dhcpcd gets address and prefix, with Rapid Commit"
dhcpcd6_start c0 "$WORK/h0" "$WORK/dhcpcd.conf"
wait_until 10 'hook6_events "$WORK/h0" | grep -q "|event=BOUND6|"' ||
	fail "dhcpcd did not bind"
expect_eq "dhcpcd DUID" "$(cat "$WORK/dhcpcd.c0.db/duid" 2>/dev/null)" \
	"00:03:00:01:$MAC"
expect_eq "address" "$(hook6_val "$WORK/h0" BOUND6 ip6)" 2001:db8:5::50
expect_eq "prefix" "$(hook6_val "$WORK/h0" BOUND6 prefix6)" \
	2001:db8:500:5600::/56
expect_eq "DNS servers" "$(hook6_val "$WORK/h0" BOUND6 dns6)" 2001:db8::53
expect_eq "domain list" "$(hook6_val "$WORK/h0" BOUND6 search6)" \
	"example.com example.org"
expect_eq "address on c0" "$(iface_addrs6 c0)" 2001:db8:5::50/128
# dhcpcd installs a reject route for a prefix it delegates nowhere
wait_until 3 'ip -n "$CLI" -6 route show 2001:db8:500:5600::/56 | grep -q unreachable' ||
	fail "no route for the delegated prefix"
wait_log "Client: $K Interface: s0 Status: Success (REPLY to SOLICIT" ||
	fail "no REPLY to SOLICIT (Rapid Commit) log line"
grep -q "Client: $K Interface: s0 Status: Success (ADVERTISE" "$LOG" &&
	fail "ADVERTISE despite Rapid Commit"
grep -q "Client: $K Interface: s0 Status: Success (REPLY to REQUEST" "$LOG" &&
	fail "a REQUEST after Rapid Commit"

say "4. renewal (T1 2 s) keeps address and prefix"
wait_log "Client: $K Interface: s0 Status: Success (REPLY to RENEW" 8 ||
	fail "no REPLY to RENEW log line"
wait_until 3 'hook6_events "$WORK/h0" | grep -q "|event=RENEW6|"' ||
	fail "dhcpcd hook never saw the renewal"
expect_eq "renewed address" "$(hook6_val "$WORK/h0" RENEW6 ip6)" 2001:db8:5::50
expect_eq "renewed prefix" "$(hook6_val "$WORK/h0" RENEW6 prefix6)" \
	2001:db8:500:5600::/56
expect_eq "address on c0 after renewal" "$(iface_addrs6 c0)" 2001:db8:5::50/128
ip -n "$CLI" -6 route show 2001:db8:500:5600::/56 | grep -q unreachable ||
	fail "prefix route gone after renewal"

finish
