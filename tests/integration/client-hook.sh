#!/bin/sh
# Client hook for dhclient (reason in $reason) and udhcpc (event in $1):
# records what the client received as KEY=value lines in $HOOK_OUT and
# applies address, MTU and classless routes to the interface, as a client's
# own script would.  Every event is also appended to $HOOK_OUT.events as
# "EVENT ip" (one line each), so tests can check the sequence; the line is
# written last, once the interface is configured.
out=${HOOK_OUT:?}

# apply_routes "net/len gw net/len gw ...": what dhclient-script's rfc3442
# hook and udhcpc's default script do with classless routes.
apply_routes() {
	set -- $1
	while [ $# -ge 2 ]; do
		ip route replace "$1" via "$2" dev "$interface" onlink
		shift 2
	done
}

# set_addr ADDR/BITS: the interface's only IPv4 address; left alone when it
# is already there (a renewal), so that it never disappears for a moment.
set_addr() {
	ip -4 -o addr show dev "$interface" | grep -qF " $1 " && return 0
	ip -4 addr flush dev "$interface"
	ip addr add "$1" dev "$interface"
}

apply_mtu() {
	[ -n "$1" ] && ip link set dev "$interface" mtu "$1"
}

if [ "${protocol:-}" = dhcp6 ]; then	# dhcpcd -6: it configures itself
	{
		echo "client=dhcpcd"
		echo "event=$reason"
		echo "ip6=${new_dhcp6_ia_na1_ia_addr1:-}"
		echo "prefix6=${new_dhcp6_ia_pd1_prefix1:-}/${new_dhcp6_ia_pd1_prefix1_length:-}"
		echo "dns6=${new_dhcp6_name_servers:-}"
		echo "search6=${new_dhcp6_domain_search:-}"
		echo "server6=${new_dhcp6_server_id:-}"
	} >> "$out"
	exit 0
fi
case "${reason:-}" in
*6)					# dhclient -6: one block per event
	{
		echo "client=dhclient6"
		echo "event=$reason"
		echo "ip6=${new_ip6_address:-}"
		echo "old_ip6=${old_ip6_address:-}"
		echo "prefix6=${new_ip6_prefix:-}"
		echo "old_prefix6=${old_ip6_prefix:-}"
		echo "dns6=${new_dhcp6_name_servers:-}"
		echo "search6=${new_dhcp6_domain_search:-}"
		echo "server6=${new_dhcp6_server_id:-}"
		echo "pref=${new_preferred_life:-}"
		echo "valid=${new_max_life:-}"
		echo "renew=${new_renew:-}"
		echo "rebind=${new_rebind:-}"
	} >> "$out"
	# the address, as dhclient-script does it
	case "$reason" in
	BOUND6|RENEW6|REBIND6|REBOOT6)
		if [ -n "${old_ip6_address:-}" ] &&
		    [ "$old_ip6_address" != "${new_ip6_address:-}" ]; then
			ip -6 addr del "$old_ip6_address/128" dev "$interface"
		fi
		[ -n "${new_ip6_address:-}" ] &&
			ip -6 addr replace "$new_ip6_address/128" dev "$interface" \
			    scope global valid_lft "$new_max_life" \
			    preferred_lft "$new_preferred_life"
		;;
	DEPREF6)
		[ -n "${cur_ip6_address:-}" ] &&
			ip -6 addr change "$cur_ip6_address/128" dev "$interface" \
			    scope global preferred_lft 0
		;;
	EXPIRE6|RELEASE6|STOP6)
		[ -n "${old_ip6_address:-}" ] &&
			ip -6 addr del "$old_ip6_address/128" dev "$interface"
		;;
	esac
	exit 0
	;;
esac
if [ -n "${reason:-}" ]; then		# dhclient
	case "$reason" in
	BOUND|RENEW|REBIND|REBOOT)
		bits=$(echo "$new_subnet_mask" | awk -F. '{
			n = 0; for (i = 1; i <= 4; i++) { v = $i
			while (v > 0) { n += v % 2; v = int(v / 2) } } print n }')
		set_addr "$new_ip_address/$bits"
		# RFC 3442 bytes: length, significant octets, router
		routes=$(echo "${new_rfc3442_classless_static_routes:-}" | awk '{
			i = 1; s = ""
			while (i <= NF) {
				p = $i; n = int((p + 7) / 8); net = ""
				for (k = 0; k < 4; k++)
					net = net (k ? "." : "") (k < n ? $(i + 1 + k) : 0)
				i += 1 + n
				gw = $i "." $(i + 1) "." $(i + 2) "." $(i + 3)
				i += 4
				s = s (s == "" ? "" : " ") net "/" p " " gw
			}
			print s }')
		apply_mtu "${new_interface_mtu:-}"
		apply_routes "$routes"
		{
			echo "client=dhclient"
			echo "event=$reason"
			echo "ip=$new_ip_address"
			echo "mask=$new_subnet_mask"
			echo "router=$new_routers"
			echo "dns=$new_domain_name_servers"
			echo "domain=${new_domain_name:-}"
			echo "hostname=${new_host_name:-}"
			echo "mtu=${new_interface_mtu:-}"
			echo "search=${new_domain_search:-}"
			echo "routes=$routes"
			echo "server=${new_dhcp_server_identifier:-}"
			echo "lease=${new_dhcp_lease_time:-}"
		} > "$out.tmp" && mv "$out.tmp" "$out"
		;;
	EXPIRE|FAIL|RELEASE|STOP)
		ip -4 addr flush dev "$interface"
		;;
	esac
	echo "$reason ${new_ip_address:-}" >> "$out.events"
	exit 0
fi
case "${1:-}" in			# udhcpc
bound|renew)
	set_addr "$ip/${mask:-24}"
	apply_mtu "${mtu:-}"
	apply_routes "${staticroutes:-}"
	{
		echo "client=udhcpc"
		echo "event=$1"
		echo "ip=$ip"
		echo "mask=$subnet"
		echo "router=${router:-}"
		echo "dns=${dns:-}"
		echo "domain=${domain:-}"
		echo "hostname=${hostname:-}"
		echo "mtu=${mtu:-}"
		echo "search=${search:-}"
		echo "routes=${staticroutes:-}"
		echo "server=${serverid:-}"
		echo "lease=${lease:-}"
	} > "$out.tmp" && mv "$out.tmp" "$out"
	;;
esac
echo "${1:-} ${ip:-}" >> "$out.events"
exit 0
