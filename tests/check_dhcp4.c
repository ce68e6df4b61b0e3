/*
 * DHCPv4 protocol code (responder/dhcp4*.c): parsing (bad-inputs.md groups
 * B and C), the reply decision (SPEC section 5), option encoding, layout
 * with RFC 3396 splitting and option overload, and the reply destination.
 *
 * Requests are annotated byte arrays (PKT below: the fixed header of a
 * DISCOVER from 02:00:00:00:00:10, then the option bytes given), changed one
 * field at a time; dhcp4_parse always reads a heap copy of exactly the
 * packet's size so the sanitizer build catches any over-read.  Replies are
 * compared byte for byte with annotated arrays.  Golden inputs are the
 * lab captures in tests/data/dhcp4/ (see extract.py there).
 */
#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "responder/attrval.h"
#include "responder/dhcp4.h"
#include "responder/dhcp4_build.h"
#include "tests/testutil.h"

/* BOOTP header offsets (RFC 2131 figure 1) */
#define OFF_OP		0
#define OFF_HTYPE	1
#define OFF_HLEN	2
#define OFF_HOPS	3
#define OFF_XID		4
#define OFF_SECS	8
#define OFF_FLAGS	10
#define OFF_CIADDR	12
#define OFF_YIADDR	16
#define OFF_SIADDR	20
#define OFF_GIADDR	24
#define OFF_CHADDR	28
#define OFF_SNAME	DHCP4_SNAME_OFF
#define OFF_FILE	DHCP4_FILE_OFF
#define OFF_COOKIE	236
#define OFF_OPTS	240

static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x10 };
static const uint8_t xid[4] = { 0x6a, 0x5b, 0x4c, 0x3d };

struct pkt {
	uint8_t	b[2048];
	size_t	len;
};

static struct pkt pk;

/* Fixed header (op 1, htype 1, hlen 6, our xid and chaddr, cookie). */
static void
pkt_make(struct pkt *p, const uint8_t *opts, size_t n)
{
	ck_assert_uint_le(OFF_OPTS + n, sizeof(p->b));
	memset(p->b, 0, sizeof(p->b));
	p->b[OFF_OP] = 1;			/* BOOTREQUEST */
	p->b[OFF_HTYPE] = 1;			/* Ethernet */
	p->b[OFF_HLEN] = 6;
	memcpy(p->b + OFF_XID, xid, 4);
	memcpy(p->b + OFF_CHADDR, mac, 6);
	p->b[OFF_COOKIE] = 0x63;
	p->b[OFF_COOKIE + 1] = 0x82;
	p->b[OFF_COOKIE + 2] = 0x53;
	p->b[OFF_COOKIE + 3] = 0x63;
	memcpy(p->b + OFF_OPTS, opts, n);
	p->len = OFF_OPTS + n;
}

#define PKT(...) do {							\
	static const uint8_t o_[] = { __VA_ARGS__ };			\
	pkt_make(&pk, o_, sizeof(o_));					\
} while (0)

/* Bytes into the packet at off (sname, file, anywhere). */
#define PUT(off, ...) do {						\
	static const uint8_t o_[] = { __VA_ARGS__ };			\
	memcpy(pk.b + (off), o_, sizeof(o_));				\
} while (0)

static void
put_addr(struct pkt *p, size_t off, const char *a)
{
	ck_assert_int_eq(inet_pton(AF_INET, a, p->b + off), 1);
}

static struct in_addr
addr(const char *a)
{
	struct in_addr r;

	ck_assert_int_eq(inet_pton(AF_INET, a, &r), 1);
	return r;
}

/* --- parsing ------------------------------------------------------------ */

static struct dhcp4_msg msg;
static const char *why;

static int
parse_buf(const uint8_t *b, size_t len)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);
	int r;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, b, len);
	why = NULL;
	r = dhcp4_parse(copy, len, &msg, &why);
	free(copy);
	return r;
}

static void
expect_drop_len(size_t len, const char *reason)
{
	int r = parse_buf(pk.b, len);

	ck_assert_msg(r == -EBADMSG, "%zu bytes: accepted, want drop (%s)",
	    len, reason);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, reason);
}

static void
expect_drop(const char *reason)
{
	expect_drop_len(pk.len, reason);
}

static void
expect_ok(void)
{
	int r = parse_buf(pk.b, pk.len);

	ck_assert_msg(r == 0, "dropped: %s", why ? why : "(null)");
}

static void
expect_bytes(const uint8_t *got, size_t got_len, const uint8_t *want,
    size_t want_len, const char *what)
{
	size_t i;

	for (i = 0; i < got_len && i < want_len; i++)
		ck_assert_msg(got[i] == want[i], "%s: byte %zu is %u, want %u",
		    what, i, got[i], want[i]);
	ck_assert_msg(got_len == want_len, "%s: %zu bytes, want %zu", what,
	    got_len, want_len);
}

#define EXPECT_PRL(...) do {						\
	static const uint8_t w_[] = { __VA_ARGS__ };			\
	expect_bytes(msg.prl, msg.prl_len, w_, sizeof(w_), "PRL");	\
} while (0)

#define EXPECT_CID(...) do {						\
	static const uint8_t w_[] = { __VA_ARGS__ };			\
	ck_assert(msg.has_client_id);					\
	expect_bytes(msg.client_id, msg.client_id_len, w_, sizeof(w_),	\
	    "client id");						\
} while (0)

static size_t
read_golden(const char *name, uint8_t *buf, size_t cap)
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
	ck_assert_uint_lt(n, cap);
	/* Ethernet, IPv4 without options, UDP: the payload is at 42 */
	ck_assert_uint_gt(n, 42);
	ck_assert_uint_eq(buf[14], 0x45);
	return n;
}

/* Parse the UDP payload of a captured frame. */
static void
parse_golden(const char *name)
{
	uint8_t f[2048];
	size_t n = read_golden(name, f, sizeof(f));
	int r = parse_buf(f + 42, n - 42);

	ck_assert_msg(r == 0, "%s dropped: %s", name, why ? why : "(null)");
	ck_assert_mem_eq(msg.chaddr, mac, 6);
	ck_assert_mem_eq(msg.chaddr + 6, "\0\0\0\0\0\0\0\0\0\0", 10);
	ck_assert_uint_eq(msg.htype, 1);
	ck_assert_uint_eq(msg.hlen, 6);
	ck_assert_uint_eq(msg.hops, 0);
	ck_assert_uint_eq(msg.flags, 0);
	ck_assert_uint_eq(msg.giaddr.s_addr, 0);
	ck_assert(!msg.has_relay_info);
}

START_TEST(test_golden_dhclient)
{
	parse_golden("dhclient4-discover.frame");
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	ck_assert_mem_eq(&msg.xid, "\xd6\x65\x83\x72", 4);
	EXPECT_PRL(1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42);
	ck_assert(!msg.has_client_id);
	ck_assert_uint_eq(msg.max_size, 0);
	ck_assert(!msg.has_requested_ip);
	ck_assert(!msg.has_server_id);

	parse_golden("dhclient4-request.frame");
	ck_assert_uint_eq(msg.type, DHCPREQUEST);
	EXPECT_PRL(1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42);
	ck_assert(msg.has_server_id);
	ck_assert_uint_eq(msg.server_id.s_addr, addr("192.0.2.1").s_addr);
	ck_assert(msg.has_requested_ip);
	ck_assert_uint_eq(msg.requested_ip.s_addr, addr("192.0.2.10").s_addr);
	ck_assert_uint_eq(msg.ciaddr.s_addr, 0);
}
END_TEST

START_TEST(test_golden_udhcpc)
{
	parse_golden("udhcpc4-discover.frame");
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	EXPECT_PRL(1, 3, 6, 12, 15, 28, 42);
	EXPECT_CID(0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10);
	ck_assert_uint_eq(msg.max_size, 576);

	parse_golden("udhcpc4-request.frame");
	ck_assert_uint_eq(msg.type, DHCPREQUEST);
	EXPECT_PRL(1, 3, 6, 12, 15, 28, 42);
	EXPECT_CID(0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10);
	ck_assert_uint_eq(msg.max_size, 576);
	ck_assert_uint_eq(msg.server_id.s_addr, addr("192.0.2.1").s_addr);
	ck_assert_uint_eq(msg.requested_ip.s_addr, addr("192.0.2.10").s_addr);
}
END_TEST

START_TEST(test_golden_dhcpcd)
{
	parse_golden("dhcpcd4-discover.frame");
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	EXPECT_PRL(1, 121, 3, 6, 12, 15, 26, 28, 33, 51, 54, 58, 59, 119);
	/* RFC 4361: type 255, IAID, DUID-LLT */
	EXPECT_CID(0xff, 0x00, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00, 0x01,
	    0x32, 0x95, 0x0b, 0x13, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10);
	ck_assert_uint_eq(msg.max_size, 1472);

	parse_golden("dhcpcd4-request.frame");
	ck_assert_uint_eq(msg.type, DHCPREQUEST);
	EXPECT_PRL(1, 121, 3, 6, 12, 15, 26, 28, 33, 51, 54, 58, 59, 119);
	ck_assert_uint_eq(msg.max_size, 1472);
	ck_assert_uint_eq(msg.client_id_len, 19);
	ck_assert_uint_eq(msg.server_id.s_addr, addr("192.0.2.1").s_addr);
	ck_assert_uint_eq(msg.requested_ip.s_addr, addr("192.0.2.10").s_addr);
}
END_TEST

START_TEST(test_golden_networkd)
{
	parse_golden("networkd4-discover.frame");
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	EXPECT_PRL(1, 3, 6, 12, 15, 26, 33, 42, 120, 121);
	EXPECT_CID(0xff, 0xb1, 0x49, 0xd7, 0x90, 0x00, 0x02, 0x00, 0x00,
	    0xab, 0x11, 0x00, 0x33, 0xbd, 0xeb, 0xf9, 0x5e, 0x19, 0x2c);
	ck_assert_uint_eq(msg.max_size, 1472);

	parse_golden("networkd4-request.frame");
	ck_assert_uint_eq(msg.type, DHCPREQUEST);
	EXPECT_PRL(1, 3, 6, 12, 15, 26, 33, 42, 120, 121);
	ck_assert_uint_eq(msg.max_size, 1472);
	ck_assert_uint_eq(msg.server_id.s_addr, addr("192.0.2.1").s_addr);
	ck_assert_uint_eq(msg.requested_ip.s_addr, addr("192.0.2.10").s_addr);

	parse_golden("networkd4-release.frame");
	ck_assert_uint_eq(msg.type, DHCPRELEASE);
	ck_assert_uint_eq(msg.ciaddr.s_addr, addr("192.0.2.10").s_addr);
	ck_assert_uint_eq(msg.prl_len, 0);
}
END_TEST

/* The base packet all header mutations start from. */
static void
base_discover(void)
{
	PKT(53, 1, DHCPDISCOVER,
	    55, 3, 1, 3, 6,
	    255);
}

START_TEST(test_parse_base)
{
	base_discover();
	put_addr(&pk, OFF_CIADDR, "192.0.2.77");
	put_addr(&pk, OFF_YIADDR, "192.0.2.78");
	put_addr(&pk, OFF_GIADDR, "10.1.0.1");
	pk.b[OFF_FLAGS] = 0x80;
	pk.b[OFF_HOPS] = 16;		/* the limit itself is fine */
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	ck_assert_mem_eq(&msg.xid, xid, 4);
	ck_assert_uint_eq(msg.flags, DHCP4_FLAG_BROADCAST);
	ck_assert_uint_eq(msg.hops, 16);
	ck_assert_uint_eq(msg.ciaddr.s_addr, addr("192.0.2.77").s_addr);
	ck_assert_uint_eq(msg.yiaddr.s_addr, addr("192.0.2.78").s_addr);
	ck_assert_uint_eq(msg.giaddr.s_addr, addr("10.1.0.1").s_addr);
	ck_assert_mem_eq(msg.chaddr, mac, 6);
	EXPECT_PRL(1, 3, 6);
	ck_assert(!msg.has_client_id);
	ck_assert(!msg.has_requested_ip);
	ck_assert(!msg.has_server_id);
	ck_assert(!msg.has_lease_time);
	ck_assert(!msg.has_relay_info);
	ck_assert_uint_eq(msg.max_size, 0);
}
END_TEST

