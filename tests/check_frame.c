/*
 * The Ethernet/IPv4/IPv6/UDP layer (responder/frame.c): bad-inputs.md
 * group A.  Frames are built field by field here, with checksums computed
 * by this file's own RFC 1071 code, then mutated one field at a time; each
 * case names the exact result and the check that must fire.  frame_parse
 * always reads a heap copy of exactly the frame's size, so the sanitizer
 * build catches any read past it.
 */
#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "responder/frame.h"
#include "tests/testutil.h"

#define IP_OFF		ETH_HDR_LEN

static const uint8_t client_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x10 };
static const uint8_t server_mac[6] = { 0x22, 0xa8, 0x14, 0xba, 0x7c, 0x05 };
static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* --- independent checksum code (not the module's) ------------------------ */

static uint32_t
sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
	return sum;
}

static uint16_t
fold(uint32_t sum)
{
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* IPv4 header checksum over IHL*4 bytes at f + IP_OFF. */
static void
fix_ip_csum(uint8_t *f)
{
	size_t ihl = (size_t)(f[IP_OFF] & 0x0f) * 4;

	put16(f + IP_OFF + 10, 0);
	put16(f + IP_OFF + 10, fold(sum16(0, f + IP_OFF, ihl)));
}

/* UDP checksum of the udp_len bytes at udp, IPv4 pseudo-header. */
static void
fix_udp4_csum(uint8_t *f, size_t ihl, size_t udp_len)
{
	uint8_t *udp = f + IP_OFF + ihl;
	uint32_t s;
	uint16_t v;

	put16(udp + 6, 0);
	s = sum16(0, f + IP_OFF + 12, 8);		/* src, dst */
	s += 17 + (uint32_t)udp_len;
	v = fold(sum16(s, udp, udp_len));
	put16(udp + 6, v == 0 ? 0xffff : v);
}

/*
 * Ethernet + IPv4 (optlen bytes of IP options: router alert, then NOPs)
 * + UDP 68->67 + payload, all checksums right.  Returns the frame length.
 */
static size_t
mk4(uint8_t *f, size_t optlen, const uint8_t *payload, size_t plen)
{
	size_t ihl = 20 + optlen, total = ihl + 8 + plen;
	uint8_t *ip = f + IP_OFF, *udp = ip + ihl;

	ck_assert(optlen % 4 == 0 && optlen <= 40);
	memcpy(f, bcast_mac, 6);
	memcpy(f + 6, client_mac, 6);
	put16(f + 12, 0x0800);
	memset(ip, 0, ihl);
	ip[0] = (uint8_t)(0x40 | ihl / 4);		/* version, IHL */
	ip[1] = 0x10;					/* TOS */
	put16(ip + 2, (uint16_t)total);
	put16(ip + 4, 0x1234);				/* id */
	ip[8] = 128;					/* TTL */
	ip[9] = 17;					/* UDP */
	memset(ip + 12, 0, 4);				/* 0.0.0.0 */
	memset(ip + 16, 0xff, 4);			/* 255.255.255.255 */
	if (optlen > 0) {
		memset(ip + 20, 1, optlen);		/* NOP */
		ip[20] = 0x94;				/* router alert */
		ip[21] = 4;
		ip[22] = ip[23] = 0;
	}
	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, (uint16_t)(8 + plen));
	memcpy(udp + 8, payload, plen);
	fix_ip_csum(f);
	fix_udp4_csum(f, ihl, 8 + plen);
	return IP_OFF + total;
}

static const uint8_t ll_src[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0x10 };
static const uint8_t all_dhcp[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 0, 2 };

static void
fix_udp6_csum(uint8_t *f, size_t udp_off, size_t udp_len)
{
	uint8_t *udp = f + udp_off;
	uint32_t s;
	uint16_t v;

	put16(udp + 6, 0);
	s = sum16(0, f + IP_OFF + 8, 32);		/* src, dst */
	s += (uint32_t)udp_len + 17;
	v = fold(sum16(s, udp, udp_len));
	put16(udp + 6, v == 0 ? 0xffff : v);
}

