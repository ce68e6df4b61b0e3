#!/bin/sh
# Client hook for dhclient (reason in $reason) and udhcpc (event in $1):
# records what the client received as KEY=value lines in $HOOK_OUT and
# applies the address to the interface, as a client's own script would.
out=${HOOK_OUT:?}
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