/* B1 */
START_TEST(test_truncated_header)
{
	static const size_t lens[] = { 0, 1, 4, 100, 235, 236, 237, 238, 239 };
	size_t i;

	base_discover();
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		expect_drop_len(lens[i], "shorter than a BOOTP header and "
		    "cookie");
	/* header and cookie, no options: plain BOOTP */
	expect_drop_len(240, "no message type (plain BOOTP)");
}
END_TEST

/* B2 */
START_TEST(test_bad_cookie)
{
	size_t i;

	for (i = 0; i < 4; i++) {
		base_discover();
		pk.b[OFF_COOKIE + i] ^= 0x01;
		expect_drop("bad magic cookie");
	}
	base_discover();
	memset(pk.b + OFF_COOKIE, 0, 4);	/* RFC 951 vendor area */
	expect_drop("bad magic cookie");
}
END_TEST

/* B3, B4, B6 */
START_TEST(test_bad_header_fields)
{
	static const uint8_t ops[] = { 0, 2, 3, 255 };
	static const uint8_t htypes[] = { 0, 6, 32, 255 };
	static const uint8_t hlens[] = { 0, 1, 5, 7, 16, 17, 255 };
	static const uint8_t hops[] = { 17, 32, 255 };
	size_t i;

	for (i = 0; i < sizeof(ops); i++) {
		base_discover();
		pk.b[OFF_OP] = ops[i];
		expect_drop("not a BOOTREQUEST");
	}
	for (i = 0; i < sizeof(htypes); i++) {
		base_discover();
		pk.b[OFF_HTYPE] = htypes[i];
		expect_drop("not Ethernet (htype/hlen)");
	}
	for (i = 0; i < sizeof(hlens); i++) {
		base_discover();
		pk.b[OFF_HLEN] = hlens[i];
		expect_drop("not Ethernet (htype/hlen)");
	}
	for (i = 0; i < sizeof(hops); i++) {
		base_discover();
		pk.b[OFF_HOPS] = hops[i];
		expect_drop("too many hops");
	}
}
END_TEST

/* C4 */
START_TEST(test_message_type)
{
	unsigned t;

	PKT(55, 1, 1, 255);
	expect_drop("no message type (plain BOOTP)");
	PKT(53, 0, 255);
	expect_drop("bad message type length");
	PKT(53, 2, 1, 1, 255);
	expect_drop("bad message type length");
	PKT(53, 1, 0, 255);
	expect_drop("bad or conflicting message type");
	PKT(53, 1, 19, 255);
	expect_drop("bad or conflicting message type");
	PKT(53, 1, 255, 255);
	expect_drop("bad or conflicting message type");
	PKT(53, 1, 1, 53, 1, 3, 255);
	expect_drop("bad or conflicting message type");
	/* a repeated but equal type is harmless */
	PKT(53, 1, 3, 53, 1, 3, 255);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPREQUEST);
	/* of 1..18 only what clients send parses; the rest is dropped */
	for (t = 1; t <= 18; t++) {
		PKT(53, 1, 0, 255);
		pk.b[OFF_OPTS + 2] = (uint8_t)t;
		if (t == DHCPDISCOVER || t == DHCPREQUEST || t == DHCPDECLINE ||
		    t == DHCPRELEASE || t == DHCPINFORM) {
			expect_ok();
			ck_assert_uint_eq(msg.type, t);
		} else
			expect_drop("message type a server does not accept");
	}
}
END_TEST

/* C1, C2, C3 */
START_TEST(test_option_bounds)
{
	/* length past the end of the packet */
	PKT(53, 1, 1, 12, 10, 'a', 'b');
	expect_drop("option length past the end");
	PKT(53, 1, 1, 12, 255);
	expect_drop("option length past the end");
	/* a code as the last byte */
	PKT(53, 1, 1, 12);
	expect_drop("option code without length");
	/* no END: accepted, nothing past the packet read (ASan build) */
	PKT(53, 1, 1, 55, 2, 1, 3);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	EXPECT_PRL(1, 3);
	/* PAD before and between: skipped */
	PKT(0, 0, 53, 1, 1, 0, 55, 1, 6, 0, 0);
	expect_ok();
	EXPECT_PRL(6);
	/* after END anything goes, even a bad option */
	PKT(53, 1, 1, 255, 12, 200, 53, 1, 9);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	/* nothing but PAD */
	PKT(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	expect_drop("no message type (plain BOOTP)");
	/* END alone */
	PKT(255);
	expect_drop("no message type (plain BOOTP)");
}
END_TEST

/* C11 */
START_TEST(test_address_options)
{
	PKT(53, 1, 3, 50, 4, 192, 0, 2, 10, 54, 4, 192, 0, 2, 1, 255);
	expect_ok();
	ck_assert(msg.has_requested_ip);
	ck_assert_uint_eq(msg.requested_ip.s_addr, addr("192.0.2.10").s_addr);
	ck_assert(msg.has_server_id);
	ck_assert_uint_eq(msg.server_id.s_addr, addr("192.0.2.1").s_addr);

	PKT(53, 1, 3, 50, 0, 255);
	expect_drop("bad requested address option");
	PKT(53, 1, 3, 50, 3, 192, 0, 2, 255);
	expect_drop("bad requested address option");
	PKT(53, 1, 3, 50, 5, 192, 0, 2, 10, 0, 255);
	expect_drop("bad requested address option");
	PKT(53, 1, 3, 54, 3, 192, 0, 2, 255);
	expect_drop("bad server identifier option");
	PKT(53, 1, 3, 54, 8, 192, 0, 2, 1, 192, 0, 2, 1, 255);
	expect_drop("bad server identifier option");
	/* repeated: the same value is fine, a different one is not */
	PKT(53, 1, 3, 54, 4, 192, 0, 2, 1, 54, 4, 192, 0, 2, 1, 255);
	expect_ok();
	PKT(53, 1, 3, 54, 4, 192, 0, 2, 1, 54, 4, 192, 0, 2, 2, 255);
	expect_drop("bad server identifier option");
	PKT(53, 1, 3, 50, 4, 192, 0, 2, 10, 50, 4, 192, 0, 2, 11, 255);
	expect_drop("bad requested address option");
}
END_TEST

/* Hints with a bad length are ignored, not fatal: the defaults apply. */
START_TEST(test_hint_options)
{
	PKT(53, 1, 1, 51, 4, 0, 0, 0x0e, 0x10, 57, 2, 0x02, 0x40, 255);
	expect_ok();
	ck_assert(msg.has_lease_time);
	ck_assert_uint_eq(msg.lease_time, 3600);
	ck_assert_uint_eq(msg.max_size, 576);
	PKT(53, 1, 1, 51, 2, 0x0e, 0x10, 57, 3, 0x05, 0xc0, 0, 255);
	expect_ok();
	ck_assert(!msg.has_lease_time);
	ck_assert_uint_eq(msg.max_size, 0);
	PKT(53, 1, 1, 57, 1, 0x05, 255);
	expect_ok();
	ck_assert_uint_eq(msg.max_size, 0);
	PKT(53, 1, 1, 57, 2, 0xff, 0xff, 255);
	expect_ok();
	ck_assert_uint_eq(msg.max_size, 65535);
}
END_TEST

/* C5 */
START_TEST(test_client_id)
{
	uint8_t o[2 + 255 + 2 + 1 + 1];
	size_t i;

	PKT(53, 1, 1, 61, 0, 255);
	expect_drop("zero-length client identifier");
	PKT(53, 1, 1, 61, 1, 0xff, 255);		/* type only */
	expect_ok();
	EXPECT_CID(0xff);
	/* the longest single instance */
	o[0] = 61;
	o[1] = 255;
	for (i = 0; i < 255; i++)
		o[2 + i] = (uint8_t)i;
	o[257] = 53;
	o[258] = 1;
	o[259] = 1;
	pkt_make(&pk, o, 260);
	pk.b[pk.len++] = 255;
	expect_ok();
	ck_assert_uint_eq(msg.client_id_len, 255);
	ck_assert_mem_eq(msg.client_id, o + 2, 255);
	/* one more byte by RFC 3396 concatenation: over the bound */
	o[257] = 61;
	o[258] = 1;
	o[259] = 0xaa;
	pkt_make(&pk, o, 260);
	PUT(OFF_OPTS + 260, 53, 1, 1, 255);
	pk.len += 4;
	expect_drop("client identifier too long");
}
END_TEST

/* C9: split options (RFC 3396) are one value. */
START_TEST(test_split_options)
{
	PKT(53, 1, 1,
	    55, 3, 1, 3, 6,
	    61, 4, 0x01, 0x02, 0x00, 0x00,
	    12, 2, 'v', 'm',
	    55, 2, 15, 119,
	    61, 3, 0x00, 0x00, 0x10,
	    55, 1, 121,
	    255);
	expect_ok();
	EXPECT_PRL(1, 3, 6, 15, 119, 121);
	EXPECT_CID(0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10);
}
END_TEST

/* C6: the PRL is kept up to DHCP4_PRL_MAX bytes, longer is dropped. */
START_TEST(test_prl_limit)
{
	uint8_t o[3 + 3 * 257 + 1];
	size_t n = 0, i, k;

	o[n++] = 53;
	o[n++] = 1;
	o[n++] = 1;
	for (k = 0; k < 2; k++) {
		o[n++] = 55;
		o[n++] = 255;
		for (i = 0; i < 255; i++)
			o[n++] = (uint8_t)(i + k);
	}
	o[n++] = 55;
	o[n++] = DHCP4_PRL_MAX - 510;
	o[n++] = 7;
	o[n++] = 8;
	o[n++] = 255;
	pkt_make(&pk, o, n);
	expect_ok();
	ck_assert_uint_eq(msg.prl_len, DHCP4_PRL_MAX);
	ck_assert_uint_eq(msg.prl[0], 0);
	ck_assert_uint_eq(msg.prl[255], 1);
	ck_assert_uint_eq(msg.prl[511], 8);
	/* one byte more */
	o[n - 4] = DHCP4_PRL_MAX - 510 + 1;
	o[n - 1] = 9;
	o[n++] = 255;
	pkt_make(&pk, o, n);
	expect_drop("parameter request list too long");
	/* a zero-length PRL is an empty list */
	PKT(53, 1, 1, 55, 0, 255);
	expect_ok();
	ck_assert_uint_eq(msg.prl_len, 0);
}
END_TEST

/* B7: option overload (RFC 2132 9.3) */
START_TEST(test_overload)
{
	/* 1: file holds options, here the message type itself */
	PKT(52, 1, 1, 255);
	PUT(OFF_FILE, 53, 1, DHCPDISCOVER, 55, 2, 1, 3, 255);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	EXPECT_PRL(1, 3);
	/* 2: sname only; options in file are a file name, ignored */
	PKT(52, 1, 2, 255);
	PUT(OFF_SNAME, 53, 1, DHCPREQUEST, 255);
	PUT(OFF_FILE, 53, 1, DHCPDISCOVER, 255);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPREQUEST);
	PKT(52, 1, 2, 255);
	PUT(OFF_FILE, 53, 1, DHCPDISCOVER, 255);
	expect_drop("no message type (plain BOOTP)");
	PKT(52, 1, 1, 255);
	PUT(OFF_SNAME, 53, 1, DHCPDISCOVER, 255);
	expect_drop("no message type (plain BOOTP)");
	/* 3: options, then file, then sname (RFC 3396 section 5) */
	PKT(52, 1, 3, 55, 2, 1, 3, 255);
	PUT(OFF_FILE, 55, 2, 6, 15, 53, 1, DHCPREQUEST, 255);
	PUT(OFF_SNAME, 55, 1, 119, 61, 2, 0x01, 0xaa, 255);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPREQUEST);
	EXPECT_PRL(1, 3, 6, 15, 119);
	EXPECT_CID(0x01, 0xaa);
	/* without 52 the same file and sname are names, not options */
	PKT(53, 1, 1, 255);
	PUT(OFF_FILE, 55, 2, 6, 15, 53, 1, DHCPREQUEST, 255);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	ck_assert_uint_eq(msg.prl_len, 0);
	/* areas without END, filled to the last byte: bounded */
	PKT(52, 1, 3, 53, 1, 1, 255);
	memset(pk.b + OFF_FILE, 0, DHCP4_FILE_LEN);
	pk.b[OFF_FILE] = 12;
	pk.b[OFF_FILE + 1] = DHCP4_FILE_LEN - 2;
	memset(pk.b + OFF_SNAME, 0, DHCP4_SNAME_LEN);
	pk.b[OFF_SNAME + DHCP4_SNAME_LEN - 3] = 55;
	pk.b[OFF_SNAME + DHCP4_SNAME_LEN - 2] = 1;
	pk.b[OFF_SNAME + DHCP4_SNAME_LEN - 1] = 42;
	expect_ok();
	EXPECT_PRL(42);
}
END_TEST