/* Ethernet + IPv6 + UDP 546->547 + payload. */
static size_t
mk6(uint8_t *f, const uint8_t *payload, size_t plen)
{
	uint8_t *ip = f + IP_OFF, *udp = ip + 40;

	memcpy(f, server_mac, 6);
	memcpy(f + 6, client_mac, 6);
	put16(f + 12, 0x86dd);
	memset(ip, 0, 40);
	ip[0] = 0x60;
	put16(ip + 4, (uint16_t)(8 + plen));		/* payload length */
	ip[6] = 17;					/* next header */
	ip[7] = 1;					/* hop limit */
	memcpy(ip + 8, ll_src, 16);
	memcpy(ip + 24, all_dhcp, 16);
	put16(udp, 546);
	put16(udp + 2, 547);
	put16(udp + 4, (uint16_t)(8 + plen));
	memcpy(udp + 8, payload, plen);
	fix_udp6_csum(f, IP_OFF + 40, 8 + plen);
	return IP_OFF + 40 + 8 + plen;
}

/* --- running the parser on an exact-size heap copy ----------------------- */

static struct frame_info fi;
static const char *why;
static uint8_t *copy;

static int
parse(const uint8_t *f, size_t len, enum frame_csum cs)
{
	free(copy);
	copy = malloc(len > 0 ? len : 1);
	ck_assert_ptr_nonnull(copy);
	if (len > 0)
		memcpy(copy, f, len);
	why = NULL;
	return frame_parse(len > 0 ? copy : NULL, len, cs, &fi, &why);
}

static void
expect_drop(const uint8_t *f, size_t len, enum frame_csum cs,
    const char *reason)
{
	int r = parse(f, len, cs);

	ck_assert_msg(r == -EBADMSG, "frame of %zu bytes: got %d, want drop "
	    "(%s)", len, r, reason);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, reason);
}

static void
expect_ok4(const uint8_t *f, size_t len, enum frame_csum cs,
    size_t payload_off, size_t payload_len)
{
	int r = parse(f, len, cs);

	ck_assert_msg(r == 0, "frame dropped: %s", why ? why : "(null)");
	ck_assert_int_eq(fi.family, AF_INET);
	ck_assert_ptr_eq(fi.payload, copy + payload_off);
	ck_assert_uint_eq(fi.payload_len, payload_len);
}

static uint8_t payload[300];
static uint8_t frame[2048];

static void
fill_payload(void)
{
	size_t i;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7 + 1);
}

/* --- core ---------------------------------------------------------------- */

START_TEST(test_build_parse_round_trip)
{
	struct in_addr src, dst;
	size_t len;

	fill_payload();
	inet_pton(AF_INET, "192.0.2.1", &src);
	inet_pton(AF_INET, "192.0.2.10", &dst);
	ck_assert_int_eq(frame_build4(frame, sizeof(frame), server_mac,
	    client_mac, src, dst, 67, 68, payload, sizeof(payload), &len), 0);
	ck_assert_uint_eq(len, 14 + 20 + 8 + 300);
	/* exact header bytes: SPEC 5 "TTL 64, correct checksums" */
	ck_assert_mem_eq(frame, client_mac, 6);
	ck_assert_mem_eq(frame + 6, server_mac, 6);
	ck_assert_uint_eq(get16(frame + 12), 0x0800);
	ck_assert_uint_eq(frame[IP_OFF], 0x45);
	ck_assert_uint_eq(get16(frame + IP_OFF + 2), 328);
	ck_assert_uint_eq(get16(frame + IP_OFF + 6) & 0x3fff, 0);
	ck_assert_uint_eq(frame[IP_OFF + 8], 64);
	ck_assert_uint_eq(frame[IP_OFF + 9], 17);
	ck_assert_uint_eq(fold(sum16(0, frame + IP_OFF, 20)), 0);
	ck_assert_uint_eq(get16(frame + 34), 67);
	ck_assert_uint_eq(get16(frame + 36), 68);
	ck_assert_uint_eq(get16(frame + 38), 308);
	ck_assert_uint_ne(get16(frame + 40), 0);
	{
		/* recompute independently and compare */
		uint8_t again[sizeof(frame)];
		memcpy(again, frame, len);
		fix_udp4_csum(again, 20, 308);
		ck_assert_uint_eq(get16(again + 40), get16(frame + 40));
	}
	ck_assert_mem_eq(frame + 42, payload, 300);

	expect_ok4(frame, len, CSUM_UNKNOWN, 42, 300);
	ck_assert_mem_eq(fi.dst_mac, client_mac, 6);
	ck_assert_mem_eq(fi.src_mac, server_mac, 6);
	ck_assert_uint_eq(fi.src4.s_addr, src.s_addr);
	ck_assert_uint_eq(fi.dst4.s_addr, dst.s_addr);
	ck_assert_uint_eq(fi.sport, 67);
	ck_assert_uint_eq(fi.dport, 68);
	ck_assert_mem_eq(fi.payload, payload, 300);
}
END_TEST

