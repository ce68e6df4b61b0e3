#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "common/cursor.h"
#include "responder/frame.h"

#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_IPV6	0x86dd
#define IPPROTO_UDP_NUM	17

uint32_t
csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t
csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint16_t
udp4_checksum(struct in_addr src, struct in_addr dst, const uint8_t *udp,
    size_t len)
{
	uint32_t sum = 0;

	sum = csum_add(sum, &src, 4);
	sum = csum_add(sum, &dst, 4);
	sum += IPPROTO_UDP_NUM + (uint32_t)len;
	return csum_fold(csum_add(sum, udp, len));
}

static uint16_t
udp6_checksum(const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *udp, size_t len)
{
	uint32_t sum = 0;

	sum = csum_add(sum, src, 16);
	sum = csum_add(sum, dst, 16);
	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff) +
	    IPPROTO_UDP_NUM;
	return csum_fold(csum_add(sum, udp, len));
}

/* UDP header and length (CVE-2015-8605: the length must be exact). */
static int
parse_udp(struct cursor *c, struct frame_info *fi, const char **reason)
{
	uint16_t ulen, csum;
	size_t left = cur_left(c);

	if (cur_get_u16(c, &fi->sport) < 0 || cur_get_u16(c, &fi->dport) < 0 ||
	    cur_get_u16(c, &ulen) < 0 || cur_get_u16(c, &csum) < 0) {
		*reason = "truncated UDP header";
		return -EBADMSG;
	}
	if (ulen < 8 || ulen != left) {
		*reason = "UDP length disagrees with IP payload";
		return -EBADMSG;
	}
	fi->payload = cur_ptr(c);
	fi->payload_len = ulen - 8;
	return 0;
}

static int
parse_ipv4(struct cursor *c, enum frame_csum cs, struct frame_info *fi,
    const char **reason)
{
	const uint8_t *ip = cur_ptr(c);
	struct cursor body;
	uint8_t vihl, proto;
	uint16_t total, frag;
	size_t ihl;

	if (cur_left(c) < 20) {
		*reason = "truncated IPv4 header";
		return -EBADMSG;
	}
	cur_get_u8(c, &vihl);
	ihl = (size_t)(vihl & 0x0f) * 4;
	cur_skip(c, 1);
	cur_get_u16(c, &total);
	cur_skip(c, 2);
	cur_get_u16(c, &frag);
	cur_skip(c, 1);
	cur_get_u8(c, &proto);
	cur_skip(c, 2);
	cur_get_bytes(c, &fi->src4, 4);
	cur_get_bytes(c, &fi->dst4, 4);
	if ((vihl >> 4) != 4 || ihl < 20 || total < ihl + 8 ||
	    total > cur_left(c) + 20) {
		*reason = "bad IPv4 header or total length";
		return -EBADMSG;
	}
	if ((frag & 0x3fff) != 0 || proto != IPPROTO_UDP_NUM) {
		*reason = "IPv4 fragment or not UDP";
		return -EBADMSG;
	}
	if (csum_fold(csum_add(0, ip, ihl)) != 0) {
		*reason = "bad IPv4 header checksum";
		return -EBADMSG;
	}
	/* IP options: the UDP header starts at IHL, padding after total */
	if (cur_skip(c, ihl - 20) < 0 || cur_sub(c, total - ihl, &body) < 0) {
		*reason = "IPv4 header longer than the frame";
		return -EBADMSG;
	}
	fi->family = AF_INET;
	if (parse_udp(&body, fi, reason) < 0)
		return -EBADMSG;
	if (cs == CSUM_UNKNOWN && (ip[ihl + 6] | ip[ihl + 7]) != 0 &&
	    udp4_checksum(fi->src4, fi->dst4, ip + ihl, total - ihl) != 0) {
		*reason = "bad UDP checksum";
		return -EBADMSG;
	}
	return 0;
}

