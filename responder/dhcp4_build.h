/* Internal to the DHCPv4 reply builder (dhcp4_build.c, dhcp4.c). */
#ifndef STATICHCPD_DHCP4_BUILD_H
#define STATICHCPD_DHCP4_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define DHCP4_OPTS_MAX	300

/* Encoded options in reply order; a unit is one option, maybe split. */
struct dhcp4_opts {
	uint8_t	buf[8192];
	size_t	len;
	struct {
		size_t	off;
		size_t	len;
	} units[DHCP4_OPTS_MAX];
	size_t	n;
	int	overflow;
};

void	dhcp4_opts_init(struct dhcp4_opts *);
int	dhcp4_opts_add(struct dhcp4_opts *, uint8_t code, const void *body,
	    size_t len);
/*
 * Place the options after the header of msg (DHCP4_MIN_LEN bytes already
 * written, file/sname zeroed), within limit bytes in all; overload into
 * file and sname when needed.  Sets *ret_len; returns how many options
 * found no room (0 when all fit).
 */
int	dhcp4_layout(uint8_t *msg, size_t limit, const struct dhcp4_opts *,
	    size_t *ret_len);

#endif