START_TEST(test_build_odd_length_and_empty_payload)
{
	struct in_addr src = { htonl(0xc0000201) }, dst = { INADDR_BROADCAST };
	size_t len;

	fill_payload();
	ck_assert_int_eq(frame_build4(frame, sizeof(frame), server_mac,
	    bcast_mac, src, dst, 67, 68, payload, 299, &len), 0);
	ck_assert_uint_eq(len, 42 + 299);
	expect_ok4(frame, len, CSUM_UNKNOWN, 42, 299);
	ck_assert_int_eq(frame_build4(frame, sizeof(frame), server_mac,
	    bcast_mac, src, dst, 67, 68, payload, 0, &len), 0);
	ck_assert_uint_eq(len, 42);
	expect_ok4(frame, len, CSUM_UNKNOWN, 42, 0);
}
END_TEST

/* RFC 768: a computed checksum of 0 is sent as 0xffff (0 means none). */
START_TEST(test_build_checksum_zero_sent_as_ffff)
{
	struct in_addr src = { htonl(0xc0000201) }, dst = { htonl(0xc000020a) };
	uint8_t p[64];
	uint16_t v;
	size_t len;

	memset(p, 0x5a, sizeof(p));
	p[62] = p[63] = 0;
	ck_assert_int_eq(frame_build4(frame, sizeof(frame), server_mac,
	    client_mac, src, dst, 67, 68, p, sizeof(p), &len), 0);
	v = get16(frame + 40);
	ck_assert_uint_ne(v, 0xffff);	/* else p proves nothing */
	/* add ~sum as the last word: the true checksum becomes 0 */
	put16(p + 62, v);
	ck_assert_int_eq(frame_build4(frame, sizeof(frame), server_mac,
	    client_mac, src, dst, 67, 68, p, sizeof(p), &len), 0);
	ck_assert_uint_eq(get16(frame + 40), 0xffff);
	expect_ok4(frame, len, CSUM_UNKNOWN, 42, 64);
}
END_TEST

START_TEST(test_build_no_room)
{
	struct in_addr a = { 0 };
	size_t len = 7;

	fill_payload();
	ck_assert_int_eq(frame_build4(frame, 42 + 299, server_mac, client_mac,
	    a, a, 67, 68, payload, 300, &len), -ENOBUFS);
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(frame_build4(frame, 42 + 300, server_mac, client_mac,
	    a, a, 67, 68, payload, 300, &len), 0);
	ck_assert_uint_eq(len, 342);
}
END_TEST

/* RFC 1071 section 3 example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
START_TEST(test_checksum_helpers)
{
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7 };
	static const uint8_t odd[] = { 0x01, 0x02, 0x03 };

	ck_assert_uint_eq(csum_add(0, b, sizeof(b)), 0x2ddf0);
	ck_assert_uint_eq(csum_fold(csum_add(0, b, sizeof(b))),
	    (uint16_t)~0xddf2);
	/* an odd trailing byte is the high half of a word */
	ck_assert_uint_eq(csum_add(0, odd, sizeof(odd)), 0x0102 + 0x0300);
	ck_assert_uint_eq(csum_fold(0xffff), 0);
	ck_assert_uint_eq(csum_fold(0x1fffe), 0);
}
END_TEST