START_TEST(test_overload_malformed)
{
	static const uint8_t bad[] = { 0, 4, 255 };
	size_t i;

	for (i = 0; i < sizeof(bad); i++) {
		PKT(53, 1, 1, 52, 1, 0, 255);
		pk.b[OFF_OPTS + 5] = bad[i];
		expect_drop("bad option overload value");
	}
	PKT(53, 1, 1, 52, 0, 255);
	expect_drop("bad option overload");
	PKT(53, 1, 1, 52, 2, 1, 1, 255);
	expect_drop("bad option overload");
	PKT(53, 1, 1, 52, 1, 1, 52, 1, 1, 255);
	expect_drop("bad option overload");
	/* an option running past the end of file or sname */
	PKT(53, 1, 1, 52, 1, 1, 255);
	pk.b[OFF_FILE + DHCP4_FILE_LEN - 2] = 12;
	pk.b[OFF_FILE + DHCP4_FILE_LEN - 1] = 1;
	expect_drop("option length past the end");
	PKT(53, 1, 1, 52, 1, 2, 255);
	pk.b[OFF_SNAME + DHCP4_SNAME_LEN - 1] = 12;
	expect_drop("option code without length");
	/* overload inside overload is ignored: sname stays a name, so the
	 * conflicting type there is never seen */
	PKT(52, 1, 1, 255);
	PUT(OFF_FILE, 52, 1, 3, 53, 1, DHCPDISCOVER, 255);
	PUT(OFF_SNAME, 53, 1, DHCPREQUEST, 255);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPDISCOVER);
	PKT(52, 1, 2, 255);
	PUT(OFF_SNAME, 52, 1, 0, 53, 1, DHCPINFORM, 255);
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCPINFORM);
	/* the file field's own options are checked like any others */
	PKT(52, 1, 1, 53, 1, 1, 255);
	PUT(OFF_FILE, 53, 1, DHCPREQUEST, 255);
	expect_drop("bad or conflicting message type");
}
END_TEST

/* C8: option 82 (RFC 3046) */
START_TEST(test_relay_info)
{
	uint8_t o[3 + 257 + 1];

	PKT(53, 1, 1,
	    82, 10,
		1, 4, 'p', 'o', 'r', 't',	/* circuit id */
		2, 2, 0xab, 0xcd,		/* remote id */
	    255);
	expect_ok();
	ck_assert(msg.has_relay_info);
	ck_assert_uint_eq(msg.relay_info_len, 10);
	ck_assert_mem_eq(msg.relay_info, pk.b + OFF_OPTS + 5, 10);
	/* a sub-option overflowing the option */
	PKT(53, 1, 1, 82, 6, 1, 5, 'p', 'o', 'r', 't', 255);
	expect_drop("relay agent sub-option overflows the option");
	/* a sub-option code with no length */
	PKT(53, 1, 1, 82, 5, 1, 2, 'a', 'b', 2, 255);
	expect_drop("relay agent sub-option overflows the option");
	/* two instances concatenate (RFC 3396), a sub-option may straddle */
	PKT(53, 1, 1, 82, 3, 1, 4, 'a', 82, 3, 'b', 'c', 'd', 255);
	expect_ok();
	ck_assert_uint_eq(msg.relay_info_len, 6);
	ck_assert_mem_eq(msg.relay_info, "\x01\x04" "abcd", 6);
	/* 255 bytes: one sub-option of 253 */
	memset(o, 0x5a, sizeof(o));
	o[0] = 53; o[1] = 1; o[2] = 1;
	o[3] = 82; o[4] = 255; o[5] = 9; o[6] = 253;
	o[3 + 257] = 255;
	pkt_make(&pk, o, sizeof(o));
	expect_ok();
	ck_assert_uint_eq(msg.relay_info_len, 255);
	o[6] = 254;
	pkt_make(&pk, o, sizeof(o));
	expect_drop("relay agent sub-option overflows the option");
}
END_TEST

/* --- handling ----------------------------------------------------------- */

static struct client4 cl;
static struct dhcp4_params params;
static struct dhcp4_reply rep;

static void
cl_add(struct client4 *c, uint16_t code, uint32_t max, int datatype,
    const char *text)
{
	struct dhcp4_value *v;

	ck_assert_uint_lt(c->n, CLIENT4_MAX_VALUES);
	v = &c->values[c->n++];
	v->code = code;
	v->max_count = max;
	ck_assert_msg(attrval_parse(datatype, text, &v->val) == 0,
	    "bad test value %s", text);
}

/* Address 192.0.2.10 and the options of SPEC section 5, lists mixed. */
static void
cl_std(void)
{
	memset(&cl, 0, sizeof(cl));
	cl.has_address = true;
	cl.address = addr("192.0.2.10");
	cl_add(&cl, 3, 3, ATTR_IPV4, "192.0.2.1");
	cl_add(&cl, 6, 100, ATTR_IPV4, "198.51.100.53");
	cl_add(&cl, 1, 1, ATTR_IPV4, "255.255.255.0");
	cl_add(&cl, 3, 3, ATTR_IPV4, "192.0.2.254");
	cl_add(&cl, 121, 100, ATTR_STATICRT, "10.0.0.0/8,192.0.2.1");
	cl_add(&cl, 6, 100, ATTR_IPV4, "198.51.100.54");
	cl_add(&cl, 121, 100, ATTR_STATICRT, "0.0.0.0/0,192.0.2.254");
	cl_add(&cl, 119, 100, ATTR_DOMAIN, "example.com");
	cl_add(&cl, 26, 1, ATTR_INT16, "1400");
	cl_add(&cl, 119, 100, ATTR_DOMAIN, "lab.example.org");
	cl_add(&cl, 12, 1, ATTR_STRING, "vm10");
	cl_add(&cl, 2, 1, ATTR_INT32, "-3600");
}

static void
params_std(void)
{
	memset(&params, 0, sizeof(params));
	params.default_lease_time = 600;
	params.max_lease_time = 3600;
	params.server_id = addr("192.0.2.1");
}

/* Parse pk and handle it; the reply starts as garbage on purpose. */
static int
handle(void)
{
	expect_ok();
	memset(&rep, 0xa5, sizeof(rep));
	return dhcp4_handle(&params, &msg, &cl, &rep);
}

static void
expect_silence(const char *reason)
{
	int r = handle();

	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(rep.type, 0);
	ck_assert_ptr_nonnull(rep.reason);
	ck_assert_str_eq(rep.reason, reason);
	ck_assert_uint_eq(rep.len, 0);
	ck_assert_int_eq(rep.dest, DEST_NONE);
}

static void
expect_type(int type)
{
	int r = handle();

	ck_assert_msg(r == type, "got %s (%s), want %s", dhcp4_type_name(
	    (uint8_t)r), rep.reason ? rep.reason : "(null)",
	    dhcp4_type_name((uint8_t)type));
	ck_assert_int_eq(rep.type, type);
	ck_assert_ptr_nonnull(rep.reason);
	ck_assert_int_eq(rep.truncated, 0);
}

static uint32_t
addr_at(const uint8_t *b, size_t off)
{
	uint32_t a;

	memcpy(&a, b + off, 4);
	return a;
}

/* The reply's fixed header, field by field (RFC 2131 table 3). */
static void
expect_header(const char *ciaddr, const char *yiaddr, const char *giaddr,
    uint16_t flags)
{
	static const uint8_t zero[DHCP4_FILE_LEN];
	const uint8_t *b = rep.buf;

	ck_assert_uint_ge(rep.len, DHCP4_MIN_LEN + 1);
	ck_assert_uint_eq(b[OFF_OP], 2);
	ck_assert_uint_eq(b[OFF_HTYPE], 1);
	ck_assert_uint_eq(b[OFF_HLEN], 6);
	ck_assert_uint_eq(b[OFF_HOPS], 0);
	ck_assert_mem_eq(b + OFF_XID, xid, 4);
	ck_assert_mem_eq(b + OFF_SECS, "\0\0", 2);
	ck_assert_uint_eq(b[OFF_FLAGS], flags >> 8);
	ck_assert_uint_eq(b[OFF_FLAGS + 1], flags & 0xff);
	ck_assert_uint_eq(addr_at(b, OFF_CIADDR), addr(ciaddr).s_addr);
	ck_assert_uint_eq(addr_at(b, OFF_YIADDR), addr(yiaddr).s_addr);
	ck_assert_mem_eq(b + OFF_SIADDR, zero, 4);
	ck_assert_uint_eq(addr_at(b, OFF_GIADDR), addr(giaddr).s_addr);
	ck_assert_mem_eq(b + OFF_CHADDR, mac, 6);
	ck_assert_mem_eq(b + OFF_CHADDR + 6, zero, 10);
	ck_assert_mem_eq(b + OFF_COOKIE, "\x63\x82\x53\x63", 4);
}

static void
expect_no_overload(void)
{
	static const uint8_t zero[DHCP4_FILE_LEN];

	ck_assert_mem_eq(rep.buf + OFF_SNAME, zero, DHCP4_SNAME_LEN);
	ck_assert_mem_eq(rep.buf + OFF_FILE, zero, DHCP4_FILE_LEN);
}

/* The options field, byte for byte, END included. */
static void
expect_opts(const uint8_t *want, size_t n)
{
	ck_assert_uint_ge(rep.len, DHCP4_MIN_LEN);
	expect_bytes(rep.buf + OFF_OPTS, rep.len - OFF_OPTS, want, n,
	    "reply options");
}

#define EXPECT_OPTS(...) do {						\
	static const uint8_t w_[] = { __VA_ARGS__ };			\
	expect_opts(w_, sizeof(w_));					\
} while (0)

/* One option of the reply found by walking options, file, sname. */
struct ropt {
	uint8_t		 code;
	uint8_t		 len;
	int		 area;	/* 0 options, 1 file, 2 sname */
	const uint8_t	*body;
};