static int
parse_ipv6(struct cursor *c, enum frame_csum cs, struct frame_info *fi,
    const char **reason)
{
	const uint8_t *udp;
	struct cursor body;
	uint32_t vtf;
	uint16_t plen;
	uint8_t next;

	if (cur_get_u32(c, &vtf) < 0 || cur_get_u16(c, &plen) < 0 ||
	    cur_get_u8(c, &next) < 0 || cur_skip(c, 1) < 0 ||
	    cur_get_bytes(c, &fi->src6, 16) < 0 ||
	    cur_get_bytes(c, &fi->dst6, 16) < 0) {
		*reason = "truncated IPv6 header";
		return -EBADMSG;
	}
	if ((vtf >> 28) != 6 || cur_sub(c, plen, &body) < 0) {
		*reason = "bad IPv6 version or payload length";
		return -EBADMSG;
	}
	/* Extension headers are not walked: DHCPv6 never needs them. */
	if (next != IPPROTO_UDP_NUM) {
		*reason = "IPv6 extension header or not UDP";
		return -EBADMSG;
	}
	fi->family = AF_INET6;
	udp = cur_ptr(&body);
	if (parse_udp(&body, fi, reason) < 0)
		return -EBADMSG;
	if ((udp[6] | udp[7]) == 0) {
		*reason = "zero UDP checksum on IPv6";
		return -EBADMSG;
	}
	if (cs == CSUM_UNKNOWN &&
	    udp6_checksum(&fi->src6, &fi->dst6, udp, plen) != 0) {
		*reason = "bad UDP checksum";
		return -EBADMSG;
	}
	return 0;
}

int
frame_parse(const uint8_t *buf, size_t len, enum frame_csum cs,
    struct frame_info *ret, const char **ret_reason)
{
	struct cursor c;
	uint16_t type;

	memset(ret, 0, sizeof(*ret));
	cur_init(&c, buf, len);
	if (cur_get_bytes(&c, ret->dst_mac, 6) < 0 ||
	    cur_get_bytes(&c, ret->src_mac, 6) < 0 ||
	    cur_get_u16(&c, &type) < 0 || cur_left(&c) == 0) {
		*ret_reason = "frame too short";
		return -EBADMSG;
	}
	switch (type) {
	case ETHERTYPE_IPV4:
		return parse_ipv4(&c, cs, ret, ret_reason);
	case ETHERTYPE_IPV6:
		return parse_ipv6(&c, cs, ret, ret_reason);
	default:
		/* 802.1Q and QinQ included: only untagged frames are served */
		*ret_reason = "not untagged IPv4/IPv6";
		return -EBADMSG;
	}
}

int
frame_build4(uint8_t *out, size_t cap, const uint8_t src_mac[6],
    const uint8_t dst_mac[6], struct in_addr src, struct in_addr dst,
    uint16_t sport, uint16_t dport, const void *payload, size_t len,
    size_t *ret_len)
{
	uint8_t *ip = out + ETH_HDR_LEN, *udp = ip + 20;
	size_t total = 20 + 8 + len;
	uint16_t v;

	if (cap < ETH_HDR_LEN + total || total > 0xffff)
		return -ENOBUFS;
	memcpy(out, dst_mac, 6);
	memcpy(out + 6, src_mac, 6);
	out[12] = ETHERTYPE_IPV4 >> 8;
	out[13] = ETHERTYPE_IPV4 & 0xff;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = total >> 8;
	ip[3] = total & 0xff;
	ip[8] = 64;				/* TTL */
	ip[9] = IPPROTO_UDP_NUM;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	v = htons(csum_fold(csum_add(0, ip, 20)));
	memcpy(ip + 10, &v, 2);
	udp[0] = sport >> 8;
	udp[1] = sport & 0xff;
	udp[2] = dport >> 8;
	udp[3] = dport & 0xff;
	udp[4] = (8 + len) >> 8;
	udp[5] = (8 + len) & 0xff;
	udp[6] = udp[7] = 0;
	memcpy(udp + 8, payload, len);
	v = udp4_checksum(src, dst, udp, 8 + len);
	if (v == 0)
		v = 0xffff;		/* RFC 768: zero means "none" */
	v = htons(v);
	memcpy(udp + 6, &v, 2);
	*ret_len = ETH_HDR_LEN + total;
	return 0;
}