/* The lab captures: real clients' frames, with their real checksums. */
static size_t
read_frame(const char *name, uint8_t *buf, size_t cap)
{
	char path[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/data/dhcp4/%s", tu_srcdir(),
	    name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(buf, 1, cap, f);
	fclose(f);
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_lt(n, cap);
	return n;
}

START_TEST(test_golden_client_frames)
{
	static const struct {
		const char	*name;
		size_t		 frame_len, payload_len;
	} g[] = {
		{ "dhclient4-discover.frame", 342, 300 },
		{ "dhclient4-request.frame", 342, 300 },
		{ "udhcpc4-discover.frame", 342, 300 },
		{ "udhcpc4-request.frame", 342, 300 },
		{ "dhcpcd4-discover.frame", 342, 300 },
		{ "dhcpcd4-request.frame", 342, 300 },
		{ "networkd4-discover.frame", 327, 285 },
		{ "networkd4-request.frame", 339, 297 },
	};
	size_t i, n;

	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		n = read_frame(g[i].name, frame, sizeof(frame));
		ck_assert_uint_eq(n, g[i].frame_len);
		expect_ok4(frame, n, CSUM_UNKNOWN, 42, g[i].payload_len);
		ck_assert_mem_eq(fi.src_mac, client_mac, 6);
		ck_assert_mem_eq(fi.dst_mac, bcast_mac, 6);
		ck_assert_uint_eq(fi.src4.s_addr, 0);
		ck_assert_uint_eq(fi.dst4.s_addr, INADDR_BROADCAST);
		ck_assert_uint_eq(fi.sport, 68);
		ck_assert_uint_eq(fi.dport, 67);
		/* one flipped payload bit: the real checksum catches it */
		frame[100] ^= 0x01;
		expect_drop(frame, n, CSUM_UNKNOWN, "bad UDP checksum");
	}
}
END_TEST

START_TEST(test_ip_options_move_udp)
{
	size_t len, opt;

	fill_payload();
	for (opt = 4; opt <= 40; opt += 4) {
		len = mk4(frame, opt, payload, 300);
		expect_ok4(frame, len, CSUM_UNKNOWN, 42 + opt, 300);
		ck_assert_uint_eq(fi.sport, 68);
		ck_assert_uint_eq(fi.dport, 67);
		ck_assert_mem_eq(fi.payload, payload, 300);
	}
}
END_TEST

START_TEST(test_udp_zero_checksum_ipv4)
{
	size_t len;

	fill_payload();
	len = mk4(frame, 0, payload, 300);
	put16(frame + 40, 0);		/* "no checksum" (RFC 768) */
	expect_ok4(frame, len, CSUM_UNKNOWN, 42, 300);
}
END_TEST

/* The kernel's word on the checksum (PACKET_AUXDATA, SPEC 9). */
START_TEST(test_checksum_status)
{
	size_t len;

	fill_payload();
	len = mk4(frame, 0, payload, 300);
	frame[41] ^= 0x40;			/* wrong UDP checksum */
	expect_drop(frame, len, CSUM_UNKNOWN, "bad UDP checksum");
	expect_ok4(frame, len, CSUM_NOT_READY, 42, 300);
	expect_ok4(frame, len, CSUM_VALID, 42, 300);
	/* a wrong IP header checksum is not the kernel's UDP business */
	len = mk4(frame, 0, payload, 300);
	frame[IP_OFF + 11] ^= 1;
	expect_drop(frame, len, CSUM_NOT_READY, "bad IPv4 header checksum");
}
END_TEST

/* Ethernet minimum frame: padding after the IP datagram is ignored. */
START_TEST(test_ethernet_padding)
{
	size_t len;

	fill_payload();
	len = mk4(frame, 0, payload, 10);
	ck_assert_uint_eq(len, 52);
	memset(frame + len, 0, 8);
	expect_ok4(frame, 60, CSUM_UNKNOWN, 42, 10);
}
END_TEST