/* Walk one area strictly: every TLV inside it, END present. */
static size_t
walk_area(const uint8_t *p, size_t len, int area, struct ropt *out,
    size_t n, size_t max, uint8_t *overload)
{
	size_t i = 0;

	for (;;) {
		ck_assert_msg(i < len, "area %d: no END", area);
		if (p[i] == 0) {
			i++;
			continue;
		}
		if (p[i] == 255)
			return n;
		ck_assert_msg(i + 2 <= len && i + 2 + p[i + 1] <= len,
		    "area %d: option %u at %zu runs past the end", area, p[i],
		    i);
		ck_assert_uint_lt(n, max);
		out[n].code = p[i];
		out[n].len = p[i + 1];
		out[n].area = area;
		out[n].body = p + i + 2;
		if (p[i] == 52 && area == 0) {
			ck_assert_uint_eq(p[i + 1], 1);
			*overload = p[i + 2];
		}
		n++;
		i += 2 + p[i + 1];
	}
}

static size_t
walk_reply(struct ropt *out, size_t max)
{
	uint8_t overload = 0;
	size_t n;

	ck_assert_uint_gt(rep.len, OFF_OPTS);
	n = walk_area(rep.buf + OFF_OPTS, rep.len - OFF_OPTS, 0, out, 0, max,
	    &overload);
	if (overload & 1)
		n = walk_area(rep.buf + OFF_FILE, DHCP4_FILE_LEN, 1, out, n,
		    max, &overload);
	if (overload & 2)
		n = walk_area(rep.buf + OFF_SNAME, DHCP4_SNAME_LEN, 2, out, n,
		    max, &overload);
	return n;
}

/* The concatenated body of code (RFC 3396); -1 when absent. */
static int
reply_option(uint8_t code, uint8_t *body, size_t cap)
{
	struct ropt o[400];
	size_t n = walk_reply(o, 400), i, len = 0;
	int found = 0;

	for (i = 0; i < n; i++) {
		if (o[i].code != code)
			continue;
		ck_assert_uint_le(len + o[i].len, cap);
		memcpy(body + len, o[i].body, o[i].len);
		len += o[i].len;
		found = 1;
	}
	return found ? (int)len : -1;
}

/* The codes of the reply in order, each instance, as a string "53 54". */
static const char *
reply_codes(void)
{
	static char s[2048];
	struct ropt o[400];
	size_t n = walk_reply(o, 400), i, at = 0;

	s[0] = '\0';
	for (i = 0; i < n; i++)
		at += (size_t)snprintf(s + at, sizeof(s) - at, "%s%u",
		    i ? " " : "", o[i].code);
	return s;
}

static void
std_discover(void)
{
	PKT(53, 1, DHCPDISCOVER,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,
	    55, 9, 1, 3, 6, 121, 119, 26, 12, 2, 42,	/* 42: none set */
	    255);
}

/* Everything requested and configured, in PRL order, then 61. */
#define STD_OPTIONS(type, lease, t1, t2)				\
	53, 1, type,							\
	54, 4, 192, 0, 2, 1,						\
	51, 4, (lease) >> 24, ((lease) >> 16) & 0xff,			\
	    ((lease) >> 8) & 0xff, (lease) & 0xff,			\
	58, 4, (t1) >> 24, ((t1) >> 16) & 0xff,				\
	    ((t1) >> 8) & 0xff, (t1) & 0xff,				\
	59, 4, (t2) >> 24, ((t2) >> 16) & 0xff,				\
	    ((t2) >> 8) & 0xff, (t2) & 0xff,				\
	1, 4, 255, 255, 255, 0,						\
	3, 8, 192, 0, 2, 1, 192, 0, 2, 254,				\
	6, 8, 198, 51, 100, 53, 198, 51, 100, 54,			\
	121, 11, 8, 10, 192, 0, 2, 1,		/* 10.0.0.0/8 */	\
		 0, 192, 0, 2, 254,		/* default */	\
	119, 30, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, \
		 3, 'l', 'a', 'b', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', \
		 3, 'o', 'r', 'g', 0,					\
	26, 2, 0x05, 0x78,			/* 1400 */		\
	12, 4, 'v', 'm', '1', '0',					\
	2, 4, 0xff, 0xff, 0xf1, 0xf0,		/* -3600 */	\
	61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,		\
	255

START_TEST(test_discover_offer)
{
	cl_std();
	params_std();
	std_discover();
	expect_type(DHCPOFFER);
	ck_assert_str_eq(dhcp4_type_name(rep.type), "OFFER");
	expect_header("0.0.0.0", "192.0.2.10", "0.0.0.0", 0);
	expect_no_overload();
	EXPECT_OPTS(STD_OPTIONS(DHCPOFFER, 600, 300, 525));
	/* B8: no flag, no address yet: unicast frame to chaddr */
	ck_assert_int_eq(rep.dest, DEST_FRAME_UNICAST);
	ck_assert_mem_eq(rep.dst_mac, mac, 6);
	ck_assert_uint_eq(rep.dst_ip.s_addr, addr("192.0.2.10").s_addr);
	ck_assert_uint_eq(rep.dst_port, 68);
}
END_TEST

/* C6: duplicates and reserved codes in the PRL; nothing unrequested. */
START_TEST(test_prl_selects_options)
{
	cl_std();
	params_std();
	PKT(53, 1, DHCPDISCOVER, 55, 6, 26, 1, 26, 3, 1, 26, 255);
	expect_type(DHCPOFFER);
	EXPECT_OPTS(53, 1, DHCPOFFER,
	    54, 4, 192, 0, 2, 1,
	    51, 4, 0, 0, 0x02, 0x58,
	    58, 4, 0, 0, 0x01, 0x2c,
	    59, 4, 0, 0, 0x02, 0x0d,
	    26, 2, 0x05, 0x78,
	    1, 4, 255, 255, 255, 0,
	    3, 8, 192, 0, 2, 1, 192, 0, 2, 254,
	    255);
	/* codes the server sets itself, PAD/END and unknowns: none added */
	PKT(53, 1, DHCPDISCOVER,
	    55, 18, 0, 255, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 61, 82,
		42, 200, 254, 80,
	    255);
	expect_type(DHCPOFFER);
	EXPECT_OPTS(53, 1, DHCPOFFER,
	    54, 4, 192, 0, 2, 1,
	    51, 4, 0, 0, 0x02, 0x58,
	    58, 4, 0, 0, 0x01, 0x2c,
	    59, 4, 0, 0, 0x02, 0x0d,
	    255);
	/* no PRL at all: only the mandatory options */
	PKT(53, 1, DHCPDISCOVER, 255);
	expect_type(DHCPOFFER);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59");
	/* a PRL of all 256 codes: each configured option once, code order */
	{
		uint8_t o[3 + 2 + 255 + 2 + 1 + 1];
		size_t i;

		o[0] = 53; o[1] = 1; o[2] = DHCPDISCOVER;
		o[3] = 55; o[4] = 255;
		for (i = 0; i < 255; i++)
			o[5 + i] = (uint8_t)(255 - i);	/* 255 to 1 */
		o[260] = 55; o[261] = 1; o[262] = 0;
		o[263] = 255;
		pkt_make(&pk, o, sizeof(o));
		expect_type(DHCPOFFER);
		ck_assert_str_eq(reply_codes(),
		    "53 54 51 58 59 121 119 26 12 6 3 2 1");
	}
}
END_TEST

START_TEST(test_lease_time)
{
	cl_std();
	params_std();
	/* requested 3600 = max: honoured */
	PKT(53, 1, DHCPDISCOVER, 51, 4, 0, 0, 0x0e, 0x10, 255);
	expect_type(DHCPOFFER);
	EXPECT_OPTS(53, 1, DHCPOFFER, 54, 4, 192, 0, 2, 1,
	    51, 4, 0, 0, 0x0e, 0x10,		/* 3600 */
	    58, 4, 0, 0, 0x07, 0x08,		/* 1800 */
	    59, 4, 0, 0, 0x0c, 0x4e,		/* 3150 */
	    255);
	/* requested 60: honoured (short is fine) */
	PKT(53, 1, DHCPDISCOVER, 51, 4, 0, 0, 0, 60, 255);
	expect_type(DHCPOFFER);
	EXPECT_OPTS(53, 1, DHCPOFFER, 54, 4, 192, 0, 2, 1,
	    51, 4, 0, 0, 0, 60, 58, 4, 0, 0, 0, 30, 59, 4, 0, 0, 0, 52,
	    255);
	/* 3601 > max: the default */
	PKT(53, 1, DHCPDISCOVER, 51, 4, 0, 0, 0x0e, 0x11, 255);
	expect_type(DHCPOFFER);
	EXPECT_OPTS(53, 1, DHCPOFFER, 54, 4, 192, 0, 2, 1,
	    51, 4, 0, 0, 0x02, 0x58, 58, 4, 0, 0, 0x01, 0x2c,
	    59, 4, 0, 0, 0x02, 0x0d, 255);
	/* infinite (0xffffffff) > max: the default; no overflow in T2 */
	PKT(53, 1, DHCPREQUEST, 50, 4, 192, 0, 2, 10,
	    51, 4, 0xff, 0xff, 0xff, 0xff, 255);
	expect_type(DHCPACK);
	EXPECT_OPTS(53, 1, DHCPACK, 54, 4, 192, 0, 2, 1,
	    51, 4, 0, 0, 0x02, 0x58, 58, 4, 0, 0, 0x01, 0x2c,
	    59, 4, 0, 0, 0x02, 0x0d, 255);
	/* a huge configured lease: T2 = 7/8 computed without overflow */
	params.max_lease_time = 0xffffffff;
	expect_type(DHCPACK);
	EXPECT_OPTS(53, 1, DHCPACK, 54, 4, 192, 0, 2, 1,
	    51, 4, 0xff, 0xff, 0xff, 0xff,
	    58, 4, 0x7f, 0xff, 0xff, 0xff,
	    59, 4, 0xdf, 0xff, 0xff, 0xff,
	    255);
}
END_TEST

/* Values configured under codes the server owns never replace its own. */
START_TEST(test_configured_reserved_codes)
{
	cl_std();
	cl_add(&cl, 54, 1, ATTR_IPV4, "203.0.113.1");
	cl_add(&cl, 51, 1, ATTR_INT32, "99999");
	cl_add(&cl, 58, 1, ATTR_INT32, "1");
	cl_add(&cl, 61, 1, ATTR_STRING, "configured-id");
	cl_add(&cl, 82, 1, ATTR_STRING, "configured-relay");
	cl_add(&cl, 56, 1, ATTR_STRING, "configured-message");
	cl_add(&cl, 53, 1, ATTR_INT16, "5");
	params_std();
	PKT(53, 1, DHCPDISCOVER, 55, 8, 54, 51, 58, 61, 82, 56, 53, 1,
	    61, 2, 0x00, 0x42, 255);
	put_addr(&pk, OFF_GIADDR, "10.1.0.1");
	expect_type(DHCPOFFER);
	EXPECT_OPTS(53, 1, DHCPOFFER,
	    54, 4, 192, 0, 2, 1,
	    51, 4, 0, 0, 0x02, 0x58,
	    58, 4, 0, 0, 0x01, 0x2c,
	    59, 4, 0, 0, 0x02, 0x0d,
	    1, 4, 255, 255, 255, 0,
	    61, 2, 0x00, 0x42,
	    255);
}
END_TEST

/* C17: rapid commit is ignored (RFC 4039 allows it): a plain OFFER. */
START_TEST(test_rapid_commit_ignored)
{
	cl_std();
	params_std();
	PKT(53, 1, DHCPDISCOVER, 80, 0, 55, 1, 1, 255);
	expect_type(DHCPOFFER);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 1");
}
END_TEST

/* SELECTING: server id present (RFC 2131 4.3.2). */
static void
req_selecting(const char *server, const char *want)
{
	PKT(53, 1, DHCPREQUEST,
	    54, 4, 0, 0, 0, 0,
	    50, 4, 0, 0, 0, 0,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,
	    55, 9, 1, 3, 6, 121, 119, 26, 12, 2, 42,
	    255);
	put_addr(&pk, OFF_OPTS + 5, server);
	put_addr(&pk, OFF_OPTS + 11, want);
}

