/*
 * Link, IP and UDP layers of the frames a packet socket delivers (SPEC
 * section 8, bad-inputs.md group A): parse every header by its own length
 * fields, never assume a fixed offset, drop anything odd.  And the reverse:
 * wrap a DHCPv4 reply in UDP/IPv4/Ethernet with correct checksums.
 */
#ifndef STATICHCPD_FRAME_H
#define STATICHCPD_FRAME_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_HDR_LEN	14
#define FRAME_MAX	1514

#define DHCP4_SERVER_PORT	67
#define DHCP4_CLIENT_PORT	68
#define DHCP6_CLIENT_PORT	546
#define DHCP6_SERVER_PORT	547

/* What the kernel said about the UDP checksum (PACKET_AUXDATA). */
enum frame_csum {
	CSUM_UNKNOWN = 0,	/* verify it ourselves */
	CSUM_NOT_READY,		/* local sender, not filled in yet: accept */
	CSUM_VALID,		/* the device verified it */
};

struct frame_info {
	uint8_t		src_mac[6];
	uint8_t		dst_mac[6];
	int		family;		/* AF_INET or AF_INET6 */
	struct in_addr	src4, dst4;
	struct in6_addr	src6, dst6;
	uint16_t	sport, dport;
	const uint8_t	*payload;	/* the UDP payload, inside the frame */
	size_t		payload_len;
};

/* 0, or -EBADMSG with *ret_reason (a static string) for the drop log. */
int	frame_parse(const uint8_t *buf, size_t len, enum frame_csum,
	    struct frame_info *ret, const char **ret_reason);

/* Build Ethernet+IPv4+UDP around payload into out (cap bytes); 0 and
 * *ret_len, or -ENOBUFS. */
int	frame_build4(uint8_t *out, size_t cap, const uint8_t src_mac[6],
	    const uint8_t dst_mac[6], struct in_addr src, struct in_addr dst,
	    uint16_t sport, uint16_t dport, const void *payload, size_t len,
	    size_t *ret_len);

/* Internet checksum helpers (RFC 1071), exposed for tests. */
uint32_t	csum_add(uint32_t sum, const void *data, size_t len);
uint16_t	csum_fold(uint32_t sum);

#endif