START_TEST(test_dont_fragment_accepted)
{
	size_t len;

	fill_payload();
	len = mk4(frame, 0, payload, 300);
	put16(frame + IP_OFF + 6, 0x4000);	/* DF */
	fix_ip_csum(frame);
	expect_ok4(frame, len, CSUM_UNKNOWN, 42, 300);
}
END_TEST

START_TEST(test_ipv6_ok)
{
	size_t len;

	fill_payload();
	len = mk6(frame, payload, 100);
	ck_assert_int_eq(parse(frame, len, CSUM_UNKNOWN), 0);
	ck_assert_int_eq(fi.family, AF_INET6);
	ck_assert_mem_eq(&fi.src6, ll_src, 16);
	ck_assert_mem_eq(&fi.dst6, all_dhcp, 16);
	ck_assert_uint_eq(fi.sport, 546);
	ck_assert_uint_eq(fi.dport, 547);
	ck_assert_ptr_eq(fi.payload, copy + 14 + 40 + 8);
	ck_assert_uint_eq(fi.payload_len, 100);
	ck_assert_mem_eq(fi.payload, payload, 100);
	/* odd length and padding after the payload length */
	len = mk6(frame, payload, 11);
	memset(frame + len, 0xee, 4);
	ck_assert_int_eq(parse(frame, len + 4, CSUM_UNKNOWN), 0);
	ck_assert_uint_eq(fi.payload_len, 11);
}
END_TEST

/* --- malformed: group A ------------------------------------------------ */

/* A1 */
START_TEST(test_short_frames)
{
	size_t n;

	fill_payload();
	mk4(frame, 0, payload, 300);
	for (n = 0; n <= ETH_HDR_LEN; n++)
		expect_drop(frame, n, CSUM_UNKNOWN, "frame too short");
	/* 15..33 bytes: an IPv4 header cannot fit */
	for (n = ETH_HDR_LEN + 1; n < ETH_HDR_LEN + 20; n++)
		expect_drop(frame, n, CSUM_UNKNOWN, "truncated IPv4 header");
	/* a whole header but the datagram is cut: total length > frame */
	for (n = ETH_HDR_LEN + 20; n < 342; n += 7)
		expect_drop(frame, n, CSUM_UNKNOWN,
		    "bad IPv4 header or total length");
	mk6(frame, payload, 100);
	for (n = ETH_HDR_LEN + 1; n < ETH_HDR_LEN + 40; n++)
		expect_drop(frame, n, CSUM_UNKNOWN, "truncated IPv6 header");
}
END_TEST

/* A2: tagged frames are not served, whatever follows the tag. */
START_TEST(test_vlan_tagged)
{
	static const uint16_t tags[] = { 0x8100, 0x88a8, 0x9100, 0x0806 };
	uint8_t t[sizeof(frame) + 4];
	size_t len, i;

	fill_payload();
	len = mk4(frame, 0, payload, 300);
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		/* 802.1Q: TPID, TCI (VLAN 10), then the real ethertype */
		memcpy(t, frame, 12);
		put16(t + 12, tags[i]);
		put16(t + 14, 10);
		memcpy(t + 16, frame + 12, len - 12);
		expect_drop(t, len + 4, CSUM_UNKNOWN,
		    "not untagged IPv4/IPv6");
	}
}
END_TEST