#define NAK_OPTIONS							\
	53, 1, DHCPNAK,							\
	54, 4, 192, 0, 2, 1,						\
	56, 33, 'a', 'd', 'd', 'r', 'e', 's', 's', ' ', 'n', 'o', 't', ' ', \
	    'c', 'o', 'n', 'f', 'i', 'g', 'u', 'r', 'e', 'd', ' ',	\
	    'f', 'o', 'r', ' ', 'c', 'l', 'i', 'e', 'n', 't'

static void
expect_nak(const char *reason)
{
	expect_type(DHCPNAK);
	ck_assert_str_eq(rep.reason, reason);
	expect_header("0.0.0.0", "0.0.0.0", "0.0.0.0", 0);
	expect_no_overload();
	/* only 53, 54, 56 and the echoed 61 (SPEC 5): no lease time */
	EXPECT_OPTS(NAK_OPTIONS,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,
	    255);
	/* C13: giaddr 0, so broadcast, whatever ciaddr says */
	ck_assert_int_eq(rep.dest, DEST_FRAME_BROADCAST);
	ck_assert_mem_eq(rep.dst_mac, "\xff\xff\xff\xff\xff\xff", 6);
	ck_assert_uint_eq(rep.dst_ip.s_addr, INADDR_BROADCAST);
	ck_assert_uint_eq(rep.dst_port, 68);
}

START_TEST(test_request_selecting)
{
	cl_std();
	params_std();
	req_selecting("192.0.2.1", "192.0.2.10");
	expect_type(DHCPACK);
	expect_header("0.0.0.0", "192.0.2.10", "0.0.0.0", 0);
	expect_no_overload();
	EXPECT_OPTS(STD_OPTIONS(DHCPACK, 600, 300, 525));
	ck_assert_int_eq(rep.dest, DEST_FRAME_UNICAST);

	/* C12: another server was chosen: silence */
	req_selecting("192.0.2.2", "192.0.2.10");
	expect_silence("REQUEST for another server");

	req_selecting("192.0.2.1", "192.0.2.11");
	expect_nak("requested address is not the configured one");

	/* SELECTING without 50 */
	PKT(53, 1, DHCPREQUEST, 54, 4, 192, 0, 2, 1,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 255);
	expect_nak("requested address is not the configured one");

	/* SELECTING must have ciaddr 0 (RFC 2131 4.3.2) */
	req_selecting("192.0.2.1", "192.0.2.10");
	put_addr(&pk, OFF_CIADDR, "192.0.2.10");
	expect_type(DHCPNAK);
}
END_TEST

START_TEST(test_request_init_reboot)
{
	cl_std();
	params_std();
	PKT(53, 1, DHCPREQUEST, 50, 4, 192, 0, 2, 10,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,
	    55, 2, 1, 3, 255);
	expect_type(DHCPACK);
	expect_header("0.0.0.0", "192.0.2.10", "0.0.0.0", 0);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 1 3 61");

	PKT(53, 1, DHCPREQUEST, 50, 4, 192, 0, 2, 11,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 255);
	expect_nak("requested address is not the configured one");

	/* no 54, no 50, no ciaddr */
	PKT(53, 1, DHCPREQUEST,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 255);
	expect_nak("REQUEST without server id, address or ciaddr");
}
END_TEST

START_TEST(test_request_renewing)
{
	cl_std();
	params_std();
	PKT(53, 1, DHCPREQUEST,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,
	    55, 2, 1, 3, 255);
	put_addr(&pk, OFF_CIADDR, "192.0.2.10");
	expect_type(DHCPACK);
	/* ciaddr echoed in the ACK; sent by UDP to the client's address */
	expect_header("192.0.2.10", "192.0.2.10", "0.0.0.0", 0);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 1 3 61");
	ck_assert_int_eq(rep.dest, DEST_UDP);
	ck_assert_uint_eq(rep.dst_ip.s_addr, addr("192.0.2.10").s_addr);
	ck_assert_uint_eq(rep.dst_port, 68);

	put_addr(&pk, OFF_CIADDR, "192.0.2.11");
	expect_nak("client address is not the configured one");

	/* right ciaddr, right 50: ACK; right ciaddr, other 50: NAK */
	PKT(53, 1, DHCPREQUEST, 50, 4, 192, 0, 2, 10,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 255);
	put_addr(&pk, OFF_CIADDR, "192.0.2.10");
	expect_type(DHCPACK);
	PKT(53, 1, DHCPREQUEST, 50, 4, 192, 0, 2, 11,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 255);
	put_addr(&pk, OFF_CIADDR, "192.0.2.10");
	expect_nak("client address is not the configured one");
}
END_TEST

/* NAK without a client id, and via a relay (82 echoed, broadcast bit). */
START_TEST(test_nak_contents)
{
	cl_std();
	params_std();
	PKT(53, 1, DHCPREQUEST, 50, 4, 192, 0, 2, 11, 55, 2, 1, 3, 255);
	expect_type(DHCPNAK);
	EXPECT_OPTS(NAK_OPTIONS, 255);

	PKT(53, 1, DHCPREQUEST, 50, 4, 192, 0, 2, 11,
	    51, 4, 0, 0, 0x0e, 0x10,
	    82, 4, 1, 2, 'p', '1',
	    61, 2, 0x00, 0x42,
	    255);
	put_addr(&pk, OFF_GIADDR, "10.1.0.1");
	expect_type(DHCPNAK);
	/* RFC 2131 4.3.2: via a relay, the broadcast bit makes it broadcast */
	expect_header("0.0.0.0", "0.0.0.0", "10.1.0.1", DHCP4_FLAG_BROADCAST);
	EXPECT_OPTS(NAK_OPTIONS, 61, 2, 0x00, 0x42, 82, 4, 1, 2, 'p', '1',
	    255);
	ck_assert_int_eq(rep.dest, DEST_UDP);
	ck_assert_uint_eq(rep.dst_ip.s_addr, addr("10.1.0.1").s_addr);
	ck_assert_uint_eq(rep.dst_port, 67);
}
END_TEST

START_TEST(test_inform)
{
	cl_std();
	params_std();
	PKT(53, 1, DHCPINFORM, 55, 3, 6, 51, 1,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 255);
	put_addr(&pk, OFF_CIADDR, "192.0.2.77");
	expect_type(DHCPACK);
	/* RFC 2131 4.3.5: no yiaddr, no lease times; to ciaddr */
	expect_header("192.0.2.77", "0.0.0.0", "0.0.0.0", 0);
	EXPECT_OPTS(53, 1, DHCPACK, 54, 4, 192, 0, 2, 1,
	    6, 8, 198, 51, 100, 53, 198, 51, 100, 54,
	    1, 4, 255, 255, 255, 0,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,
	    255);
	ck_assert_int_eq(rep.dest, DEST_UDP);
	ck_assert_uint_eq(rep.dst_ip.s_addr, addr("192.0.2.77").s_addr);
	ck_assert_uint_eq(rep.dst_port, 68);

	/* C16: INFORM without ciaddr: answered, broadcast (yiaddr is 0) */
	put_addr(&pk, OFF_CIADDR, "0.0.0.0");
	expect_type(DHCPACK);
	expect_header("0.0.0.0", "0.0.0.0", "0.0.0.0", 0);
	ck_assert_int_eq(rep.dest, DEST_FRAME_BROADCAST);
}
END_TEST

START_TEST(test_decline_release_and_others)
{
	cl_std();
	params_std();
	PKT(53, 1, DHCPDECLINE, 50, 4, 192, 0, 2, 10, 54, 4, 192, 0, 2, 1,
	    255);
	expect_silence("DECLINE: address conflict reported");
	/* C16: without requested address or ciaddr: no crash either */
	PKT(53, 1, DHCPDECLINE, 255);
	expect_silence("DECLINE: address conflict reported");
	PKT(53, 1, DHCPRELEASE, 54, 4, 192, 0, 2, 1, 255);
	put_addr(&pk, OFF_CIADDR, "192.0.2.10");
	expect_silence("RELEASE");
	PKT(53, 1, DHCPRELEASE, 255);
	expect_silence("RELEASE");
}
END_TEST

/* SPEC 8: a known client without attribute 256. */
START_TEST(test_no_address)
{
	cl_std();
	cl.has_address = false;
	cl.address.s_addr = 0;
	params_std();
	std_discover();
	expect_silence("no address configured");
	req_selecting("192.0.2.1", "192.0.2.10");
	expect_silence("no address configured");
	PKT(53, 1, DHCPREQUEST, 255);
	put_addr(&pk, OFF_CIADDR, "192.0.2.10");
	expect_silence("no address configured");
	PKT(53, 1, DHCPINFORM, 55, 1, 3, 255);
	put_addr(&pk, OFF_CIADDR, "192.0.2.77");
	expect_type(DHCPACK);
	expect_header("192.0.2.77", "0.0.0.0", "0.0.0.0", 0);
	EXPECT_OPTS(53, 1, DHCPACK, 54, 4, 192, 0, 2, 1,
	    3, 8, 192, 0, 2, 1, 192, 0, 2, 254, 255);
}
END_TEST

/* RFC 3046: 82 echoed last, verbatim, only when relayed. */
START_TEST(test_relay_echo)
{
	cl_std();
	params_std();
	PKT(53, 1, DHCPDISCOVER,
	    82, 10, 1, 4, 'p', 'o', 'r', 't', 2, 2, 0xab, 0xcd,
	    55, 1, 1,
	    61, 2, 0x00, 0x42,
	    255);
	put_addr(&pk, OFF_GIADDR, "10.1.0.1");
	pk.b[OFF_HOPS] = 1;
	expect_type(DHCPOFFER);
	expect_header("0.0.0.0", "192.0.2.10", "10.1.0.1", 0);
	EXPECT_OPTS(53, 1, DHCPOFFER, 54, 4, 192, 0, 2, 1,
	    51, 4, 0, 0, 0x02, 0x58, 58, 4, 0, 0, 0x01, 0x2c,
	    59, 4, 0, 0, 0x02, 0x0d,
	    1, 4, 255, 255, 255, 0,
	    61, 2, 0x00, 0x42,
	    82, 10, 1, 4, 'p', 'o', 'r', 't', 2, 2, 0xab, 0xcd,
	    255);
	/* B5: back to the relay only */
	ck_assert_int_eq(rep.dest, DEST_UDP);
	ck_assert_uint_eq(rep.dst_ip.s_addr, addr("10.1.0.1").s_addr);
	ck_assert_uint_eq(rep.dst_port, 67);

	/* the same packet sent directly: no 82 */
	put_addr(&pk, OFF_GIADDR, "0.0.0.0");
	expect_type(DHCPOFFER);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 1 61");
}
END_TEST

/* Option 82 split in two instances (RFC 3396) comes back as one value. */
START_TEST(test_relay_echo_split)
{
	uint8_t o[600], body[600];
	size_t n = 0, i;
	int len;

	cl_std();
	params_std();
	o[n++] = 53; o[n++] = 1; o[n++] = DHCPDISCOVER;
	o[n++] = 82; o[n++] = 255;
	o[n++] = 1; o[n++] = 255;		/* straddles the instances */
	for (i = 0; i < 253; i++)
		o[n++] = (uint8_t)i;
	o[n++] = 82; o[n++] = 10;
	for (i = 253; i < 255; i++)
		o[n++] = (uint8_t)i;
	o[n++] = 2; o[n++] = 6;
	for (i = 0; i < 6; i++)
		o[n++] = 0xc0;
	o[n++] = 255;
	pkt_make(&pk, o, n);
	put_addr(&pk, OFF_GIADDR, "10.1.0.1");
	params.default_lease_time = 600;
	expect_type(DHCPOFFER);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 82 82");
	len = reply_option(82, body, sizeof(body));
	ck_assert_int_eq(len, 265);
	ck_assert_mem_eq(body, o + 5, 255);
	ck_assert_mem_eq(body + 255, o + 5 + 255 + 2, 10);
}
END_TEST

