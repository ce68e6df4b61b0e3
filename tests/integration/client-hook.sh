#!/bin/sh
# Client hook for dhclient (reason in $reason) and udhcpc (event in $1):
# records what the client received as KEY=value lines in $HOOK_OUT and
# applies the address to the interface, as a client's own script would.
out=${HOOK_OUT:?}
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
		ip -4 addr flush dev "$interface"
		bits=$(echo "$new_subnet_mask" | awk -F. '{
			n = 0; for (i = 1; i <= 4; i++) { v = $i
			while (v > 0) { n += v % 2; v = int(v / 2) } } print n }')
		ip addr add "$new_ip_address/$bits" dev "$interface"
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
			echo "server=${new_dhcp_server_identifier:-}"
			echo "lease=${new_dhcp_lease_time:-}"
		} > "$out.tmp" && mv "$out.tmp" "$out"
		;;
	esac
	exit 0
fi
case "${1:-}" in			# udhcpc
bound|renew)
	ip -4 addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
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
		echo "server=${serverid:-}"
		echo "lease=${lease:-}"
	} > "$out.tmp" && mv "$out.tmp" "$out"
	;;
esac
exit 0