/* A3 */
START_TEST(test_ihl)
{
	size_t len;
	uint8_t ihl;

	fill_payload();
	for (ihl = 0; ihl < 5; ihl++) {
		len = mk4(frame, 0, payload, 300);
		frame[IP_OFF] = 0x40 | ihl;
		fix_ip_csum(frame);
		expect_drop(frame, len, CSUM_UNKNOWN,
		    "bad IPv4 header or total length");
	}
	/* IHL*4 > total length: 60-byte header in a 48-byte datagram */
	len = mk4(frame, 0, payload, 20);
	frame[IP_OFF] = 0x4f;
	fix_ip_csum(frame);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "bad IPv4 header or total length");
	/* IHL leaves less than a UDP header before total length */
	len = mk4(frame, 4, payload, 0);	/* total 32 */
	frame[IP_OFF] = 0x47;			/* 28 + 8 > 32 */
	fix_ip_csum(frame);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "bad IPv4 header or total length");
	/* options claimed, header longer than what the UDP length allows */
	len = mk4(frame, 4, payload, 300);
	frame[IP_OFF] = 0x46 + 1;		/* 28: eats UDP's first 4 */
	fix_ip_csum(frame);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "UDP length disagrees with IP payload");
	/* version not 4 under ethertype IPv4 */
	len = mk4(frame, 0, payload, 300);
	frame[IP_OFF] = 0x65;
	fix_ip_csum(frame);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "bad IPv4 header or total length");
}
END_TEST

/* A4 */
START_TEST(test_total_length)
{
	static const uint16_t bad[] = { 0, 8, 20, 27, 329, 0xffff };
	size_t len, i;

	fill_payload();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = mk4(frame, 0, payload, 300);	/* total 328 */
		put16(frame + IP_OFF + 2, bad[i]);
		fix_ip_csum(frame);
		expect_drop(frame, len, CSUM_UNKNOWN,
		    "bad IPv4 header or total length");
	}
	/* 28 is legal (an empty UDP datagram) only if UDP agrees */
	len = mk4(frame, 0, payload, 300);
	put16(frame + IP_OFF + 2, 28);
	fix_ip_csum(frame);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "UDP length disagrees with IP payload");
	/* total shorter than the frame but longer than UDP says */
	len = mk4(frame, 0, payload, 300);
	put16(frame + IP_OFF + 2, 327);
	fix_ip_csum(frame);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "UDP length disagrees with IP payload");
}
END_TEST

/* A5 */
START_TEST(test_fragments)
{
	static const uint16_t frag[] = { 0x2000, 0x0001, 0x2001, 0x1fff,
	    0x6000 };
	size_t len, i;

	fill_payload();
	for (i = 0; i < sizeof(frag) / sizeof(frag[0]); i++) {
		len = mk4(frame, 0, payload, 300);
		put16(frame + IP_OFF + 6, frag[i]);
		fix_ip_csum(frame);
		expect_drop(frame, len, CSUM_UNKNOWN,
		    "IPv4 fragment or not UDP");
	}
	len = mk4(frame, 0, payload, 300);
	frame[IP_OFF + 9] = 6;			/* TCP */
	fix_ip_csum(frame);
	expect_drop(frame, len, CSUM_UNKNOWN, "IPv4 fragment or not UDP");
}
END_TEST

/* A6 (CVE-2015-8605): the UDP length is exactly the IP payload. */
START_TEST(test_udp_length)
{
	static const uint16_t bad[] = { 0, 1, 7, 9, 307, 309, 0xffff };
	size_t len, i;

	fill_payload();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = mk4(frame, 0, payload, 300);	/* UDP length 308 */
		put16(frame + 38, bad[i]);
		expect_drop(frame, len, CSUM_NOT_READY,
		    "UDP length disagrees with IP payload");
	}
	/* total leaves room for less than a UDP header */
	len = mk4(frame, 0, payload, 300);
	put16(frame + IP_OFF + 2, 27);
	fix_ip_csum(frame);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "bad IPv4 header or total length");
}
END_TEST

START_TEST(test_ip_header_checksum)
{
	size_t len, i;

	fill_payload();
	for (i = 0; i < 20; i++) {
		len = mk4(frame, 0, payload, 300);
		if (i == 0 || i == 2 || i == 3 || i == 6 || i == 7 ||
		    i == 9)
			continue;	/* checked before the checksum */
		frame[IP_OFF + i] ^= 0x01;
		expect_drop(frame, len, CSUM_UNKNOWN,
		    "bad IPv4 header checksum");
	}
	/* the option bytes are covered too */
	len = mk4(frame, 8, payload, 300);
	frame[IP_OFF + 26] ^= 0x80;
	expect_drop(frame, len, CSUM_UNKNOWN, "bad IPv4 header checksum");
}
END_TEST