/* The four real clients, end to end (C19: only what each asks for). */
static void
handle_golden(const char *name, int want, const char *codes)
{
	uint8_t f[2048];
	size_t n = read_golden(name, f, sizeof(f));

	pkt_make(&pk, f + 42 + OFF_OPTS, n - 42 - OFF_OPTS);
	memcpy(pk.b, f + 42, OFF_OPTS);
	expect_type(want);
	if (want == 0)
		return;
	ck_assert_msg(strcmp(reply_codes(), codes) == 0, "%s: reply has %s, "
	    "want %s", name, reply_codes(), codes);
}

START_TEST(test_golden_replies)
{
	cl_std();
	params_std();
	handle_golden("dhclient4-discover.frame", DHCPOFFER,
	    "53 54 51 58 59 1 2 3 6 119 12 26 121");
	handle_golden("dhclient4-request.frame", DHCPACK,
	    "53 54 51 58 59 1 2 3 6 119 12 26 121");
	handle_golden("udhcpc4-discover.frame", DHCPOFFER,
	    "53 54 51 58 59 1 3 6 12 61");
	handle_golden("udhcpc4-request.frame", DHCPACK,
	    "53 54 51 58 59 1 3 6 12 61");
	handle_golden("dhcpcd4-discover.frame", DHCPOFFER,
	    "53 54 51 58 59 1 121 3 6 12 26 119 61");
	handle_golden("dhcpcd4-request.frame", DHCPACK,
	    "53 54 51 58 59 1 121 3 6 12 26 119 61");
	handle_golden("networkd4-discover.frame", DHCPOFFER,
	    "53 54 51 58 59 1 3 6 12 26 121 61");
	handle_golden("networkd4-request.frame", DHCPACK,
	    "53 54 51 58 59 1 3 6 12 26 121 61");
	ck_assert_int_eq(rep.dest, DEST_FRAME_UNICAST);
	handle_golden("networkd4-release.frame", 0, NULL);
	ck_assert_str_eq(rep.reason, "RELEASE");
}
END_TEST

/* --- destination (RFC 2131 4.1) ----------------------------------------- */

START_TEST(test_destination_all)
{
	static const uint8_t types[] = { DHCPOFFER, DHCPACK, DHCPNAK };
	struct dhcp4_msg m;
	struct dhcp4_reply r;
	struct in_addr gi = addr("10.1.0.1"), ci = addr("192.0.2.77"),
	    yi = addr("192.0.2.10");
	unsigned bits, t;

	for (bits = 0; bits < 16; bits++) {
		for (t = 0; t < sizeof(types); t++) {
			bool g = bits & 1, c = bits & 2, b = bits & 4,
			    y = bits & 8;
			struct in_addr ya = { y ? yi.s_addr : 0 };

			memset(&m, 0, sizeof(m));
			memcpy(m.chaddr, mac, 6);
			m.giaddr.s_addr = g ? gi.s_addr : 0;
			m.ciaddr.s_addr = c ? ci.s_addr : 0;
			m.flags = b ? DHCP4_FLAG_BROADCAST : 0;
			memset(&r, 0xa5, sizeof(r));
			dhcp4_destination(&m, types[t], ya, &r);
			if (g) {
				ck_assert_int_eq(r.dest, DEST_UDP);
				ck_assert_uint_eq(r.dst_ip.s_addr, gi.s_addr);
				ck_assert_uint_eq(r.dst_port, 67);
				ck_assert_mem_eq(r.dst_mac, mac, 6);
			} else if (types[t] == DHCPNAK || (!c && (b || !y))) {
				ck_assert_int_eq(r.dest,
				    DEST_FRAME_BROADCAST);
				ck_assert_uint_eq(r.dst_ip.s_addr,
				    INADDR_BROADCAST);
				ck_assert_uint_eq(r.dst_port, 68);
				ck_assert_mem_eq(r.dst_mac,
				    "\xff\xff\xff\xff\xff\xff", 6);
			} else if (c) {
				ck_assert_int_eq(r.dest, DEST_UDP);
				ck_assert_uint_eq(r.dst_ip.s_addr, ci.s_addr);
				ck_assert_uint_eq(r.dst_port, 68);
				ck_assert_mem_eq(r.dst_mac, mac, 6);
			} else {
				ck_assert_int_eq(r.dest, DEST_FRAME_UNICAST);
				ck_assert_uint_eq(r.dst_ip.s_addr, yi.s_addr);
				ck_assert_uint_eq(r.dst_port, 68);
				ck_assert_mem_eq(r.dst_mac, mac, 6);
			}
		}
	}
}
END_TEST

START_TEST(test_destination_broadcast_flag)
{
	cl_std();
	params_std();
	std_discover();
	pk.b[OFF_FLAGS] = 0x80;
	expect_type(DHCPOFFER);
	/* the flag is echoed, the OFFER broadcast */
	expect_header("0.0.0.0", "192.0.2.10", "0.0.0.0",
	    DHCP4_FLAG_BROADCAST);
	ck_assert_int_eq(rep.dest, DEST_FRAME_BROADCAST);
	ck_assert_mem_eq(rep.dst_mac, "\xff\xff\xff\xff\xff\xff", 6);
	ck_assert_uint_eq(rep.dst_ip.s_addr, INADDR_BROADCAST);
	ck_assert_uint_eq(rep.dst_port, 68);
	/* other flag bits are echoed as they came (RFC 2131 table 3) */
	pk.b[OFF_FLAGS] = 0x00;
	pk.b[OFF_FLAGS + 1] = 0x01;
	expect_type(DHCPOFFER);
	expect_header("0.0.0.0", "192.0.2.10", "0.0.0.0", 0x0001);
	ck_assert_int_eq(rep.dest, DEST_FRAME_UNICAST);
}
END_TEST

/* --- encoders ------------------------------------------------------------ */

static uint8_t enc[4096];
static size_t enc_len;

static int
encode(uint8_t code)
{
	enc_len = 0;
	return dhcp4_encode_values(&cl, code, enc, sizeof(enc), &enc_len);
}

#define EXPECT_ENC(code, ...) do {					\
	static const uint8_t w_[] = { __VA_ARGS__ };			\
	ck_assert_int_eq(encode(code), 0);				\
	expect_bytes(enc, enc_len, w_, sizeof(w_), "encoding");		\
} while (0)

START_TEST(test_encode_classless_routes)
{
	memset(&cl, 0, sizeof(cl));
	cl_add(&cl, 121, 100, ATTR_STATICRT, "0.0.0.0/0,192.0.2.1");
	cl_add(&cl, 121, 100, ATTR_STATICRT, "10.0.0.0/8,192.0.2.2");
	cl_add(&cl, 121, 100, ATTR_STATICRT, "172.16.0.0/16,192.0.2.3");
	cl_add(&cl, 121, 100, ATTR_STATICRT, "192.168.1.0/24,192.0.2.4");
	cl_add(&cl, 121, 100, ATTR_STATICRT, "192.168.2.128/25,192.0.2.5");
	cl_add(&cl, 121, 100, ATTR_STATICRT, "198.51.100.7/32,192.0.2.6");
	cl_add(&cl, 121, 100, ATTR_STATICRT, "10.128.0.0/9,0.0.0.0");
	/* RFC 3442: width, significant octets only, router */
	EXPECT_ENC(121,
	    0, 192, 0, 2, 1,
	    8, 10, 192, 0, 2, 2,
	    16, 172, 16, 192, 0, 2, 3,
	    24, 192, 168, 1, 192, 0, 2, 4,
	    25, 192, 168, 2, 128, 192, 0, 2, 5,
	    32, 198, 51, 100, 7, 192, 0, 2, 6,
	    9, 10, 128, 0, 0, 0, 0);
}
END_TEST

START_TEST(test_encode_static_routes)
{
	memset(&cl, 0, sizeof(cl));
	cl_add(&cl, 33, 100, ATTR_STATICRT, "198.51.100.0/24,192.0.2.1");
	cl_add(&cl, 33, 100, ATTR_STATICRT, "203.0.113.9/32,192.0.2.2");
	/* RFC 2132 5.8: destination, router pairs */
	EXPECT_ENC(33,
	    198, 51, 100, 0, 192, 0, 2, 1,
	    203, 0, 113, 9, 192, 0, 2, 2);
}
END_TEST

START_TEST(test_encode_scalars_and_lists)
{
	memset(&cl, 0, sizeof(cl));
	cl_add(&cl, 119, 100, ATTR_DOMAIN, "example.com");
	cl_add(&cl, 6, 3, ATTR_IPV4, "192.0.2.1");
	cl_add(&cl, 119, 100, ATTR_DOMAIN, "a.b.example.org.");
	cl_add(&cl, 6, 3, ATTR_IPV4, "192.0.2.2");
	cl_add(&cl, 119, 100, ATTR_DOMAIN, "x_y");
	cl_add(&cl, 6, 3, ATTR_IPV4, "192.0.2.3");
	cl_add(&cl, 6, 3, ATTR_IPV4, "192.0.2.4");	/* beyond max_count */
	cl_add(&cl, 6, 3, ATTR_IPV4, "192.0.2.5");
	cl_add(&cl, 26, 1, ATTR_INT16, "576");
	cl_add(&cl, 57, 1, ATTR_INT16, "65535");
	cl_add(&cl, 2, 1, ATTR_INT32, "-1");
	cl_add(&cl, 24, 1, ATTR_INT32, "-2147483648");
	cl_add(&cl, 35, 1, ATTR_INT32, "4294967295");
	cl_add(&cl, 38, 1, ATTR_INT32, "2147483647");
	cl_add(&cl, 12, 1, ATTR_STRING, " vm 10 ");
	cl_add(&cl, 100, 1, ATTR_IPV6, "2001:db8::1");	/* no v4 form */

	EXPECT_ENC(119,
	    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	    1, 'a', 1, 'b', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'o', 'r', 'g', 0,
	    3, 'x', '_', 'y', 0);
	EXPECT_ENC(6, 192, 0, 2, 1, 192, 0, 2, 2, 192, 0, 2, 3);
	EXPECT_ENC(26, 0x02, 0x40);
	EXPECT_ENC(57, 0xff, 0xff);
	EXPECT_ENC(2, 0xff, 0xff, 0xff, 0xff);
	EXPECT_ENC(24, 0x80, 0x00, 0x00, 0x00);
	EXPECT_ENC(35, 0xff, 0xff, 0xff, 0xff);
	EXPECT_ENC(38, 0x7f, 0xff, 0xff, 0xff);
	EXPECT_ENC(12, ' ', 'v', 'm', ' ', '1', '0', ' ');
	ck_assert_int_eq(encode(100), -ENOENT);
	ck_assert_int_eq(encode(3), -ENOENT);
	/* exactly enough room, and one byte less */
	enc_len = 77;
	ck_assert_int_eq(dhcp4_encode_values(&cl, 6, enc, 12, &enc_len), 0);
	ck_assert_uint_eq(enc_len, 12);
	enc_len = 77;
	ck_assert_int_eq(dhcp4_encode_values(&cl, 6, enc, 11, &enc_len),
	    -ENOBUFS);
	ck_assert_uint_eq(enc_len, 77);
	ck_assert_int_eq(dhcp4_encode_values(&cl, 119, enc, 34, &enc_len),
	    -ENOBUFS);
	ck_assert_int_eq(dhcp4_encode_values(&cl, 121, enc, 0, &enc_len),
	    -ENOENT);
}
END_TEST

/* RFC 3396 on the way out: bodies over 255 bytes become several TLVs. */
START_TEST(test_opts_add_split)
{
	static struct dhcp4_opts o;
	static const size_t lens[] = { 0, 1, 255, 256, 510, 511 };
	uint8_t body[600];
	size_t i, k, at, left;

	for (i = 0; i < sizeof(body); i++)
		body[i] = (uint8_t)(i * 13);
	for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		dhcp4_opts_init(&o);
		ck_assert_int_eq(dhcp4_opts_add(&o, 121, body, lens[k]), 0);
		ck_assert_uint_eq(o.n, 1);
		ck_assert_uint_eq(o.units[0].off, 0);
		ck_assert_uint_eq(o.units[0].len, o.len);
		at = 0;
		left = lens[k];
		do {
			size_t chunk = left > 255 ? 255 : left;

			ck_assert_uint_eq(o.buf[at], 121);
			ck_assert_uint_eq(o.buf[at + 1], chunk);
			ck_assert_mem_eq(o.buf + at + 2,
			    body + (lens[k] - left), chunk);
			at += 2 + chunk;
			left -= chunk;
		} while (left > 0);
		ck_assert_uint_eq(o.len, at);
		ck_assert_int_eq(o.overflow, 0);
	}
	/* 255 bytes: one TLV; 256: two */
	dhcp4_opts_init(&o);
	dhcp4_opts_add(&o, 1, body, 255);
	ck_assert_uint_eq(o.len, 257);
	dhcp4_opts_init(&o);
	dhcp4_opts_add(&o, 1, body, 256);
	ck_assert_uint_eq(o.len, 260);
	ck_assert_uint_eq(o.buf[257], 1);
	ck_assert_uint_eq(o.buf[258], 1);
	/* the store is bounded */
	dhcp4_opts_init(&o);
	for (i = 0; i < 15; i++)
		ck_assert_int_eq(dhcp4_opts_add(&o, 6, body, 510), 0);
	ck_assert_int_eq(dhcp4_opts_add(&o, 6, body, 510), -ENOBUFS);
	ck_assert_int_eq(o.overflow, 1);
	ck_assert_uint_eq(o.n, 15);
	ck_assert_uint_eq(o.len, 15 * 514);
	dhcp4_opts_init(&o);
	for (i = 0; i < DHCP4_OPTS_MAX; i++)
		ck_assert_int_eq(dhcp4_opts_add(&o, 6, body, 1), 0);
	ck_assert_int_eq(dhcp4_opts_add(&o, 6, body, 1), -ENOBUFS);
	ck_assert_uint_eq(o.n, DHCP4_OPTS_MAX);
}
END_TEST

/*
 * dhcp4_layout at its exact bounds (limit 548): 304 bytes fill the
 * options field after option 52, 127 the file field and 63 sname, each
 * followed by its END; the cookie stays intact.
 */
START_TEST(test_layout_bounds)
{
	static struct dhcp4_opts o;
	static uint8_t m[DHCP4_REPLY_MAX];
	uint8_t body[300];
	size_t len = 0;

	memset(body, 0x77, sizeof(body));
	dhcp4_opts_init(&o);
	ck_assert_int_eq(dhcp4_opts_add(&o, 200, body, 255), 0);  /* 257 */
	ck_assert_int_eq(dhcp4_opts_add(&o, 201, body, 45), 0);   /* 47 */
	ck_assert_int_eq(dhcp4_opts_add(&o, 202, body, 125), 0);  /* 127 */
	ck_assert_int_eq(dhcp4_opts_add(&o, 203, body, 61), 0);   /* 63 */
	memset(m, 0, sizeof(m));
	memcpy(m + OFF_COOKIE, "\x63\x82\x53\x63", 4);
	ck_assert_int_eq(dhcp4_layout(m, 548, &o, &len), 0);
	ck_assert_uint_eq(len, 548);
	ck_assert_mem_eq(m + OFF_OPTS, "\x34\x01\x03\xc8\xff", 5);
	ck_assert_uint_eq(m[OFF_OPTS + 3 + 257], 201);
	ck_assert_uint_eq(m[547], 255);
	ck_assert_mem_eq(m + OFF_FILE, "\xca\x7d", 2);
	ck_assert_uint_eq(m[OFF_FILE + 127], 255);
	ck_assert_mem_eq(m + OFF_SNAME, "\xcb\x3d", 2);
	ck_assert_uint_eq(m[OFF_SNAME + 63], 255);
	ck_assert_mem_eq(m + OFF_COOKIE, "\x63\x82\x53\x63", 4);
	ck_assert_mem_eq(m + OFF_CHADDR, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
	    16);

	/*
	 * One byte more for file: 202 no longer fits it whole, so it is
	 * split (RFC 3396) over file (125 bytes) and sname (1 byte); 203
	 * then fits nowhere, not even split, and is left out.
	 */
	dhcp4_opts_init(&o);
	dhcp4_opts_add(&o, 200, body, 255);
	dhcp4_opts_add(&o, 201, body, 45);
	dhcp4_opts_add(&o, 202, body, 126);
	dhcp4_opts_add(&o, 203, body, 61);
	memset(m, 0, sizeof(m));
	memcpy(m + OFF_COOKIE, "\x63\x82\x53\x63", 4);
	ck_assert_int_eq(dhcp4_layout(m, 548, &o, &len), 1);
	ck_assert_uint_eq(len, 548);
	ck_assert_mem_eq(m + OFF_OPTS, "\x34\x01\x03", 3);
	ck_assert_mem_eq(m + OFF_FILE, "\xca\x7d", 2);
	ck_assert_uint_eq(m[OFF_FILE + 127], 255);
	ck_assert_mem_eq(m + OFF_SNAME, "\xca\x01", 2);
	ck_assert_uint_eq(m[OFF_SNAME + 3], 255);
	ck_assert_mem_eq(m + OFF_COOKIE, "\x63\x82\x53\x63", 4);

	/* exactly the options field (548 - 240 - 1 = 307): no overload */
	dhcp4_opts_init(&o);
	dhcp4_opts_add(&o, 200, body, 255);
	dhcp4_opts_add(&o, 201, body, 48);
	memset(m, 0, sizeof(m));
	ck_assert_int_eq(dhcp4_layout(m, 548, &o, &len), 0);
	ck_assert_uint_eq(len, 548);
	ck_assert_uint_eq(m[OFF_OPTS], 200);
	ck_assert_uint_eq(m[547], 255);
	expect_bytes(m + OFF_FILE, 1, (const uint8_t *)"", 1, "file");
}
END_TEST

/* Routes as text that outlives the client (attrval keeps pointers). */
static char route_text[200][40];

static void
add_routes(unsigned n, unsigned plen)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (plen == 32)
			snprintf(route_text[i], sizeof(route_text[i]),
			    "10.%u.%u.%u/32,192.0.2.1", i / 256, i % 256, 7);
		else if (plen == 25)
			snprintf(route_text[i], sizeof(route_text[i]),
			    "10.0.%u.128/25,192.0.2.1", i);
		else
			snprintf(route_text[i], sizeof(route_text[i]),
			    "10.%u.%u.0/24,192.0.2.1", i / 256, i % 256);
		cl_add(&cl, 121, 1000, ATTR_STATICRT, route_text[i]);
	}
}

/* G6, C18: 30 routes of 9 bytes = 270: split into 255 + 15. */
START_TEST(test_reply_splits_long_option)
{
	uint8_t want[270], body[600];
	size_t i, at;

	memset(&cl, 0, sizeof(cl));
	cl.has_address = true;
	cl.address = addr("192.0.2.10");
	add_routes(30, 25);
	params_std();
	for (i = 0; i < 30; i++) {
		uint8_t *w = want + 9 * i;

		w[0] = 25; w[1] = 10; w[2] = 0; w[3] = (uint8_t)i; w[4] = 128;
		w[5] = 192; w[6] = 0; w[7] = 2; w[8] = 1;
	}
	PKT(53, 1, DHCPDISCOVER, 57, 2, 0x05, 0xdc, 55, 1, 121, 255);
	expect_type(DHCPOFFER);
	expect_no_overload();
	/* raw: 27 bytes of 53/54/51/58/59, then 121/255, then 121/15 */
	at = OFF_OPTS + 27;
	ck_assert_uint_eq(rep.buf[at], 121);
	ck_assert_uint_eq(rep.buf[at + 1], 255);
	ck_assert_mem_eq(rep.buf + at + 2, want, 255);
	ck_assert_uint_eq(rep.buf[at + 257], 121);
	ck_assert_uint_eq(rep.buf[at + 258], 15);
	ck_assert_mem_eq(rep.buf + at + 259, want + 255, 15);
	ck_assert_uint_eq(rep.buf[at + 274], 255);
	ck_assert_uint_eq(rep.len, at + 275);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 121 121");
	ck_assert_int_eq(reply_option(121, body, sizeof(body)), 270);
	ck_assert_mem_eq(body, want, 270);
}
END_TEST

static char value_text[200][64];

/* Overload: many options in a 576-byte reply (RFC 2131 4.1). */
static void
cl_many(void)
{
	static const char *const domains[] = { "example.com",
	    "lab.example.org", "a.example.net", "corp.example" };
	unsigned i;

	memset(&cl, 0, sizeof(cl));
	cl.has_address = true;
	cl.address = addr("192.0.2.10");
	add_routes(28, 24);				/* 121: 2 + 224 */
	for (i = 0; i < 4; i++)				/* 119: 2 + 59 */
		cl_add(&cl, 119, 100, ATTR_DOMAIN, domains[i]);
	for (i = 0; i < 10; i++) {			/* 6: 2 + 40 */
		snprintf(value_text[i], sizeof(value_text[i]),
		    "198.51.100.%u", i + 1);
		cl_add(&cl, 6, 100, ATTR_IPV4, value_text[i]);
	}
	cl_add(&cl, 12, 1, ATTR_STRING,			/* 12: 2 + 30 */
	    "vm10-with-a-rather-long-name-x");
	cl_add(&cl, 26, 1, ATTR_INT16, "1400");		/* 26: 2 + 2 */
}

static void
many_discover(void)
{
	PKT(53, 1, DHCPDISCOVER,
	    55, 5, 121, 119, 6, 12, 26,
	    61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,
	    255);
}