/* A7, A8 */
START_TEST(test_ipv6_malformed)
{
	uint8_t t[sizeof(frame)];
	size_t len;

	fill_payload();
	len = mk6(frame, payload, 100);
	put16(frame + IP_OFF + 40 + 6, 0);	/* zero checksum: RFC 8200 */
	expect_drop(frame, len, CSUM_UNKNOWN, "zero UDP checksum on IPv6");
	expect_drop(frame, len, CSUM_NOT_READY, "zero UDP checksum on IPv6");

	len = mk6(frame, payload, 100);
	frame[len - 1] ^= 0x10;
	expect_drop(frame, len, CSUM_UNKNOWN, "bad UDP checksum");
	ck_assert_int_eq(parse(frame, len, CSUM_NOT_READY), 0);

	/* payload length past the frame, and short of the UDP length */
	len = mk6(frame, payload, 100);
	put16(frame + IP_OFF + 4, 109);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "bad IPv6 version or payload length");
	put16(frame + IP_OFF + 4, 107);
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "UDP length disagrees with IP payload");
	put16(frame + IP_OFF + 4, 4);
	expect_drop(frame, len, CSUM_UNKNOWN, "truncated UDP header");

	len = mk6(frame, payload, 100);
	frame[IP_OFF] = 0x40;			/* version 4 */
	expect_drop(frame, len, CSUM_UNKNOWN,
	    "bad IPv6 version or payload length");

	/* hop-by-hop header (8 bytes: next UDP, len 0, PadN) before UDP */
	len = mk6(frame, payload, 100);
	memcpy(t, frame, IP_OFF + 40);
	t[IP_OFF + 6] = 0;			/* next: hop-by-hop */
	put16(t + IP_OFF + 4, (uint16_t)(8 + 8 + 100));
	t[IP_OFF + 40] = 17;
	t[IP_OFF + 41] = 0;
	t[IP_OFF + 42] = 1;			/* PadN, 4 bytes */
	t[IP_OFF + 43] = 4;
	memset(t + IP_OFF + 44, 0, 4);
	memcpy(t + IP_OFF + 48, frame + IP_OFF + 40, 8 + 100);
	fix_udp6_csum(t, IP_OFF + 48, 108);
	expect_drop(t, len + 8, CSUM_UNKNOWN,
	    "IPv6 extension header or not UDP");
	t[IP_OFF + 6] = 44;			/* fragment header */
	expect_drop(t, len + 8, CSUM_UNKNOWN,
	    "IPv6 extension header or not UDP");
}
END_TEST

static Suite *
frame_suite(void)
{
	Suite *s = suite_create("frame");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *malformed = tcase_create("malformed");

	tcase_add_test(core, test_build_parse_round_trip);
	tcase_add_test(core, test_golden_client_frames);
	tcase_add_test(core, test_ip_options_move_udp);
	tcase_add_test(core, test_udp_zero_checksum_ipv4);
	tcase_add_test(core, test_checksum_status);
	tcase_add_test(core, test_ipv6_ok);
	tcase_add_test(core, test_checksum_helpers);
	tcase_add_test(limits, test_build_odd_length_and_empty_payload);
	tcase_add_test(limits, test_build_checksum_zero_sent_as_ffff);
	tcase_add_test(limits, test_build_no_room);
	tcase_add_test(limits, test_ethernet_padding);
	tcase_add_test(limits, test_dont_fragment_accepted);
	tcase_add_test(malformed, test_short_frames);
	tcase_add_test(malformed, test_vlan_tagged);
	tcase_add_test(malformed, test_ihl);
	tcase_add_test(malformed, test_total_length);
	tcase_add_test(malformed, test_fragments);
	tcase_add_test(malformed, test_udp_length);
	tcase_add_test(malformed, test_ip_header_checksum);
	tcase_add_test(malformed, test_ipv6_malformed);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, malformed);
	return s;
}

int
main(void)
{
	return tu_run_suite(frame_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