START_TEST(test_overload_layout)
{
	static const uint16_t small[] = { 0, 1, 575, 576 };
	static const uint8_t want_sname_head[] = { 12, 30 };
	uint8_t body[600];
	struct ropt o[64];
	size_t i, n;

	cl_many();
	params_std();
	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
		many_discover();
		if (small[i] != 0) {
			/* 61 is replaced by 57 of the same size */
			pk.b[OFF_OPTS + 10] = 57;
			pk.b[OFF_OPTS + 11] = 2;
			pk.b[OFF_OPTS + 12] = small[i] >> 8;
			pk.b[OFF_OPTS + 13] = small[i] & 0xff;
			memset(pk.b + OFF_OPTS + 14, 0, 5);	/* PAD */
		}
		expect_type(DHCPOFFER);
		ck_assert_uint_le(rep.len, 576 - 28);
		/* 52 first: file and sname both used */
		ck_assert_mem_eq(rep.buf + OFF_OPTS, "\x34\x01\x03", 3);
		n = walk_reply(o, 64);
		ck_assert_str_eq(reply_codes(), small[i] == 0 ?
		    "52 53 54 51 58 59 121 119 6 12 26 61" :
		    "52 53 54 51 58 59 121 119 6 12 26");
		/* options: 3 + 27 + 226, then END */
		ck_assert_uint_eq(rep.len, OFF_OPTS + 3 + 27 + 226 + 1);
		ck_assert_int_eq(o[6].code, 121);
		ck_assert_int_eq(o[6].area, 0);
		/* file: 119 and 6 (61 + 42 = 103 of 127) */
		ck_assert_int_eq(o[7].code, 119);
		ck_assert_int_eq(o[7].area, 1);
		ck_assert_ptr_eq(o[7].body, rep.buf + OFF_FILE + 2);
		ck_assert_int_eq(o[8].code, 6);
		ck_assert_int_eq(o[8].area, 1);
		ck_assert_uint_eq(rep.buf[OFF_FILE + 103], 255);
		/* sname: 12 (32 bytes: no longer fits in file), 26, 61 */
		ck_assert_mem_eq(rep.buf + OFF_SNAME, want_sname_head, 2);
		ck_assert_int_eq(o[9].area, 2);
		ck_assert_int_eq(o[10].code, 26);
		ck_assert_int_eq(o[10].area, 2);
		ck_assert_uint_eq(n, small[i] == 0 ? 12 : 11);
		/* every value intact */
		ck_assert_int_eq(reply_option(121, body, sizeof(body)), 224);
		ck_assert_int_eq(reply_option(119, body, sizeof(body)), 59);
		ck_assert_int_eq(reply_option(6, body, sizeof(body)), 40);
		ck_assert_mem_eq(body + 36, "\xc6\x33\x64\x0a", 4);
		ck_assert_int_eq(reply_option(12, body, sizeof(body)), 30);
		ck_assert_mem_eq(body, "vm10-with-a-rather-long-name-x", 30);
		ck_assert_int_eq(reply_option(26, body, sizeof(body)), 2);
	}
	/* 1500 lets everything into the options field */
	many_discover();
	pk.b[OFF_OPTS + 10] = 57;
	pk.b[OFF_OPTS + 11] = 2;
	pk.b[OFF_OPTS + 12] = 0x05;
	pk.b[OFF_OPTS + 13] = 0xdc;
	memset(pk.b + OFF_OPTS + 14, 0, 5);
	expect_type(DHCPOFFER);
	expect_no_overload();
	ck_assert_uint_eq(rep.len, OFF_OPTS + 27 + 226 + 61 + 42 + 32 + 4 + 1);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 121 119 6 12 26");
}
END_TEST

/*
 * The reply never exceeds 1472 bytes whatever 57 says: 27 mandatory
 * bytes + 121 (120 /32 routes: 1080 bytes in 5 TLVs = 1090) + 12
 * (hostname of len bytes) fill the options field exactly when the
 * hostname is 112 bytes: 240 + 27 + 1090 + 114 + 1 = 1472.
 */
static char long_name[256];

static void
cl_big(size_t name_len)
{
	memset(&cl, 0, sizeof(cl));
	cl.has_address = true;
	cl.address = addr("192.0.2.10");
	add_routes(120, 32);
	memset(long_name, 'h', name_len);
	long_name[name_len] = '\0';
	cl_add(&cl, 12, 1, ATTR_STRING, long_name);
}

static void
big_discover(uint16_t max)
{
	PKT(53, 1, DHCPDISCOVER, 57, 2, 0, 0, 55, 2, 121, 12, 255);
	pk.b[OFF_OPTS + 5] = max >> 8;
	pk.b[OFF_OPTS + 6] = max & 0xff;
}

START_TEST(test_max_size_cap)
{
	uint8_t body[2048];

	params_std();
	cl_big(112);
	big_discover(1500);
	expect_type(DHCPOFFER);
	expect_no_overload();
	ck_assert_uint_eq(rep.len, 1472);
	ck_assert_uint_eq(rep.buf[1471], 255);
	big_discover(65535);
	expect_type(DHCPOFFER);
	expect_no_overload();
	ck_assert_uint_eq(rep.len, 1472);
	/* one byte less allowed: the hostname moves into file */
	big_discover(1499);
	expect_type(DHCPOFFER);
	ck_assert_uint_eq(rep.buf[OFF_OPTS], 52);
	ck_assert_uint_eq(rep.buf[OFF_OPTS + 2], 1);
	ck_assert_uint_eq(rep.len, OFF_OPTS + 3 + 27 + 1090 + 1);
	ck_assert_uint_eq(rep.buf[OFF_FILE], 12);
	ck_assert_uint_eq(rep.buf[OFF_FILE + 1], 112);
	ck_assert_uint_eq(rep.buf[OFF_FILE + 114], 255);

	/* one more hostname byte: over 1472 even when 57 says 65535 */
	cl_big(113);
	big_discover(65535);
	expect_type(DHCPOFFER);
	ck_assert_uint_eq(rep.buf[OFF_OPTS], 52);
	ck_assert_uint_eq(rep.len, OFF_OPTS + 3 + 27 + 1090 + 1);
	ck_assert_int_eq(reply_option(12, body, sizeof(body)), 113);
	ck_assert_int_eq(reply_option(121, body, sizeof(body)), 1080);
}
END_TEST

/* C18: what fits nowhere is left out and counted, never overwritten. */
START_TEST(test_reply_truncated)
{
	uint8_t body[600];

	memset(&cl, 0, sizeof(cl));
	cl.has_address = true;
	cl.address = addr("192.0.2.10");
	/* 480 bytes of routes: more than options, file and sname together
	 * hold even split (273 + 125 + 61) */
	add_routes(60, 24);
	cl_add(&cl, 1, 1, ATTR_IPV4, "255.255.255.0");
	params_std();
	PKT(53, 1, DHCPDISCOVER, 55, 2, 121, 1, 255);
	memset(&rep, 0xa5, sizeof(rep));
	expect_ok();
	ck_assert_int_eq(dhcp4_handle(&params, &msg, &cl, &rep), DHCPOFFER);
	ck_assert_int_eq(rep.truncated, 1);
	ck_assert_int_eq(reply_option(121, body, sizeof(body)), -1);
	ck_assert_int_eq(reply_option(1, body, sizeof(body)), 4);
	ck_assert_uint_le(rep.len, 548);
	/* RFC 2131 4.1: an area declared by 52 must end with END */
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 1");
	expect_no_overload();
	ck_assert_uint_eq(rep.len, OFF_OPTS + 27 + 6 + 1);
}
END_TEST

/* RFC 3396: an option that fits no field whole is split across them. */
START_TEST(test_reply_option_split_across_fields)
{
	uint8_t body[600];

	memset(&cl, 0, sizeof(cl));
	cl.has_address = true;
	cl.address = addr("192.0.2.10");
	add_routes(35, 24);	/* 280 bytes: more than 548 - 241 - 27 */
	cl_add(&cl, 1, 1, ATTR_IPV4, "255.255.255.0");
	params_std();
	PKT(53, 1, DHCPDISCOVER, 55, 2, 121, 1, 255);
	expect_ok();
	ck_assert_int_eq(dhcp4_handle(&params, &msg, &cl, &rep), DHCPOFFER);
	ck_assert_int_eq(rep.truncated, 0);
	ck_assert_uint_le(rep.len, 548);
	ck_assert_uint_eq(rep.buf[OFF_OPTS], 52);
	/* reassembled across options and file: every route, in order */
	ck_assert_int_eq(reply_option(121, body, sizeof(body)), 280);
	ck_assert_int_eq(reply_option(1, body, sizeof(body)), 4);
	ck_assert_uint_eq(rep.buf[OFF_FILE], 121);
}
END_TEST

/* An option too big to encode at all is counted too, not lost quietly. */
START_TEST(test_reply_option_too_big)
{
	unsigned i;

	memset(&cl, 0, sizeof(cl));
	cl.has_address = true;
	cl.address = addr("192.0.2.10");
	for (i = 0; i < 100; i++) {
		snprintf(value_text[i], sizeof(value_text[i]),
		    "host-%03u.a-rather-long-search-domain.example", i);
		cl_add(&cl, 119, 100, ATTR_DOMAIN, value_text[i]);
	}
	cl_add(&cl, 1, 1, ATTR_IPV4, "255.255.255.0");
	params_std();
	PKT(53, 1, DHCPDISCOVER, 57, 2, 0x05, 0xdc, 55, 2, 119, 1, 255);
	expect_ok();
	memset(&rep, 0xa5, sizeof(rep));
	ck_assert_int_eq(dhcp4_handle(&params, &msg, &cl, &rep), DHCPOFFER);
	ck_assert_str_eq(reply_codes(), "53 54 51 58 59 1");
	ck_assert_int_eq(rep.truncated, 1);
}
END_TEST

START_TEST(test_type_names)
{
	ck_assert_str_eq(dhcp4_type_name(0), "UNKNOWN");
	ck_assert_str_eq(dhcp4_type_name(DHCPDISCOVER), "DISCOVER");
	ck_assert_str_eq(dhcp4_type_name(DHCPNAK), "NAK");
	ck_assert_str_eq(dhcp4_type_name(DHCPINFORM), "INFORM");
	ck_assert_str_eq(dhcp4_type_name(9), "UNKNOWN");
	ck_assert_str_eq(dhcp4_type_name(255), "UNKNOWN");
}
END_TEST

static Suite *
dhcp4_suite(void)
{
	Suite *s = suite_create("dhcp4");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *malformed = tcase_create("malformed");

	tcase_add_test(core, test_golden_dhclient);
	tcase_add_test(core, test_golden_udhcpc);
	tcase_add_test(core, test_golden_dhcpcd);
	tcase_add_test(core, test_golden_networkd);
	tcase_add_test(core, test_parse_base);
	tcase_add_test(core, test_split_options);
	tcase_add_test(core, test_overload);
	tcase_add_test(core, test_discover_offer);
	tcase_add_test(core, test_prl_selects_options);
	tcase_add_test(core, test_lease_time);
	tcase_add_test(core, test_rapid_commit_ignored);
	tcase_add_test(core, test_configured_reserved_codes);
	tcase_add_test(core, test_request_selecting);
	tcase_add_test(core, test_request_init_reboot);
	tcase_add_test(core, test_request_renewing);
	tcase_add_test(core, test_nak_contents);
	tcase_add_test(core, test_inform);
	tcase_add_test(core, test_decline_release_and_others);
	tcase_add_test(core, test_no_address);
	tcase_add_test(core, test_relay_echo);
	tcase_add_test(core, test_golden_replies);
	tcase_add_test(core, test_destination_all);
	tcase_add_test(core, test_destination_broadcast_flag);
	tcase_add_test(core, test_encode_classless_routes);
	tcase_add_test(core, test_encode_static_routes);
	tcase_add_test(core, test_encode_scalars_and_lists);
	tcase_add_test(core, test_type_names);
	tcase_add_test(limits, test_hint_options);
	tcase_add_test(limits, test_prl_limit);
	tcase_add_test(limits, test_relay_echo_split);
	tcase_add_test(limits, test_opts_add_split);
	tcase_add_test(limits, test_layout_bounds);
	tcase_add_test(limits, test_reply_splits_long_option);
	tcase_add_test(limits, test_overload_layout);
	tcase_add_test(limits, test_max_size_cap);
	tcase_add_test(limits, test_reply_truncated);
	tcase_add_test(limits, test_reply_option_split_across_fields);
	tcase_add_test(limits, test_reply_option_too_big);
	tcase_add_test(malformed, test_truncated_header);
	tcase_add_test(malformed, test_bad_cookie);
	tcase_add_test(malformed, test_bad_header_fields);
	tcase_add_test(malformed, test_message_type);
	tcase_add_test(malformed, test_option_bounds);
	tcase_add_test(malformed, test_address_options);
	tcase_add_test(malformed, test_client_id);
	tcase_add_test(malformed, test_overload_malformed);
	tcase_add_test(malformed, test_relay_info);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, malformed);
	return s;
}

int
main(void)
{
	return tu_run_suite(dhcp4_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
