/*
 * DHCPv6 protocol code (responder/dhcp6*.c): parsing through Relay-forward
 * layers (bad-inputs.md groups D and E), the RFC 8415 section 16 presence
 * rules, the 3.09 DUID key (SPEC section 4), lifetimes and the replies of
 * SPEC section 6, relay wrapping and the reply size bound.
 *
 * Requests are annotated byte arrays (MSG below: message type, our
 * transaction id, then the option bytes given), changed one field at a
 * time; dhcp6_parse always reads a heap copy of exactly the message's size
 * so the sanitizer build catches any over-read.  Replies are compared byte
 * for byte with annotated arrays and walked with a strict TLV reader of
 * this file.  Golden inputs are the lab captures in tests/data/dhcp6/ (see
 * extract.py there).
 */
#include <arpa/inet.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "responder/attrval.h"
#include "responder/dhcp6.h"
#include "tests/testutil.h"

#define U16(v)	(((v) >> 8) & 0xff), ((v) & 0xff)
#define U32(v)	(((v) >> 24) & 0xff), (((v) >> 16) & 0xff),		\
		(((v) >> 8) & 0xff), ((v) & 0xff)

#define XID	0x5a, 0x6b, 0x7c
/* Client DUID-LLT: type 1, hw 1, time, MAC 02:00:00:00:00:10 */
#define CDUID	0x00, 0x01, 0x00, 0x01, 0x32, 0x95, 0x0b, 0x45,		\
		0x02, 0x00, 0x00, 0x00, 0x00, 0x10
/* Ours, DUID-LL: type 3, hw 1, MAC 02:00:00:00:00:01 */
#define SDUID	0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01

#define O_CID		0, 1, 0, 14, CDUID
#define O_SID		0, 2, 0, 10, SDUID
#define O_RAPID		0, 14, 0, 0
#define O_ELAPSED	0, 8, 0, 2, 0, 0

/* 2001:db8:1::x and 2001:db8:100:xx00::/56 */
#define A6(x)	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0,	\
		0, 0, 0, (x)
#define P6(x)	0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00, (x), 0x00,		\
		0, 0, 0, 0, 0, 0, 0, 0

/*
 * IAs as a client sends them: T1/T2 hints 0, no items, or one item.  An
 * item names its address as x of A6(x), its prefix as x of P6(x).
 */
#define O_NA(iaid)	0, 3, 0, 12, U32(iaid), U32(0), U32(0)
#define O_TA(iaid)	0, 4, 0, 4, U32(iaid)
#define O_PD(iaid)	0, 25, 0, 12, U32(iaid), U32(0), U32(0)
#define O_ADDR(x)	0, 5, 0, 24, A6(x), U32(7200), U32(7500)
#define O_PREFIX(x, l)	0, 26, 0, 25, U32(7200), U32(7500), (l), P6(x)
#define O_NA1(iaid, x)	0, 3, 0, 40, U32(iaid), U32(0), U32(0), O_ADDR(x)
#define O_TA1(iaid, x)	0, 4, 0, 32, U32(iaid), O_ADDR(x)
#define O_PD1(iaid, x, l) 0, 25, 0, 41, U32(iaid), U32(0), U32(0),	\
			O_PREFIX(x, l)

static const uint8_t cduid[] = { CDUID };
static const uint8_t sduid[] = { SDUID };

struct pkt {
	uint8_t	b[70000];
	size_t	len;
};

static struct pkt pk;

/* A client message: type, our transaction id, the options given. */
static void
msg_make(struct pkt *p, uint8_t type, const uint8_t *opts, size_t n)
{
	static const uint8_t xid[3] = { XID };

	ck_assert_uint_le(4 + n, sizeof(p->b));
	p->b[0] = type;
	memcpy(p->b + 1, xid, 3);
	memcpy(p->b + 4, opts, n);
	p->len = 4 + n;
}

#define MSG(type, ...) do {						\
	static const uint8_t o_[] = { __VA_ARGS__ };			\
	msg_make(&pk, (type), o_, sizeof(o_));				\
} while (0)

/* Raw bytes appended (options after those of MSG). */
#define ADD(...) do {							\
	static const uint8_t o_[] = { __VA_ARGS__ };			\
	ck_assert_uint_le(pk.len + sizeof(o_), sizeof(pk.b));		\
	memcpy(pk.b + pk.len, o_, sizeof(o_));				\
	pk.len += sizeof(o_);						\
} while (0)

static void
put_u16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void
add_opt(struct pkt *p, uint16_t code, const void *body, size_t len)
{
	ck_assert_uint_le(len, 0xffff);
	ck_assert_uint_le(p->len + 4 + len, sizeof(p->b));
	put_u16(p->b + p->len, code);
	put_u16(p->b + p->len + 2, (uint16_t)len);
	if (len > 0)
		memcpy(p->b + p->len + 4, body, len);
	p->len += 4 + len;
}

static struct in6_addr
addr6(const char *a)
{
	struct in6_addr r;

	ck_assert_int_eq(inet_pton(AF_INET6, a, &r), 1);
	return r;
}

/* Relay layer tag t: link 2001:db8:t::1, peer fe80::t. */
static struct in6_addr
relay_link(unsigned t)
{
	struct in6_addr a = addr6("2001:db8::1");

	a.s6_addr[4] = (uint8_t)(t >> 8);
	a.s6_addr[5] = (uint8_t)t;
	return a;
}

static struct in6_addr
relay_peer(unsigned t)
{
	struct in6_addr a = addr6("fe80::");

	a.s6_addr[14] = (uint8_t)(t >> 8);
	a.s6_addr[15] = (uint8_t)t;
	return a;
}

/*
 * Wrap pk in one Relay-forward (RFC 8415 9.1): hop count, the addresses of
 * tag, an Interface-ID when iid is not NULL, extra options (e.g. 79), then
 * the Relay-message holding what pk was.
 */
static void
relay_wrap(uint8_t hop, unsigned tag, const void *iid, size_t iid_len,
    const uint8_t *extra, size_t extra_len)
{
	static struct pkt w;
	struct in6_addr link = relay_link(tag), peer = relay_peer(tag);

	w.b[0] = DHCP6_RELAY_FORW;
	w.b[1] = hop;
	memcpy(w.b + 2, &link, 16);
	memcpy(w.b + 18, &peer, 16);
	w.len = 34;
	if (iid != NULL)
		add_opt(&w, D6O_INTERFACE_ID, iid, iid_len);
	ck_assert_uint_le(w.len + extra_len, sizeof(w.b));
	if (extra_len > 0)
		memcpy(w.b + w.len, extra, extra_len);
	w.len += extra_len;
	add_opt(&w, D6O_RELAY_MSG, pk.b, pk.len);
	pk = w;
}

/* n layers, relays[0] outermost: tag i + 1, hop count n - 1 - i. */
static void
relay_nest(size_t n)
{
	size_t i = n;

	while (i-- > 0)
		relay_wrap((uint8_t)(n - 1 - i), (unsigned)(i + 1), NULL, 0,
		    NULL, 0);
}

/* --- parsing ------------------------------------------------------------ */

static struct dhcp6_msg msg;
static const char *why;
/* The parsed copy stays alive (Interface-ID points into it) until the
 * next parse; still reachable at exit, so no leak report. */
static uint8_t *copy;

static int
parse_buf(const uint8_t *b, size_t len)
{
	free(copy);
	copy = malloc(len > 0 ? len : 1);
	ck_assert_ptr_nonnull(copy);
	if (len > 0)
		memcpy(copy, b, len);
	why = NULL;
	return dhcp6_parse(copy, len, &msg, &why);
}

static void
expect_drop_len(size_t len, const char *reason)
{
	int r = parse_buf(pk.b, len);

	ck_assert_msg(r == -EBADMSG, "%zu bytes: %d, want drop (%s)", len, r,
	    reason);
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

	ck_assert_msg(r == 0, "dropped (%d): %s", r, why ? why : "(null)");
}

static void
expect_bytes(const uint8_t *got, size_t got_len, const uint8_t *want,
    size_t want_len, const char *what)
{
	size_t i;

	for (i = 0; i < got_len && i < want_len; i++)
		ck_assert_msg(got[i] == want[i], "%s: byte %zu is 0x%02x, want "
		    "0x%02x", what, i, got[i], want[i]);
	ck_assert_msg(got_len == want_len, "%s: %zu bytes, want %zu", what,
	    got_len, want_len);
}

#define EXPECT_CID(...) do {						\
	static const uint8_t w_[] = { __VA_ARGS__ };			\
	expect_bytes(msg.client_id, msg.client_id_len, w_, sizeof(w_),	\
	    "client id");						\
} while (0)

#define EXPECT_SID(...) do {						\
	static const uint8_t w_[] = { __VA_ARGS__ };			\
	expect_bytes(msg.server_id, msg.server_id_len, w_, sizeof(w_),	\
	    "server id");						\
} while (0)

static void
expect_oro(const uint16_t *want, size_t n)
{
	size_t i;

	ck_assert_uint_eq(msg.n_oro, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(msg.oro[i] == want[i], "ORO[%zu] = %u, want %u",
		    i, msg.oro[i], want[i]);
}

#define EXPECT_ORO(...) do {						\
	static const uint16_t w_[] = { __VA_ARGS__ };			\
	expect_oro(w_, sizeof(w_) / sizeof(w_[0]));			\
} while (0)

static void
expect_ia(size_t k, uint16_t type, uint32_t iaid, size_t n_held)
{
	ck_assert_uint_lt(k, msg.n_ias);
	ck_assert_uint_eq(msg.ias[k].type, type);
	ck_assert_uint_eq(msg.ias[k].iaid, iaid);
	ck_assert_uint_eq(msg.ias[k].n_held, n_held);
}

static void
expect_held(size_t k, size_t j, const char *a, uint8_t plen)
{
	struct in6_addr want = addr6(a);

	ck_assert_uint_lt(j, msg.ias[k].n_held);
	ck_assert_mem_eq(&msg.ias[k].held[j].addr, &want, 16);
	ck_assert_uint_eq(msg.ias[k].held[j].plen, plen);
}

static void
read_golden(const char *name, struct pkt *p)
{
	char path[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/data/dhcp6/%s", tu_srcdir(),
	    name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(p->b, 1, sizeof(p->b), f);
	fclose(f);
	ck_assert_uint_lt(n, sizeof(p->b));
	/* Ethernet, IPv6 with UDP right after, 546 to 547: payload at 62 */
	ck_assert_uint_gt(n, 62);
	ck_assert_uint_eq(p->b[12], 0x86);
	ck_assert_uint_eq(p->b[13], 0xdd);
	ck_assert_uint_eq(p->b[20], 17);
	ck_assert_uint_eq(p->b[54] << 8 | p->b[55], 546);
	ck_assert_uint_eq(p->b[56] << 8 | p->b[57], 547);
	memmove(p->b, p->b + 62, n - 62);
	p->len = n - 62;
}

/* Parse a captured client message; every client runs on one MAC and
 * sends a DUID-LLT whose time byte tells the runs apart. */
static void
parse_golden(const char *name, uint8_t type, const uint8_t *xid,
    uint8_t duid_time)
{
	uint8_t want[] = { CDUID };

	read_golden(name, &pk);
	ck_assert_msg(parse_buf(pk.b, pk.len) == 0, "%s dropped: %s", name,
	    why ? why : "(null)");
	ck_assert_int_eq(dhcp6_validate(&msg, &why), 0);
	ck_assert_uint_eq(msg.type, type);
	ck_assert_mem_eq(msg.xid, xid, 3);
	want[7] = duid_time;
	expect_bytes(msg.client_id, msg.client_id_len, want, sizeof(want),
	    name);
	ck_assert_uint_eq(msg.n_relays, 0);
}

/* dnsmasq's server DUID-LLT, Kea's DUID-LL */
#define DNSMASQ_SID	0x00, 0x01, 0x00, 0x01, 0x32, 0x95, 0x0b, 0x43,	\
			0x22, 0xa8, 0x14, 0xba, 0x7c, 0x05
#define KEA_SID		0x00, 0x03, 0x00, 0x01, 0x22, 0xa8, 0x14, 0xba,	\
			0x7c, 0x05

START_TEST(test_golden_dhclient)
{
	parse_golden("dhclient6-solicit.frame", DHCP6_SOLICIT,
	    (const uint8_t *)"\x73\xc3\x35", 0x45);
	EXPECT_ORO(23, 24, 39, 31);
	ck_assert_uint_eq(msg.server_id_len, 0);
	ck_assert(!msg.rapid_commit);
	ck_assert(msg.has_ia);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 0x10, 0);

	parse_golden("dhclient6-request.frame", DHCP6_REQUEST,
	    (const uint8_t *)"\x1b\xce\x7c", 0x45);
	EXPECT_SID(DNSMASQ_SID);
	EXPECT_ORO(23, 24, 39, 31);
	ck_assert(!msg.rapid_commit);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 0x10, 1);
	expect_held(0, 0, "2001:db8:1::10", 128);

	parse_golden("dhclient6-kea-solicit.frame", DHCP6_SOLICIT,
	    (const uint8_t *)"\x2e\x0b\x6d", 0x56);
	EXPECT_ORO(23, 24, 39, 31);
	expect_ia(0, D6O_IA_NA, 0x10, 0);
	parse_golden("dhclient6-kea-request.frame", DHCP6_REQUEST,
	    (const uint8_t *)"\x6c\x26\xbe", 0x56);
	EXPECT_SID(KEA_SID);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 0x10, 1);
	expect_held(0, 0, "2001:db8:1::10", 128);
}
END_TEST

START_TEST(test_golden_dhclient_pd)
{
	parse_golden("dhclient6-pd-solicit.frame", DHCP6_SOLICIT,
	    (const uint8_t *)"\x47\x88\xa0", 0x5f);
	EXPECT_ORO(23, 24, 39, 31);
	ck_assert(!msg.rapid_commit);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_PD, 0x10, 0);

	parse_golden("dhclient6-pd-request.frame", DHCP6_REQUEST,
	    (const uint8_t *)"\x78\x0a\x95", 0x5f);
	EXPECT_SID(KEA_SID);
	EXPECT_ORO(23, 24, 39, 31);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_PD, 0x10, 1);
	expect_held(0, 0, "2001:db8:100:1200::", 56);
}
END_TEST

START_TEST(test_golden_dhcpcd)
{
	parse_golden("dhcpcd6-solicit.frame", DHCP6_SOLICIT,
	    (const uint8_t *)"\x7a\x72\xbe", 0x4c);
	EXPECT_ORO(23, 24, 39, 82, 83);
	ck_assert(msg.rapid_commit);
	ck_assert_uint_eq(msg.server_id_len, 0);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 0x10, 0);

	parse_golden("dhcpcd6-kea-solicit.frame", DHCP6_SOLICIT,
	    (const uint8_t *)"\x2e\x46\x31", 0x69);
	ck_assert(msg.rapid_commit);
	expect_ia(0, D6O_IA_NA, 1, 0);
	parse_golden("dhcpcd6-kea-request.frame", DHCP6_REQUEST,
	    (const uint8_t *)"\x5e\x06\xe4", 0x69);
	EXPECT_SID(KEA_SID);
	EXPECT_ORO(23, 24, 39, 82, 83);
	ck_assert(!msg.rapid_commit);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 1, 1);
	expect_held(0, 0, "2001:db8:1::10", 128);

	parse_golden("dhcpcd6-pd-solicit.frame", DHCP6_SOLICIT,
	    (const uint8_t *)"\x11\x94\xd5", 0x71);
	EXPECT_ORO(23, 24, 39, 82, 83);
	ck_assert(msg.rapid_commit);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_PD, 1, 0);
	parse_golden("dhcpcd6-pd-request.frame", DHCP6_REQUEST,
	    (const uint8_t *)"\x67\x2d\x5c", 0x71);
	EXPECT_SID(KEA_SID);
	ck_assert(!msg.rapid_commit);
	expect_ia(0, D6O_IA_PD, 1, 1);
	expect_held(0, 0, "2001:db8:100:1200::", 56);
}
END_TEST

START_TEST(test_golden_dhcp6c)
{
	parse_golden("dhcp6c-na-solicit.frame", DHCP6_SOLICIT,
	    (const uint8_t *)"\x47\xbd\xbf", 0x79);
	EXPECT_ORO(23, 24);
	ck_assert(!msg.rapid_commit);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 1, 0);
	parse_golden("dhcp6c-na-request.frame", DHCP6_REQUEST,
	    (const uint8_t *)"\xae\x9b\xeb", 0x79);
	EXPECT_SID(KEA_SID);
	EXPECT_ORO(23, 24);
	expect_ia(0, D6O_IA_NA, 1, 1);
	expect_held(0, 0, "2001:db8:1::10", 128);
	parse_golden("dhcp6c-na-release.frame", DHCP6_RELEASE,
	    (const uint8_t *)"\xb1\x59\x22", 0x79);
	EXPECT_SID(KEA_SID);
	ck_assert_uint_eq(msg.n_oro, 0);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 1, 1);
	expect_held(0, 0, "2001:db8:1::10", 128);

	parse_golden("dhcp6c-pd-solicit.frame", DHCP6_SOLICIT,
	    (const uint8_t *)"\x1d\x25\x1a", 0x82);
	EXPECT_ORO(23, 24);
	expect_ia(0, D6O_IA_PD, 1, 0);
	parse_golden("dhcp6c-pd-request.frame", DHCP6_REQUEST,
	    (const uint8_t *)"\xe9\xa0\x21", 0x82);
	EXPECT_SID(KEA_SID);
	EXPECT_ORO(23, 24);
	expect_ia(0, D6O_IA_PD, 1, 1);
	expect_held(0, 0, "2001:db8:100:1200::", 56);
	parse_golden("dhcp6c-pd-release.frame", DHCP6_RELEASE,
	    (const uint8_t *)"\xc0\x99\x61", 0x82);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_PD, 1, 1);
	expect_held(0, 0, "2001:db8:100:1200::", 56);
}
END_TEST

/* Every field of a direct message, and nothing left from a relayed one. */
START_TEST(test_parse_base)
{
	MSG(DHCP6_RENEW,
	    O_CID,
	    O_SID,
	    0, 6, 0, 6, U16(23), U16(24), U16(31),
	    O_ELAPSED,
	    O_NA1(0x10, 0x10),
	    O_TA1(0x11, 0x11),
	    O_PD1(0x12, 0x12, 56),
	    0, 6, 0, 2, U16(39),		/* a second ORO adds up */
	    0, 99, 0, 3, 'a', 'b', 'c');	/* unknown: skipped */
	/* a relayed message first: n_relays must come back to 0 */
	relay_nest(2);
	expect_ok();
	ck_assert_uint_eq(msg.n_relays, 2);
	MSG(DHCP6_RENEW,
	    O_CID,
	    O_SID,
	    0, 6, 0, 6, U16(23), U16(24), U16(31),
	    O_ELAPSED,
	    O_NA1(0x10, 0x10),
	    O_TA1(0x11, 0x11),
	    O_PD1(0x12, 0x12, 56),
	    0, 6, 0, 2, U16(39),
	    0, 99, 0, 3, 'a', 'b', 'c');
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCP6_RENEW);
	ck_assert_mem_eq(msg.xid, "\x5a\x6b\x7c", 3);
	EXPECT_CID(CDUID);
	EXPECT_SID(SDUID);
	EXPECT_ORO(23, 24, 31, 39);
	ck_assert(!msg.rapid_commit);
	ck_assert(msg.has_ia);
	ck_assert_uint_eq(msg.n_ias, 3);
	expect_ia(0, D6O_IA_NA, 0x10, 1);
	expect_held(0, 0, "2001:db8:1::10", 128);
	expect_ia(1, D6O_IA_TA, 0x11, 1);
	expect_held(1, 0, "2001:db8:1::11", 128);
	expect_ia(2, D6O_IA_PD, 0x12, 1);
	expect_held(2, 0, "2001:db8:100:1200::", 56);
	ck_assert_uint_eq(msg.n_relays, 0);
	ck_assert_int_eq(dhcp6_validate(&msg, &why), 0);
	/* nothing but a client id: no ORO, no IA */
	MSG(DHCP6_SOLICIT, O_CID);
	expect_ok();
	ck_assert_uint_eq(msg.n_oro, 0);
	ck_assert(!msg.has_ia);
	ck_assert_uint_eq(msg.n_ias, 0);
	ck_assert_uint_eq(msg.server_id_len, 0);
}
END_TEST

/* Items of the wrong kind for their IA are ignored, not fatal. */
START_TEST(test_parse_ia_items)
{
	MSG(DHCP6_REQUEST, O_CID, O_SID,
	    0, 3, 0, 41, U32(1), U32(0), U32(0),
		O_PREFIX(0x12, 56),		/* prefix in IA_NA */
	    0, 25, 0, 40, U32(2), U32(0), U32(0),
		O_ADDR(0x10));		/* address in IA_PD */
	expect_ok();
	ck_assert_uint_eq(msg.n_ias, 2);
	expect_ia(0, D6O_IA_NA, 1, 0);
	expect_ia(1, D6O_IA_PD, 2, 0);
	/* IA_TA of exactly 4, IAADDR of exactly 24, IAPREFIX of 25 */
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_TA(7),
	    O_TA1(8, 0x20),
	    O_PD1(9, 0x20, 128),
	    O_PD1(10, 0x30, 1));
	expect_ok();
	ck_assert_uint_eq(msg.n_ias, 4);
	expect_ia(0, D6O_IA_TA, 7, 0);
	expect_ia(1, D6O_IA_TA, 8, 1);
	expect_held(1, 0, "2001:db8:1::20", 128);
	expect_ia(2, D6O_IA_PD, 9, 1);
	expect_held(2, 0, "2001:db8:100:2000::", 128);
	expect_ia(3, D6O_IA_PD, 10, 1);
	expect_held(3, 0, "2001:db8:100:3000::", 1);
	/* an item with its own sub-options (status code) and one after it */
	MSG(DHCP6_RENEW, O_CID, O_SID,
	    0, 3, 0, 12 + 34 + 4 + 28, U32(3), U32(0), U32(0),
		0, 5, 0, 30, A6(0x10), U32(1), U32(2),
		    0, 13, 0, 2, U16(0),
		0, 13, 0, 0,
		O_ADDR(0x11));
	expect_ok();
	expect_ia(0, D6O_IA_NA, 3, 2);
	expect_held(0, 0, "2001:db8:1::10", 128);
	expect_held(0, 1, "2001:db8:1::11", 128);
}
END_TEST

/* D5: relays[] outermost first, addresses, hop counts, Interface-ID. */
START_TEST(test_relay_nesting)
{
	static const uint8_t iid[] = { 'e', 't', 'h', '0', '.', '7' };
	static const uint8_t lladdr[] = { 0, 79, 0, 8, 0, 1,
	    0x02, 0x00, 0x00, 0x00, 0x00, 0x10 };
	static const size_t depths[] = { 1, 2, 31, 32 };
	size_t d, i;

	/* depth 1: everything of the layer */
	MSG(DHCP6_SOLICIT, O_CID, O_NA(0x10));
	relay_wrap(0, 1, iid, sizeof(iid), lladdr, sizeof(lladdr));
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCP6_SOLICIT);
	EXPECT_CID(CDUID);
	expect_ia(0, D6O_IA_NA, 0x10, 0);
	ck_assert_uint_eq(msg.n_relays, 1);
	ck_assert_uint_eq(msg.relays[0].hop_count, 0);
	{
		struct in6_addr l = relay_link(1), p = relay_peer(1);

		ck_assert_mem_eq(&msg.relays[0].link, &l, 16);
		ck_assert_mem_eq(&msg.relays[0].peer, &p, 16);
	}
	/* the Interface-ID points into the request, after its header */
	ck_assert_ptr_eq(msg.relays[0].interface_id, copy + 34 + 4);
	ck_assert_uint_eq(msg.relays[0].interface_id_len, sizeof(iid));
	ck_assert(msg.relays[0].has_lladdr);
	ck_assert_mem_eq(msg.relays[0].lladdr, lladdr + 6, 6);

	/* depth 2: the outer layer has the Interface-ID, the inner 79 */
	MSG(DHCP6_REQUEST, O_CID, O_SID);
	relay_wrap(0, 7, NULL, 0, lladdr, sizeof(lladdr));
	relay_wrap(1, 8, iid, 0, NULL, 0);	/* present but empty */
	expect_ok();
	ck_assert_uint_eq(msg.type, DHCP6_REQUEST);
	ck_assert_uint_eq(msg.n_relays, 2);
	ck_assert_uint_eq(msg.relays[0].hop_count, 1);
	ck_assert_uint_eq(msg.relays[1].hop_count, 0);
	{
		struct in6_addr l0 = relay_link(8), l1 = relay_link(7);

		ck_assert_mem_eq(&msg.relays[0].link, &l0, 16);
		ck_assert_mem_eq(&msg.relays[1].link, &l1, 16);
	}
	ck_assert_ptr_nonnull(msg.relays[0].interface_id);
	ck_assert_uint_eq(msg.relays[0].interface_id_len, 0);
	ck_assert(!msg.relays[0].has_lladdr);
	ck_assert_ptr_null(msg.relays[1].interface_id);
	ck_assert(msg.relays[1].has_lladdr);

	for (d = 0; d < sizeof(depths) / sizeof(depths[0]); d++) {
		MSG(DHCP6_SOLICIT, O_CID);
		relay_nest(depths[d]);
		expect_ok();
		ck_assert_uint_eq(msg.type, DHCP6_SOLICIT);
		EXPECT_CID(CDUID);
		ck_assert_uint_eq(msg.n_relays, depths[d]);
		for (i = 0; i < depths[d]; i++) {
			struct in6_addr l = relay_link((unsigned)i + 1);
			struct in6_addr p = relay_peer((unsigned)i + 1);

			ck_assert_uint_eq(msg.relays[i].hop_count,
			    depths[d] - 1 - i);
			ck_assert_mem_eq(&msg.relays[i].link, &l, 16);
			ck_assert_mem_eq(&msg.relays[i].peer, &p, 16);
			ck_assert_ptr_null(msg.relays[i].interface_id);
			ck_assert(!msg.relays[i].has_lladdr);
		}
	}
	/* 33: one too many, whatever the hop counts say */
	MSG(DHCP6_SOLICIT, O_CID);
	for (i = 0; i < 33; i++)
		relay_wrap(0, (unsigned)i + 1, NULL, 0, NULL, 0);
	expect_drop("relay nesting deeper than 32");
	MSG(DHCP6_SOLICIT, O_CID);
	for (i = 0; i < 200; i++)
		relay_wrap(0, (unsigned)i + 1, NULL, 0, NULL, 0);
	expect_drop("relay nesting deeper than 32");
	/* with honest hop counts the outermost is over the hop limit */
	MSG(DHCP6_SOLICIT, O_CID);
	relay_nest(33);
	expect_drop("relay hop count over the limit");
}
END_TEST

/* D6: option 79 only as 2 + 6 bytes of Ethernet; anything else ignored. */
START_TEST(test_relay_lladdr)
{
	static const uint8_t bad[][14] = {
		{ 0, 79, 0, 7, 0, 1, 2, 0, 0, 0, 0 },		/* short */
		{ 0, 79, 0, 9, 0, 1, 2, 0, 0, 0, 0, 0x10, 0 },	/* long */
		{ 0, 79, 0, 8, 0, 6, 2, 0, 0, 0, 0, 0x10 },	/* hw 6 */
		{ 0, 79, 0, 2, 0, 1 },				/* no MAC */
		{ 0, 79, 0, 0 },
	};
	static const size_t lens[] = { 11, 13, 12, 6, 4 };
	uint8_t big[4 + 18];
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		MSG(DHCP6_SOLICIT, O_CID);
		relay_wrap(0, 1, NULL, 0, bad[i], lens[i]);
		expect_ok();
		ck_assert_uint_eq(msg.n_relays, 1);
		ck_assert(!msg.relays[0].has_lladdr);
	}
	/* 2 + 16 (CVE-2017-14493 size): ignored, nothing overflows */
	memset(big, 0xee, sizeof(big));
	put_u16(big, 79);
	put_u16(big + 2, 18);
	put_u16(big + 4, 1);
	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, NULL, 0, big, sizeof(big));
	expect_ok();
	ck_assert(!msg.relays[0].has_lladdr);
	ck_assert_mem_eq(msg.relays[0].lladdr, "\0\0\0\0\0\0", 6);
}
END_TEST

/* D5: the hop count limit. */
START_TEST(test_relay_hop_count)
{
	static const uint8_t bad[] = { 32, 33, 255 };
	size_t i;

	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(31, 1, NULL, 0, NULL, 0);
	expect_ok();
	ck_assert_uint_eq(msg.relays[0].hop_count, 31);
	for (i = 0; i < sizeof(bad); i++) {
		MSG(DHCP6_SOLICIT, O_CID);
		relay_wrap(bad[i], 1, NULL, 0, NULL, 0);
		expect_drop("relay hop count over the limit");
		/* in an inner layer too */
		MSG(DHCP6_SOLICIT, O_CID);
		relay_wrap(bad[i], 1, NULL, 0, NULL, 0);
		relay_wrap(0, 2, NULL, 0, NULL, 0);
		expect_drop("relay hop count over the limit");
	}
}
END_TEST

/* D3, D4: Relay-forward shapes. */
START_TEST(test_relay_malformed)
{
	size_t len;

	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	/* header cut short: 5..33 bytes (4 and less: see D1) */
	for (len = 5; len < 34; len++)
		expect_drop_len(len, "Relay-forward shorter than its header");
	/* the header alone, no options */
	expect_drop_len(34, "Relay-forward without Relay-message");
	/* options but no Relay-message */
	pk.len = 34;
	ADD(0, 18, 0, 2, 'i', 'f');
	expect_drop("Relay-forward without Relay-message");
	/* an empty Relay-message (Kea #4735) */
	pk.len = 34;
	ADD(0, 9, 0, 0);
	expect_drop("empty or repeated Relay-message");
	/* two of them */
	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	ADD(0, 9, 0, 4, DHCP6_SOLICIT, XID);
	expect_drop("empty or repeated Relay-message");
	/* a Relay-message longer than what is left (CVE-2017-14494) */
	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	put_u16(pk.b + 36, (uint16_t)(pk.len - 34 - 4 + 1));
	expect_drop("option length past its container");
	put_u16(pk.b + 36, 0xffff);
	expect_drop("option length past its container");
	/* the datagram cut inside the inner message */
	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	expect_drop_len(pk.len - 1, "option length past its container");
	/* an Interface-ID running past the end */
	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	pk.len = 34;
	ADD(0, 9, 0, 22, DHCP6_SOLICIT, XID, O_CID, 0, 18, 0, 9, 'x');
	expect_drop("option length past its container");
	/* a truncated option header after the Relay-message */
	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	ADD(0, 18, 0);
	expect_drop("truncated option header");
	/* a Relay-message of 1-3 bytes */
	for (len = 1; len <= 3; len++) {
		MSG(DHCP6_SOLICIT, O_CID);
		pk.len = len;
		relay_wrap(0, 1, NULL, 0, NULL, 0);
		expect_drop("shorter than a DHCPv6 header");
	}
	/* the inner message is a Relay-reply or an Advertise */
	MSG(DHCP6_RELAY_REPL, O_CID);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	expect_drop("message type a server does not accept");
	MSG(DHCP6_ADVERTISE, O_CID, O_SID);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	expect_drop("message type a server does not accept");
}
END_TEST

/* D1: 0-4 bytes, directly or as the Relay-message. */
START_TEST(test_short_payload)
{
	size_t len;

	MSG(DHCP6_INFORMATION_REQUEST);
	for (len = 0; len <= 4; len++)
		expect_drop_len(len, "no options after the header");
	why = NULL;
	ck_assert_int_eq(dhcp6_parse(NULL, 0, &msg, &why), -EBADMSG);
	ck_assert_str_eq(why, "no options after the header");
	/* a header alone inside a relay is the same message */
	MSG(DHCP6_INFORMATION_REQUEST);
	relay_wrap(0, 1, NULL, 0, NULL, 0);
	expect_drop("no options after the header");
	MSG(DHCP6_SOLICIT);
	relay_nest(3);
	expect_drop("no options after the header");
	/* 5 bytes: a header and a truncated option header */
	MSG(DHCP6_INFORMATION_REQUEST, 0);
	expect_drop("truncated option header");
}
END_TEST

/* D2: types a server never accepts. */
START_TEST(test_message_types)
{
	static const uint8_t bad[] = { 0, DHCP6_ADVERTISE, DHCP6_REPLY,
	    DHCP6_RECONFIGURE, DHCP6_RELAY_REPL, 14, 35, 36, 255 };
	static const uint8_t good[] = { DHCP6_SOLICIT, DHCP6_REQUEST,
	    DHCP6_CONFIRM, DHCP6_RENEW, DHCP6_REBIND, DHCP6_RELEASE,
	    DHCP6_DECLINE, DHCP6_INFORMATION_REQUEST };
	size_t i;

	for (i = 0; i < sizeof(bad); i++) {
		MSG(0, O_CID, O_SID);
		pk.b[0] = bad[i];
		expect_drop("message type a server does not accept");
	}
	for (i = 0; i < sizeof(good); i++) {
		MSG(0, O_CID, O_SID);
		pk.b[0] = good[i];
		expect_ok();
		ck_assert_uint_eq(msg.type, good[i]);
	}
}
END_TEST

/* D8: option headers and lengths at the end of each container. */
START_TEST(test_option_bounds)
{
	size_t cut;

	/* 1-3 bytes of an option header left */
	for (cut = 1; cut <= 3; cut++) {
		MSG(DHCP6_SOLICIT, O_CID, 0, 8, 0, 2, 0, 0);
		expect_drop_len(pk.len - 6 + cut, "truncated option header");
	}
	/* a length one past the end, and far past it */
	MSG(DHCP6_SOLICIT, O_CID, 0, 8, 0, 3, 0, 0);
	expect_drop("option length past its container");
	MSG(DHCP6_SOLICIT, O_CID, 0, 8, 0xff, 0xff, 0, 0);
	expect_drop("option length past its container");
	MSG(DHCP6_SOLICIT, 0, 1, 0, 15, CDUID);
	expect_drop("option length past its container");
	/* exactly to the end is fine, an empty option last too */
	MSG(DHCP6_SOLICIT, O_CID, 0, 8, 0, 2, 0, 0, 0, 99, 0, 0);
	expect_ok();
	/* inside an IA: a sub-option header cut, a length past the IA
	 * (though not past the message) */
	MSG(DHCP6_SOLICIT, O_CID,
	    0, 3, 0, 15, U32(1), U32(0), U32(0), 0, 5, 0,
	    0, 8, 0, 2, 0, 0);
	expect_drop("truncated option header");
	MSG(DHCP6_SOLICIT, O_CID,
	    0, 3, 0, 16, U32(1), U32(0), U32(0), 0, 5, 0, 24,
	    0, 8, 0, 2, 0, 0, A6(1), 0, 0, 0, 0, 0, 0);
	expect_drop("option length past its container");
}
END_TEST

/* E5, E6: IA and item sizes, prefix lengths. */
START_TEST(test_ia_malformed)
{
	/* IA_NA / IA_PD of 0 and 11 bytes, IA_TA of 0 and 3 */
	MSG(DHCP6_SOLICIT, O_CID, 0, 3, 0, 0);
	expect_drop("IA option too short");
	MSG(DHCP6_SOLICIT, O_CID, 0, 3, 0, 11, U32(1), U32(0), 0, 0, 0);
	expect_drop("IA option too short");
	MSG(DHCP6_SOLICIT, O_CID, 0, 25, 0, 11, U32(1), U32(0), 0, 0, 0);
	expect_drop("IA option too short");
	MSG(DHCP6_SOLICIT, O_CID, 0, 25, 0, 0);
	expect_drop("IA option too short");
	MSG(DHCP6_SOLICIT, O_CID, 0, 4, 0, 0);
	expect_drop("IA option too short");
	MSG(DHCP6_SOLICIT, O_CID, 0, 4, 0, 3, 0, 0, 1);
	expect_drop("IA option too short");
	/* IAADDR of 23 and 0 */
	MSG(DHCP6_REQUEST, O_CID, O_SID,
	    0, 3, 0, 12 + 27, U32(1), U32(0), U32(0),
		0, 5, 0, 23, A6(1), U32(1), 0, 0, 0);
	expect_drop("IAADDR shorter than 24");
	MSG(DHCP6_REQUEST, O_CID, O_SID,
	    0, 4, 0, 8, U32(1), 0, 5, 0, 0);
	expect_drop("IAADDR shorter than 24");
	/* IAPREFIX of 24 and 0 */
	MSG(DHCP6_REQUEST, O_CID, O_SID,
	    0, 25, 0, 12 + 28, U32(1), U32(0), U32(0),
		0, 26, 0, 24, U32(1), U32(2), 56,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	expect_drop("IAPREFIX shorter than 25");
	MSG(DHCP6_REQUEST, O_CID, O_SID,
	    0, 25, 0, 16, U32(1), U32(0), U32(0), 0, 26, 0, 0);
	expect_drop("IAPREFIX shorter than 25");
	/* prefix length 0 and 129, 255 */
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_PD1(1, 0x12, 0));
	expect_drop("IAPREFIX length out of range");
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_PD1(1, 0x12, 129));
	expect_drop("IAPREFIX length out of range");
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_PD1(1, 0x12, 255));
	expect_drop("IAPREFIX length out of range");
}
END_TEST

/* E7: IAs inside IAs are not walked; deep nesting costs nothing. */
START_TEST(test_ia_recursion)
{
	size_t i, depth = 100;
	uint8_t *p;

	MSG(DHCP6_SOLICIT, O_CID,
	    0, 3, 0, 12 + 16, U32(1), U32(0), U32(0),
		O_NA(2));
	expect_ok();
	ck_assert(msg.has_ia);
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 1, 0);
	/* an IA_PD inside an IAADDR inside an IA_NA */
	MSG(DHCP6_REQUEST, O_CID, O_SID,
	    0, 3, 0, 12 + 28 + 16, U32(1), U32(0), U32(0),
		0, 5, 0, 24 + 16, A6(1), U32(1), U32(2),
		    O_PD(3));
	expect_ok();
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 1, 1);
	/* 100 IA_NAs each inside the previous one, and a malformed one at
	 * the bottom that nobody looks at */
	MSG(DHCP6_SOLICIT, O_CID);
	p = pk.b + pk.len;
	for (i = 0; i < depth; i++) {
		size_t len = (depth - i) * 16 - 4 + 4;

		put_u16(p + i * 16, D6O_IA_NA);
		put_u16(p + i * 16 + 2, (uint16_t)len);
		memset(p + i * 16 + 4, 0, 12);
		p[i * 16 + 7] = (uint8_t)i;
	}
	put_u16(p + depth * 16, D6O_IA_NA);
	put_u16(p + depth * 16 + 2, 0);		/* too short, never read */
	pk.len += depth * 16 + 4;
	expect_ok();
	ck_assert_uint_eq(msg.n_ias, 1);
	expect_ia(0, D6O_IA_NA, 0, 0);
}
END_TEST

/* E8: hundreds of IAs; items per IA. */
START_TEST(test_ia_limits)
{
	size_t i;

	MSG(DHCP6_SOLICIT, O_CID);
	for (i = 0; i < 200; i++) {
		uint8_t ia[] = { O_NA(0) };

		ia[7] = (uint8_t)i;
		ck_assert_uint_le(pk.len + sizeof(ia), sizeof(pk.b));
		memcpy(pk.b + pk.len, ia, sizeof(ia));
		pk.len += sizeof(ia);
	}
	expect_ok();
	ck_assert(msg.has_ia);
	ck_assert_uint_eq(msg.n_ias, DHCP6_MAX_IAS);
	for (i = 0; i < DHCP6_MAX_IAS; i++)
		expect_ia(i, D6O_IA_NA, (uint32_t)i, 0);
	/* the IAs past the cap still make an Information-request invalid */
	pk.b[0] = DHCP6_INFORMATION_REQUEST;
	expect_ok();
	ck_assert_int_eq(dhcp6_validate(&msg, &why), -EBADMSG);
	/* 10 addresses in one IA: the first DHCP6_MAX_IA_ITEMS are kept */
	MSG(DHCP6_RENEW, O_CID, O_SID,
	    0, 3, U16(12 + 10 * 28), U32(5), U32(0), U32(0),
		O_ADDR(1), O_ADDR(2), O_ADDR(3), O_ADDR(4),
		O_ADDR(5), O_ADDR(6), O_ADDR(7), O_ADDR(8),
		O_ADDR(9), O_ADDR(10));
	expect_ok();
	expect_ia(0, D6O_IA_NA, 5, DHCP6_MAX_IA_ITEMS);
	expect_held(0, 0, "2001:db8:1::1", 128);
	expect_held(0, 7, "2001:db8:1::8", 128);
}
END_TEST

/* E10: the ORO. */
START_TEST(test_oro)
{
	size_t i;

	MSG(DHCP6_SOLICIT, O_CID, 0, 6, 0, 3, 0, 23, 0);
	expect_drop("odd-length ORO");
	MSG(DHCP6_SOLICIT, O_CID, 0, 6, 0, 1, 0);
	expect_drop("odd-length ORO");
	MSG(DHCP6_SOLICIT, O_CID, 0, 6, 0, 0);
	expect_ok();
	ck_assert_uint_eq(msg.n_oro, 0);
	/* ORO asking for the ORO, duplicates: kept as sent */
	MSG(DHCP6_SOLICIT, O_CID, 0, 6, 0, 8, U16(6), U16(23), U16(23),
	    U16(0xffff));
	expect_ok();
	EXPECT_ORO(6, 23, 23, 0xffff);
	/* 600 entries (1200 bytes): the first DHCP6_ORO_MAX are kept */
	MSG(DHCP6_SOLICIT, O_CID, 0, 6, U16(1200));
	for (i = 0; i < 600; i++) {
		put_u16(pk.b + pk.len, (uint16_t)(1000 + i));
		pk.len += 2;
	}
	ADD(O_NA(0x10));
	expect_ok();
	ck_assert_uint_eq(msg.n_oro, DHCP6_ORO_MAX);
	for (i = 0; i < DHCP6_ORO_MAX; i++)
		ck_assert_uint_eq(msg.oro[i], 1000 + i);
	/* the option after it is still read */
	expect_ia(0, D6O_IA_NA, 0x10, 0);
	/* exactly DHCP6_ORO_MAX over two options */
	MSG(DHCP6_SOLICIT, O_CID, 0, 6, U16(2 * (DHCP6_ORO_MAX - 1)));
	for (i = 0; i < DHCP6_ORO_MAX - 1; i++) {
		put_u16(pk.b + pk.len, (uint16_t)i);
		pk.len += 2;
	}
	ADD(0, 6, 0, 4, U16(7777), U16(8888));
	expect_ok();
	ck_assert_uint_eq(msg.n_oro, DHCP6_ORO_MAX);
	ck_assert_uint_eq(msg.oro[DHCP6_ORO_MAX - 1], 7777);
}
END_TEST

/* E11: Rapid Commit carries nothing (RFC 8415 21.14). */
START_TEST(test_rapid_commit)
{
	MSG(DHCP6_SOLICIT, O_CID, O_RAPID);
	expect_ok();
	ck_assert(msg.rapid_commit);
	MSG(DHCP6_SOLICIT, O_CID);
	expect_ok();
	ck_assert(!msg.rapid_commit);
	/* with a body it is not a Rapid Commit option: ignored */
	MSG(DHCP6_SOLICIT, O_CID, 0, 14, 0, 1, 0);
	expect_ok();
	ck_assert(!msg.rapid_commit);
}
END_TEST

/* E2, E4: client and server DUIDs. */
START_TEST(test_duid_options)
{
	static const size_t bad_lens[] = { 0, 1, 2, 129, 200 };
	static const size_t good_lens[] = { 3, 4, 127, 128 };
	uint8_t duid[300];
	size_t i;
	int sid;

	memset(duid, 0x42, sizeof(duid));
	duid[0] = 0;
	duid[1] = 2;
	for (sid = 0; sid <= 1; sid++) {
		uint16_t code = sid ? D6O_SERVERID : D6O_CLIENTID;

		for (i = 0; i < sizeof(bad_lens) / sizeof(bad_lens[0]); i++) {
			MSG(DHCP6_REQUEST);
			add_opt(&pk, code, duid, bad_lens[i]);
			expect_drop("bad or repeated DUID option");
		}
		for (i = 0; i < sizeof(good_lens) / sizeof(good_lens[0]); i++) {
			MSG(DHCP6_REQUEST);
			add_opt(&pk, code, duid, good_lens[i]);
			expect_ok();
			if (sid) {
				ck_assert_uint_eq(msg.server_id_len,
				    good_lens[i]);
				ck_assert_mem_eq(msg.server_id, duid,
				    good_lens[i]);
				ck_assert_uint_eq(msg.client_id_len, 0);
			} else {
				ck_assert_uint_eq(msg.client_id_len,
				    good_lens[i]);
				ck_assert_mem_eq(msg.client_id, duid,
				    good_lens[i]);
				ck_assert_uint_eq(msg.server_id_len, 0);
			}
		}
		/* type 0 (Kea #4533) */
		MSG(DHCP6_REQUEST);
		add_opt(&pk, code, "\0\0\0", 3);
		expect_drop("DUID of type 0");
		MSG(DHCP6_REQUEST);
		add_opt(&pk, code, "\0\0\x01\x02\x03", 5);
		expect_drop("DUID of type 0");
		/* repeated, equal or not */
		MSG(DHCP6_REQUEST);
		add_opt(&pk, code, cduid, sizeof(cduid));
		add_opt(&pk, code, cduid, sizeof(cduid));
		expect_drop("bad or repeated DUID option");
		MSG(DHCP6_REQUEST);
		add_opt(&pk, code, cduid, sizeof(cduid));
		add_opt(&pk, code, sduid, sizeof(sduid));
		expect_drop("bad or repeated DUID option");
	}
}
END_TEST

/* --- validation (RFC 8415 16) ------------------------------------------ */

static int
validate(void)
{
	expect_ok();
	why = NULL;
	return dhcp6_validate(&msg, &why);
}

static void
expect_valid(void)
{
	int r = validate();

	ck_assert_msg(r == 0, "invalid: %s", why ? why : "(null)");
}

static void
expect_invalid(const char *reason)
{
	ck_assert_int_eq(validate(), -EBADMSG);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, reason);
}

START_TEST(test_validate)
{
	static const uint8_t no_sid[] = { DHCP6_SOLICIT, DHCP6_CONFIRM,
	    DHCP6_REBIND };
	static const uint8_t both[] = { DHCP6_REQUEST, DHCP6_RENEW,
	    DHCP6_DECLINE, DHCP6_RELEASE };
	size_t i;

	/* 16.2, 16.5, 16.8: a client id and no server id */
	for (i = 0; i < sizeof(no_sid); i++) {
		MSG(0, O_CID, O_NA(1));
		pk.b[0] = no_sid[i];
		expect_valid();
		MSG(0, O_CID, O_SID, O_NA(1));
		pk.b[0] = no_sid[i];
		expect_invalid("needs a client id and no server id");
		MSG(0, O_NA(1), O_ELAPSED);
		pk.b[0] = no_sid[i];
		expect_invalid("needs a client id and no server id");
		MSG(0, O_SID);
		pk.b[0] = no_sid[i];
		expect_invalid("needs a client id and no server id");
	}
	/* 16.4, 16.6, 16.9, 16.10: both */
	for (i = 0; i < sizeof(both); i++) {
		MSG(0, O_CID, O_SID, O_NA(1));
		pk.b[0] = both[i];
		expect_valid();
		MSG(0, O_CID, O_NA(1));
		pk.b[0] = both[i];
		expect_invalid("needs a client id and a server id");
		MSG(0, O_SID, O_NA(1));
		pk.b[0] = both[i];
		expect_invalid("needs a client id and a server id");
		MSG(0, O_ELAPSED);
		pk.b[0] = both[i];
		expect_invalid("needs a client id and a server id");
	}
	/* 16.12: Information-request: anything but an IA */
	MSG(DHCP6_INFORMATION_REQUEST, O_CID, 0, 6, 0, 2, U16(23));
	expect_valid();
	MSG(DHCP6_INFORMATION_REQUEST, 0, 6, 0, 2, U16(23));
	expect_valid();
	MSG(DHCP6_INFORMATION_REQUEST, O_SID, O_ELAPSED);
	expect_valid();
	MSG(DHCP6_INFORMATION_REQUEST, O_CID, O_SID);
	expect_valid();
	MSG(DHCP6_INFORMATION_REQUEST, O_CID, O_NA(1));
	expect_invalid("Information-request with an IA");
	MSG(DHCP6_INFORMATION_REQUEST, O_CID, O_TA(1));
	expect_invalid("Information-request with an IA");
	MSG(DHCP6_INFORMATION_REQUEST, O_PD(1));
	expect_invalid("Information-request with an IA");
	/* the rules hold for the message inside a relay */
	MSG(DHCP6_SOLICIT, O_CID, O_SID);
	relay_nest(2);
	expect_invalid("needs a client id and no server id");
	MSG(DHCP6_RENEW, O_CID, O_SID);
	relay_nest(2);
	expect_valid();
	/* a struct that did not come from dhcp6_parse */
	memset(&msg, 0, sizeof(msg));
	msg.type = DHCP6_REPLY;
	msg.client_id_len = 3;
	ck_assert_int_eq(dhcp6_validate(&msg, &why), -EBADMSG);
	ck_assert_str_eq(why, "message type a server does not accept");
	msg.type = DHCP6_RELAY_FORW;
	ck_assert_int_eq(dhcp6_validate(&msg, &why), -EBADMSG);
}
END_TEST

/* --- DUID key (SPEC 4) -------------------------------------------------- */

static void
expect_key(const uint8_t *duid, size_t len, const char *want)
{
	char buf[400];
	int r;

	memset(buf, 0x5a, sizeof(buf));
	r = dhcp6_duid_key(duid, len, buf, sizeof(buf));
	ck_assert_msg(r == 0, "key of %zu bytes: %d", len, r);
	ck_assert_str_eq(buf, want);
}

#define EXPECT_KEY(want, ...) do {					\
	static const uint8_t d_[] = { __VA_ARGS__ };			\
	expect_key(d_, sizeof(d_), (want));				\
} while (0)

#define EXPECT_KEY_EINVAL(...) do {					\
	static const uint8_t d_[] = { __VA_ARGS__ };			\
	char b_[400];							\
	ck_assert_int_eq(dhcp6_duid_key(d_, sizeof(d_), b_,		\
	    sizeof(b_)), -EINVAL);					\
} while (0)

START_TEST(test_duid_key)
{
	/* DUID-LLT: type, hardware type, the address after the time */
	EXPECT_KEY("11020000000010", CDUID);
	EXPECT_KEY("11020000000010", 0, 1, 0, 1, 0xff, 0xff, 0xff, 0xff,
	    0x02, 0, 0, 0, 0, 0x10);
	EXPECT_KEY("11abcdef012345", 0, 1, 0, 1, 0, 0, 0, 0,
	    0xab, 0xcd, 0xef, 0x01, 0x23, 0x45);
	/* other hardware types and lengths are keyed the same way (E3) */
	EXPECT_KEY("16020000000010", 0, 1, 0, 6, 0, 0, 0, 0,
	    0x02, 0, 0, 0, 0, 0x10);
	EXPECT_KEY("1655353a", 0, 1, 0xff, 0xff, 0, 0, 0, 0, 0x3a);
	EXPECT_KEY("110102030405060708", 0, 1, 0, 1, 9, 9, 9, 9,
	    1, 2, 3, 4, 5, 6, 7, 8);
	/* DUID-LL: the address from byte 4 */
	EXPECT_KEY("31020000000010", 0, 3, 0, 1, 0x02, 0, 0, 0, 0, 0x10);
	EXPECT_KEY("31020000000001", SDUID);
	EXPECT_KEY("3256ff", 0, 3, 1, 0, 0xff);
	/* DUID-EN (networkd): type, then every 16-bit word in decimal */
	EXPECT_KEY("20437935148619638386444", 0, 2, 0x00, 0x00, 0xab, 0x11,
	    0x00, 0x33, 0xbd, 0xeb, 0xf9, 0x5e, 0x19, 0x2c);
	EXPECT_KEY("2258", 0, 2, 0x01, 0x02);
	/* DUID-UUID and unknown types */
	EXPECT_KEY("4" "4660" "22136" "39612" "57072" "0" "0" "0" "65535",
	    0, 4, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
	    0, 0, 0, 0, 0, 0, 0xff, 0xff);
	EXPECT_KEY("655350", 0xff, 0xff, 0, 0);
	EXPECT_KEY("51", 0, 5, 0, 1);
	/* odd length of the words part */
	EXPECT_KEY_EINVAL(0, 2, 1);
	EXPECT_KEY_EINVAL(0, 2, 0, 0, 0xab, 0x11, 0x7);
	EXPECT_KEY_EINVAL(0, 4, 1, 2, 3);
	/* nothing after the time (LLT) or the hardware type (LL) */
	EXPECT_KEY_EINVAL(0, 1, 0, 1, 0x32, 0x95, 0x0b, 0x45);
	EXPECT_KEY_EINVAL(0, 1, 0, 1, 0x32);
	EXPECT_KEY_EINVAL(0, 3, 0, 1);
	EXPECT_KEY_EINVAL(0, 3, 0);
	/* shorter than type plus a byte */
	EXPECT_KEY_EINVAL(0, 1);
	EXPECT_KEY_EINVAL(0);
	{
		char b[4];

		ck_assert_int_eq(dhcp6_duid_key(cduid, 0, b, sizeof(b)),
		    -EINVAL);
	}
}
END_TEST

/* The output buffer: too small is -EINVAL, never a write past it. */
START_TEST(test_duid_key_buffer)
{
	uint8_t duid[DHCP6_DUID_MAX];
	char buf[512];
	size_t n, i;

	/* 14-byte DUID-LLT: the rule is 2 * len + 16 */
	for (n = 0; n < 2 * sizeof(cduid) + 16; n++) {
		memset(buf, 0x5a, sizeof(buf));
		ck_assert_int_eq(dhcp6_duid_key(cduid, sizeof(cduid), buf, n),
		    -EINVAL);
		for (i = n; i < sizeof(buf); i++)
			ck_assert_uint_eq((uint8_t)buf[i], 0x5a);
	}
	memset(buf, 0x5a, sizeof(buf));
	ck_assert_int_eq(dhcp6_duid_key(cduid, sizeof(cduid), buf, n), 0);
	ck_assert_str_eq(buf, "11020000000010");
	/* the longest DUID-LLT: 120 bytes of address in 240 hex digits */
	memset(duid, 0xab, sizeof(duid));
	duid[0] = 0;
	duid[1] = 1;
	duid[2] = 0;
	duid[3] = 1;
	n = 2 * sizeof(duid) + 16;
	memset(buf, 0x5a, sizeof(buf));
	ck_assert_int_eq(dhcp6_duid_key(duid, sizeof(duid), buf, n), 0);
	ck_assert_uint_eq(strlen(buf), 2 + 240);
	for (i = n; i < sizeof(buf); i++)
		ck_assert_uint_eq((uint8_t)buf[i], 0x5a);
	/* words of five digits need more than 2 * len + 16: the key that
	 * does not fit is refused, nothing past the buffer is written */
	memset(duid, 0xff, sizeof(duid));
	duid[0] = 0;
	duid[1] = 2;
	for (n = 2 * sizeof(duid) + 16; n <= 1 + 63 * 5; n++) {
		memset(buf, 0x5a, sizeof(buf));
		ck_assert_int_eq(dhcp6_duid_key(duid, sizeof(duid), buf, n),
		    -EINVAL);
		for (i = n; i < sizeof(buf); i++)
			ck_assert_uint_eq((uint8_t)buf[i], 0x5a);
	}
	memset(buf, 0x5a, sizeof(buf));
	ck_assert_int_eq(dhcp6_duid_key(duid, sizeof(duid), buf, n), 0);
	ck_assert_uint_eq(strlen(buf), 1 + 63 * 5);
	ck_assert_uint_eq((uint8_t)buf[n], 0x5a);
}
END_TEST

/* --- lifetimes (SPEC 6) ------------------------------------------------- */

static struct client6 cl;
static struct dhcp6_params params;

static void
cl_add(uint16_t code, uint32_t max, int datatype, const char *text)
{
	struct dhcp6_value *v;

	ck_assert_uint_lt(cl.n, CLIENT6_MAX_VALUES);
	v = &cl.values[cl.n++];
	v->code = code;
	v->max_count = max;
	ck_assert_msg(attrval_parse(datatype, text, &v->val) == 0,
	    "bad test value %s", text);
}

static void
params_std(void)
{
	memset(&params, 0, sizeof(params));
	params.t1 = 1000;
	params.t2 = 2000;
	params.pref = 3000;
	params.valid = 4000;
	memcpy(params.server_duid, sduid, sizeof(sduid));
	params.server_duid_len = sizeof(sduid);
}

static void
expect_lifetimes(uint32_t t1, uint32_t t2, uint32_t pref, uint32_t valid)
{
	uint32_t a = 1, b = 2, c = 3, d = 4;

	dhcp6_lifetimes(&params, &cl, &a, &b, &c, &d);
	ck_assert_msg(a == t1 && b == t2 && c == pref && d == valid,
	    "got %u/%u/%u/%u, want %u/%u/%u/%u", a, b, c, d, t1, t2, pref,
	    valid);
}

static void
lifetime_params(uint32_t t1, uint32_t t2, uint32_t pref, uint32_t valid)
{
	params_std();
	params.t1 = t1;
	params.t2 = t2;
	params.pref = pref;
	params.valid = valid;
	memset(&cl, 0, sizeof(cl));
}

START_TEST(test_lifetimes)
{
	/* config defaults as they are */
	lifetime_params(1000, 2000, 3000, 4000);
	expect_lifetimes(1000, 2000, 3000, 4000);
	lifetime_params(0, 0, 3000, 4000);	/* 0: the client decides */
	expect_lifetimes(0, 0, 3000, 4000);
	lifetime_params(3000, 3000, 3000, 3000);
	expect_lifetimes(3000, 3000, 3000, 3000);
	/* preferred > valid: preferred = valid, then T1/T2 follow it */
	lifetime_params(1000, 2000, 5000, 4000);
	expect_lifetimes(1000, 2000, 4000, 4000);
	lifetime_params(1000, 3900, 5000, 3800);
	expect_lifetimes(1900, 3040, 3800, 3800);
	/* T1 > T2 */
	lifetime_params(2001, 2000, 3000, 4000);
	expect_lifetimes(1500, 2400, 3000, 4000);
	/* T1 > preferred, T2 > preferred */
	lifetime_params(3001, 3001, 3000, 4000);
	expect_lifetimes(1500, 2400, 3000, 4000);
	lifetime_params(1000, 3001, 3000, 4000);
	expect_lifetimes(1500, 2400, 3000, 4000);
	/* T2 = 0 with T1 set is T1 > T2 */
	lifetime_params(1000, 0, 3000, 4000);
	expect_lifetimes(1500, 2400, 3000, 4000);
	/* odd preferred: integer halves and fifths, rounded down */
	lifetime_params(9, 1, 7, 7);
	expect_lifetimes(3, 5, 7, 7);
	/* infinity (0xffffffff): no overflow in 4/5 */
	lifetime_params(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
	expect_lifetimes(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
	lifetime_params(0xffffffff, 1, 0xffffffff, 0xffffffff);
	expect_lifetimes(0x7fffffff, 3435973836u, 0xffffffff, 0xffffffff);
	/* all zero */
	lifetime_params(0, 0, 0, 0);
	expect_lifetimes(0, 0, 0, 0);
	lifetime_params(5, 6, 0, 0);
	expect_lifetimes(0, 0, 0, 0);

	/* attributes 259..262 override, each on its own */
	lifetime_params(1000, 2000, 3000, 4000);
	cl_add(ATTR_V6_T1, 1, ATTR_INT32, "100");
	expect_lifetimes(100, 2000, 3000, 4000);
	cl_add(ATTR_V6_T2, 1, ATTR_INT32, "200");
	expect_lifetimes(100, 200, 3000, 4000);
	cl_add(ATTR_V6_PREF_LIFETIME, 1, ATTR_INT32, "300");
	expect_lifetimes(100, 200, 300, 4000);
	cl_add(ATTR_V6_VALID_LIFETIME, 1, ATTR_INT32, "400");
	expect_lifetimes(100, 200, 300, 400);
	/* the first row of a code counts */
	cl_add(ATTR_V6_T1, 1, ATTR_INT32, "150");
	expect_lifetimes(100, 200, 300, 400);
	/* and the sanity rules apply to what they give */
	lifetime_params(1000, 2000, 3000, 4000);
	cl_add(ATTR_V6_VALID_LIFETIME, 1, ATTR_INT32, "2500");
	expect_lifetimes(1000, 2000, 2500, 2500);
	cl_add(ATTR_V6_T2, 1, ATTR_INT32, "2600");
	expect_lifetimes(1250, 2000, 2500, 2500);
	/* a value of another datatype for the code is not a lifetime */
	lifetime_params(1000, 2000, 3000, 4000);
	cl_add(ATTR_V6_T1, 1, ATTR_INT16, "7");
	cl_add(ATTR_V6_PREF_LIFETIME, 1, ATTR_STRING, "9");
	expect_lifetimes(1000, 2000, 3000, 4000);
}
END_TEST

/* --- replies ------------------------------------------------------------ */

/*
 * The reply lives on the heap with nothing after it: its buffer is the
 * last member, so a write past DHCP6_REPLY_MAX hits the struct's tail
 * padding (checked below) or the sanitizer's red zone.
 */
static struct dhcp6_reply *rep;

#define REP_TAIL	(offsetof(struct dhcp6_reply, buf) + DHCP6_REPLY_MAX)

static int
handle_msg(void)
{
	size_t i;
	int r;

	if (rep == NULL) {
		rep = malloc(sizeof(*rep));
		ck_assert_ptr_nonnull(rep);
	}
	memset(rep, 0xa5, sizeof(*rep));
	r = dhcp6_handle(&params, &msg, &cl, rep);
	for (i = REP_TAIL; i < sizeof(*rep); i++)
		ck_assert_uint_eq(((uint8_t *)rep)[i], 0xa5);
	ck_assert_ptr_nonnull(rep->reason);
	ck_assert_int_eq(r, rep->type);
	ck_assert_uint_le(rep->len, DHCP6_REPLY_MAX);
	return r;
}

/* Parse pk (it must be valid, RFC 8415 16) and handle it. */
static int
handle(void)
{
	expect_ok();
	ck_assert_msg(dhcp6_validate(&msg, &why) == 0, "invalid: %s", why);
	return handle_msg();
}

static void
expect_type(int type)
{
	int r = handle();

	ck_assert_msg(r == type, "got %s (%s), want %s",
	    dhcp6_type_name((uint8_t)r), rep->reason,
	    dhcp6_type_name((uint8_t)type));
	ck_assert_uint_ge(rep->len, 4);
}

static void
expect_silence(const char *reason)
{
	int r = handle();

	ck_assert_msg(r == 0, "got %s, want silence (%s)",
	    dhcp6_type_name((uint8_t)r), reason);
	ck_assert_uint_eq(rep->type, 0);
	ck_assert_uint_eq(rep->len, 0);
	ck_assert_str_eq(rep->reason, reason);
}

#define EXPECT_REPLY(...) do {						\
	static const uint8_t w_[] = { __VA_ARGS__ };			\
	expect_bytes(rep->buf, rep->len, w_, sizeof(w_), "reply");	\
} while (0)

/* A strict TLV reader: every option inside its container, none cut. */
struct tlv {
	uint16_t	 code;
	uint16_t	 len;
	const uint8_t	*body;
};

#define TLV_MAX	128

static size_t
tlv_walk(const uint8_t *p, size_t len, struct tlv *out, size_t max)
{
	size_t off = 0, n = 0;

	while (off < len) {
		ck_assert_msg(len - off >= 4, "option header cut at %zu", off);
		ck_assert_uint_lt(n, max);
		out[n].code = (uint16_t)(p[off] << 8 | p[off + 1]);
		out[n].len = (uint16_t)(p[off + 2] << 8 | p[off + 3]);
		ck_assert_msg(out[n].len <= len - off - 4, "option %u at %zu "
		    "runs past its container", out[n].code, off);
		out[n].body = p + off + 4;
		off += 4 + out[n].len;
		n++;
	}
	return n;
}

/* The codes of an option area in order, e.g. "1 2 3 23". */
static const char *
codes(const uint8_t *p, size_t len)
{
	static char s[TLV_MAX * 6 + 1];
	struct tlv t[TLV_MAX];
	size_t n = tlv_walk(p, len, t, TLV_MAX), i, at = 0;

	s[0] = '\0';
	for (i = 0; i < n; i++)
		at += (size_t)snprintf(s + at, sizeof(s) - at, "%s%u",
		    i ? " " : "", t[i].code);
	return s;
}

/* The k-th option of code in an area (fails when there is none). */
static struct tlv
find_opt(const uint8_t *p, size_t len, uint16_t code, size_t k)
{
	struct tlv t[TLV_MAX];
	size_t n = tlv_walk(p, len, t, TLV_MAX), i;

	for (i = 0; i < n; i++)
		if (t[i].code == code && k-- == 0)
			return t[i];
	ck_abort_msg("no option %u", code);
	return t[0];
}

/* The sub-options of an IA option: after IAID (and T1/T2). */
static const char *
ia_codes(const struct tlv *ia)
{
	size_t fixed = ia->code == D6O_IA_TA ? 4 : 12;

	ck_assert_uint_ge(ia->len, fixed);
	return codes(ia->body + fixed, ia->len - fixed);
}

static uint32_t
get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

#define OPT(code, len)	U16(code), U16(len)
#define R_CID		OPT(1, 14), CDUID
#define R_SID		OPT(2, 10), SDUID
#define R_RAPID		OPT(14, 0)
#define R_ADDR(x, pref, valid) OPT(5, 24), A6(x), U32(pref), U32(valid)
#define R_PREFIX(x, l, pref, valid)					\
			OPT(26, 25), U32(pref), U32(valid), (l), P6(x)
/* the standard lifetimes of params_std() */
#define R_ADDR_STD(x)	R_ADDR(x, 3000, 4000)
#define R_PREFIX_STD(x, l) R_PREFIX(x, l, 3000, 4000)
#define R_IA_HDR(code, len, iaid) OPT(code, len), U32(iaid), U32(1000),	\
			U32(2000)

/* Status codes (RFC 8415 21.13) as the server words them */
#define R_NOADDRS	OPT(13, 2 + 21), U16(2),			\
	'n', 'o', ' ', 'a', 'd', 'd', 'r', 'e', 's', 's', ' ',		\
	'c', 'o', 'n', 'f', 'i', 'g', 'u', 'r', 'e', 'd'
#define R_NOPREFIX	OPT(13, 2 + 20), U16(6),			\
	'n', 'o', ' ', 'p', 'r', 'e', 'f', 'i', 'x', ' ',		\
	'c', 'o', 'n', 'f', 'i', 'g', 'u', 'r', 'e', 'd'
#define R_NOBINDING	OPT(13, 2 + 22), U16(3),			\
	'n', 'o', ' ', 'b', 'i', 'n', 'd', 'i', 'n', 'g', ' ',		\
	'f', 'o', 'r', ' ', 't', 'h', 'i', 's', ' ', 'I', 'A'
#define R_ONLINK	OPT(13, 2 + 21), U16(0),			\
	'a', 'l', 'l', ' ', 'a', 'd', 'd', 'r', 'e', 's', 's', 'e',	\
	's', ' ', 'o', 'n', ' ', 'l', 'i', 'n', 'k'
#define R_NOTONLINK	OPT(13, 2 + 11), U16(4),			\
	'n', 'o', 't', ' ', 'o', 'n', ' ', 'l', 'i', 'n', 'k'
#define R_RELEASED	OPT(13, 2 + 8), U16(0),				\
	'r', 'e', 'l', 'e', 'a', 's', 'e', 'd'
#define R_DECLINED	OPT(13, 2 + 13), U16(0),			\
	'd', 'e', 'c', 'l', 'i', 'n', 'e', ' ', 'n', 'o', 't', 'e', 'd'
#define R_USEMCAST	OPT(13, 2 + 13), U16(5),			\
	'u', 's', 'e', ' ', 'm', 'u', 'l', 't', 'i', 'c', 'a', 's', 't'
#define NOADDRS_LEN	27
#define NOPREFIX_LEN	26
#define NOBINDING_LEN	28

/* 2001:db8::hi:lo */
#define IP_DB8(hi, lo)	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,	\
			0, 0, (hi), (lo)
/* The options of cl_std() */
#define R_DNS		OPT(23, 32), IP_DB8(0, 0x53), IP_DB8(0, 0x54)
#define R_DOMAINS	OPT(24, 30),					\
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,	\
	3, 'l', 'a', 'b', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',		\
	3, 'o', 'r', 'g', 0
#define R_SNTP		OPT(31, 16), IP_DB8(0x01, 0x23)
#define R_FQDN		OPT(39, 19), 0x04,				\
	4, 'v', 'm', '1', '0', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',	\
	3, 'c', 'o', 'm', 0
#define R_UNICAST	OPT(12, 16), IP_DB8(0, 0x01)

#define O_ORO_STD	0, 6, 0, 8, U16(23), U16(24), U16(39), U16(31)

/* One address, one prefix and the options of SPEC 4's defaults, the
 * lists' rows mixed with other rows (their order must still hold). */
static void
cl_std(void)
{
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_DNS_SERVERS, 100, ATTR_IPV6, "2001:db8::53");
	cl_add(D6O_IA_NA, 100, ATTR_IA, "2001:db8:1::10");
	cl_add(D6O_DOMAIN_LIST, 100, ATTR_DOMAIN, "example.com");
	cl_add(D6O_IA_PD, 100, ATTR_PD, "2001:db8:100:1200::/56");
	cl_add(D6O_DNS_SERVERS, 100, ATTR_IPV6, "2001:db8::54");
	cl_add(D6O_SNTP_SERVERS, 100, ATTR_IPV6, "2001:db8::123");
	cl_add(D6O_DOMAIN_LIST, 100, ATTR_DOMAIN, "lab.example.org.");
	cl_add(D6O_CLIENT_FQDN, 100, ATTR_STRING, "vm10.example.com");
}

static void
std_setup(void)
{
	cl_std();
	params_std();
}

/* SOLICIT as dhclient sends it: elapsed time, ORO 23 24 39 31, IA_NA. */
START_TEST(test_solicit_advertise)
{
	std_setup();
	MSG(DHCP6_SOLICIT, O_CID, O_ELAPSED, O_ORO_STD, O_NA(0x10));
	expect_type(DHCP6_ADVERTISE);
	ck_assert_str_eq(dhcp6_type_name(rep->type), "ADVERTISE");
	ck_assert_str_eq(rep->reason, "IAs answered");
	EXPECT_REPLY(DHCP6_ADVERTISE, XID,
	    R_CID,
	    R_SID,
	    R_IA_HDR(3, 12 + 28, 0x10),
		R_ADDR_STD(0x10),
	    R_DNS,
	    R_DOMAINS,
	    R_FQDN,
	    R_SNTP);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 3 23 24 39 31");
	/* IA_PD alone, no ORO */
	MSG(DHCP6_SOLICIT, O_CID, O_PD(7));
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_ADVERTISE, XID,
	    R_CID,
	    R_SID,
	    R_IA_HDR(25, 12 + 29, 7),
		R_PREFIX_STD(0x12, 56));
	/* no IA at all: the options only */
	MSG(DHCP6_SOLICIT, O_CID, 0, 6, 0, 2, U16(31));
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_ADVERTISE, XID, R_CID, R_SID, R_SNTP);
	/* the server DUID is what params say, whatever its length */
	memcpy(params.server_duid, "\x00\x02\x00\x00\x00\x09\x01\x02\x03", 9);
	params.server_duid_len = 9;
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_ADVERTISE, XID, R_CID,
	    OPT(2, 9), 0, 2, 0, 0, 0, 9, 1, 2, 3,
	    R_SNTP);
}
END_TEST

/* E16: Rapid Commit gets a committed REPLY carrying the option. */
START_TEST(test_solicit_rapid_commit)
{
	std_setup();
	MSG(DHCP6_SOLICIT, O_CID, O_NA(0x10), 0, 6, 0, 2, U16(23), O_RAPID,
	    O_ELAPSED);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(dhcp6_type_name(rep->type), "REPLY");
	EXPECT_REPLY(DHCP6_REPLY, XID,
	    R_CID,
	    R_SID,
	    R_RAPID,
	    R_IA_HDR(3, 12 + 28, 0x10),
		R_ADDR_STD(0x10),
	    R_DNS);
	/* nothing configured for the IA: still REPLY, the status inside */
	MSG(DHCP6_SOLICIT, O_CID, O_TA(9), O_RAPID);
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_RAPID,
	    OPT(4, 4 + NOADDRS_LEN), U32(9),
		R_NOADDRS);
	/* Rapid Commit in another message type is not echoed */
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_NA(0x10), O_RAPID);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4), "1 2 3");
}
END_TEST

/* SPEC 8: address hints in a SOLICIT are ignored. */
START_TEST(test_solicit_hints_ignored)
{
	std_setup();
	MSG(DHCP6_SOLICIT, O_CID,
	    O_NA1(0x10, 0x99),
	    O_PD1(0x11, 0x34, 48));
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_ADVERTISE, XID,
	    R_CID,
	    R_SID,
	    R_IA_HDR(3, 12 + 28, 0x10),
		R_ADDR_STD(0x10),
	    R_IA_HDR(25, 12 + 29, 0x11),
		R_PREFIX_STD(0x12, 56));
	/* a hint of the configured address is not offered twice */
	MSG(DHCP6_SOLICIT, O_CID, O_RAPID, O_NA1(0x10, 0x10));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_RAPID,
	    R_IA_HDR(3, 12 + 28, 0x10),
		R_ADDR_STD(0x10));
	/* a hint and nothing configured: just the status */
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_DNS_SERVERS, 100, ATTR_IPV6, "2001:db8::53");
	MSG(DHCP6_SOLICIT, O_CID, O_NA1(0x10, 0x99));
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_ADVERTISE, XID, R_CID, R_SID,
	    OPT(3, 12 + NOADDRS_LEN), U32(0x10), U32(1000), U32(2000),
		R_NOADDRS);
}
END_TEST

START_TEST(test_request_reply)
{
	std_setup();
	/* dhclient's REQUEST: it holds the advertised address */
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_ORO_STD, O_ELAPSED,
	    O_NA1(0x10, 0x10));
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(rep->reason, "IAs answered");
	EXPECT_REPLY(DHCP6_REPLY, XID,
	    R_CID,
	    R_SID,
	    R_IA_HDR(3, 12 + 28, 0x10),
		R_ADDR_STD(0x10),
	    R_DNS,
	    R_DOMAINS,
	    R_FQDN,
	    R_SNTP);
	/* RENEW and REBIND of what is configured: the same IA */
	pk.b[0] = DHCP6_RENEW;
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 3 23 24 39 31");
	{
		struct tlv ia = find_opt(rep->buf + 4, rep->len - 4, D6O_IA_NA,
		    0);

		ck_assert_str_eq(ia_codes(&ia), "5");
		ck_assert_uint_eq(get_u32(ia.body), 0x10);
	}
	MSG(DHCP6_REBIND, O_CID, O_PD1(1, 0x12, 56));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(25, 12 + 29, 1),
		R_PREFIX_STD(0x12, 56));
}
END_TEST

/* SPEC 4 and 8: IAIDs in the rows, hex or decimal, or none. */
START_TEST(test_iaid_rows)
{
	params_std();
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_IA_NA, 100, ATTR_IA, "0x10,2001:db8:1::10");
	cl_add(D6O_IA_NA, 100, ATTR_IA, "0x20, 2001:db8:1::20");
	cl_add(D6O_IA_NA, 100, ATTR_IA, "2001:db8:1::30");
	cl_add(D6O_IA_NA, 100, ATTR_IA, "16,2001:db8:1::16");
	cl_add(D6O_IA_NA, 100, ATTR_IA, "0x99,2001:db8:1::99");
	cl_add(D6O_IA_PD, 100, ATTR_PD, "0x20,2001:db8:100:1200::/56");
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_NA(0x20), O_NA(0x10), O_NA(0x40),
	    O_PD(0x10), O_PD(0x20));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    /* its own row and the row without an IAID (first IA_NA) */
	    R_IA_HDR(3, 12 + 2 * 28, 0x20),
		R_ADDR_STD(0x20),
		R_ADDR_STD(0x30),
	    /* 0x10 and decimal 16 are the same IAID */
	    R_IA_HDR(3, 12 + 2 * 28, 0x10),
		R_ADDR_STD(0x10),
		R_ADDR_STD(0x16),
	    /* nothing for 0x40; 0x99 matches no IA and goes nowhere */
	    R_IA_HDR(3, 12 + NOADDRS_LEN, 0x40),
		R_NOADDRS,
	    /* the IAID of a PD row is not that of the first IA_PD */
	    R_IA_HDR(25, 12 + NOPREFIX_LEN, 0x10),
		R_NOPREFIX,
	    R_IA_HDR(25, 12 + 29, 0x20),
		R_PREFIX_STD(0x12, 56));

	/* disable_ia_id: every row in the first IA of its type */
	params.ignore_iaid = true;
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + 5 * 28, 0x20),
		R_ADDR_STD(0x10),
		R_ADDR_STD(0x20),
		R_ADDR_STD(0x30),
		R_ADDR_STD(0x16),
		R_ADDR_STD(0x99),
	    R_IA_HDR(3, 12 + NOADDRS_LEN, 0x10),
		R_NOADDRS,
	    R_IA_HDR(3, 12 + NOADDRS_LEN, 0x40),
		R_NOADDRS,
	    R_IA_HDR(25, 12 + 29, 0x10),
		R_PREFIX_STD(0x12, 56),
	    R_IA_HDR(25, 12 + NOPREFIX_LEN, 0x20),
		R_NOPREFIX);

	/* the largest IAID, in both spellings */
	params.ignore_iaid = false;
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_IA_NA, 100, ATTR_IA, "0xffffffff,2001:db8:1::10");
	cl_add(D6O_IA_NA, 100, ATTR_IA, "4294967295,2001:db8:1::11");
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_NA(0xffffffff));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + 2 * 28, 0xffffffff),
		R_ADDR_STD(0x10),
		R_ADDR_STD(0x11));
}
END_TEST

/* IA_NA, IA_TA and IA_PD together, several of each, E9 too. */
START_TEST(test_mixed_ias)
{
	params_std();
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_IA_NA, 100, ATTR_IA, "1,2001:db8:1::10");
	cl_add(D6O_IA_TA, 100, ATTR_IA, "1,2001:db8:1::a0");
	cl_add(D6O_IA_PD, 100, ATTR_PD, "1,2001:db8:100:1200::/56");
	cl_add(D6O_IA_PD, 100, ATTR_PD, "5,2001:db8:100:5000::/60");
	cl_add(D6O_IA_NA, 100, ATTR_IA, "4,2001:db8:1::40");
	/* the same IAID 1 in the three types: each answered once */
	MSG(DHCP6_SOLICIT, O_CID, O_RAPID,
	    O_NA(1), O_TA(1), O_PD(1), O_NA(4), O_PD(5), O_TA(2), O_NA(3));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_RAPID,
	    R_IA_HDR(3, 12 + 28, 1),
		R_ADDR_STD(0x10),
	    OPT(4, 4 + 28), U32(1),		/* no T1/T2 in an IA_TA */
		R_ADDR_STD(0xa0),
	    R_IA_HDR(25, 12 + 29, 1),
		R_PREFIX_STD(0x12, 56),
	    R_IA_HDR(3, 12 + 28, 4),
		R_ADDR_STD(0x40),
	    R_IA_HDR(25, 12 + 29, 5),
		R_PREFIX_STD(0x50, 60),
	    OPT(4, 4 + NOADDRS_LEN), U32(2),
		R_NOADDRS,
	    R_IA_HDR(3, 12 + NOADDRS_LEN, 3),
		R_NOADDRS);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 14 3 4 25 3 25 4 3");
}
END_TEST

/* An IA with nothing for it always gets its status (SPEC 8). */
START_TEST(test_ia_status)
{
	static const uint8_t no_binding[] = { DHCP6_RENEW, DHCP6_REBIND };
	size_t i;

	params_std();
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_DNS_SERVERS, 100, ATTR_IPV6, "2001:db8::53");
	MSG(DHCP6_SOLICIT, O_CID, O_NA(1), O_TA(2), O_PD(3));
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_ADVERTISE, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + NOADDRS_LEN, 1), R_NOADDRS,
	    OPT(4, 4 + NOADDRS_LEN), U32(2), R_NOADDRS,
	    R_IA_HDR(25, 12 + NOPREFIX_LEN, 3), R_NOPREFIX);
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_NA(1), O_TA(2), O_PD(3));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + NOADDRS_LEN, 1), R_NOADDRS,
	    OPT(4, 4 + NOADDRS_LEN), U32(2), R_NOADDRS,
	    R_IA_HDR(25, 12 + NOPREFIX_LEN, 3), R_NOPREFIX);
	/* RFC 8415 18.3.4, 18.3.5: an IA the server has no binding for */
	for (i = 0; i < sizeof(no_binding); i++) {
		MSG(0, O_CID, O_NA(1), O_TA(2), O_PD(3));
		pk.b[0] = no_binding[i];
		if (no_binding[i] == DHCP6_RENEW)
			ADD(O_SID);
		expect_type(DHCP6_REPLY);
		ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
		    "1 2 3 4 25");
		EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
		    R_IA_HDR(3, 12 + NOBINDING_LEN, 1), R_NOBINDING,
		    OPT(4, 4 + NOBINDING_LEN), U32(2), R_NOBINDING,
		    R_IA_HDR(25, 12 + NOBINDING_LEN, 3), R_NOBINDING);
	}
}
END_TEST

/* E15, RFC 8415 18.3.4: what the client holds and is not configured
 * comes back with lifetimes 0, next to what is. */
START_TEST(test_stale_items)
{
	std_setup();
	MSG(DHCP6_RENEW, O_CID, O_SID,
	    0, 3, 0, 12 + 2 * 28, U32(0x10), U32(0), U32(0),
		O_ADDR(0x99),
		O_ADDR(0x10),
	    0, 25, 0, 12 + 3 * 29, U32(0x11), U32(0), U32(0),
		O_PREFIX(0x12, 60),		/* same bits, other length */
		O_PREFIX(0x34, 56),
		O_PREFIX(0x12, 56));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + 2 * 28, 0x10),
		R_ADDR_STD(0x10),
		R_ADDR(0x99, 0, 0),
	    R_IA_HDR(25, 12 + 3 * 29, 0x11),
		R_PREFIX_STD(0x12, 56),
		R_PREFIX(0x12, 60, 0, 0),
		R_PREFIX(0x34, 56, 0, 0));
	/* the same in REBIND and REQUEST */
	pk.b[0] = DHCP6_REQUEST;
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4), "1 2 3 25");
	{
		struct tlv ia = find_opt(rep->buf + 4, rep->len - 4, D6O_IA_NA,
		    0);
		struct tlv old = find_opt(ia.body + 12, ia.len - 12,
		    D6O_IAADDR, 1);

		ck_assert_str_eq(ia_codes(&ia), "5 5");
		ck_assert_uint_eq(old.len, 24);
		ck_assert_uint_eq(get_u32(old.body + 16), 0);
		ck_assert_uint_eq(get_u32(old.body + 20), 0);
	}
	MSG(DHCP6_REBIND, O_CID, O_NA1(0x10, 0x99));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + 2 * 28, 0x10),
		R_ADDR_STD(0x10),
		R_ADDR(0x99, 0, 0));
	/* the address moved in the database: the old one expires */
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_IA_NA, 100, ATTR_IA, "2001:db8:1::11");
	MSG(DHCP6_RENEW, O_CID, O_SID, O_NA1(0x10, 0x10));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + 2 * 28, 0x10),
		R_ADDR_STD(0x11),
		R_ADDR(0x10, 0, 0));
	/* nothing configured any more: zero lifetimes and NoBinding */
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_DNS_SERVERS, 100, ATTR_IPV6, "2001:db8::53");
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + 28 + NOBINDING_LEN, 0x10),
		R_ADDR(0x10, 0, 0),
		R_NOBINDING);
	/* an IA_TA in RENEW */
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_IA_TA, 100, ATTR_IA, "2001:db8:1::a1");
	MSG(DHCP6_RENEW, O_CID, O_SID, O_TA1(3, 0xa0));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    OPT(4, 4 + 2 * 28), U32(3),
		R_ADDR_STD(0xa1),
		R_ADDR(0xa0, 0, 0));
}
END_TEST

/* Attributes 259..262 in the IAs; the sanity rules applied. */
START_TEST(test_reply_lifetimes)
{
	std_setup();
	cl_add(ATTR_V6_T1, 1, ATTR_INT32, "600");
	cl_add(ATTR_V6_T2, 1, ATTR_INT32, "900");
	cl_add(ATTR_V6_PREF_LIFETIME, 1, ATTR_INT32, "1200");
	cl_add(ATTR_V6_VALID_LIFETIME, 1, ATTR_INT32, "1800");
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_NA(0x10), O_PD(0x11), O_TA(0x12),
	    0, 6, 0, 8, U16(259), U16(260), U16(261), U16(262));
	expect_type(DHCP6_REPLY);
	/* and never an option of their own, even when asked for */
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    OPT(3, 12 + 28), U32(0x10), U32(600), U32(900),
		R_ADDR(0x10, 1200, 1800),
	    OPT(25, 12 + 29), U32(0x11), U32(600), U32(900),
		R_PREFIX(0x12, 56, 1200, 1800),
	    OPT(4, 4 + NOADDRS_LEN), U32(0x12),
		R_NOADDRS);
	/* preferred 5000 > valid 1800: preferred 1800; then T2 2000 is
	 * past it: 1/2 and 4/5 of 1800 */
	std_setup();
	cl_add(ATTR_V6_PREF_LIFETIME, 1, ATTR_INT32, "5000");
	cl_add(ATTR_V6_VALID_LIFETIME, 1, ATTR_INT32, "1800");
	MSG(DHCP6_RENEW, O_CID, O_SID, O_NA(0x10));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    OPT(3, 12 + 28), U32(0x10), U32(900), U32(1440),
		R_ADDR(0x10, 1800, 1800));
	/* T1 > T2: 1/2 and 4/5 of preferred */
	std_setup();
	cl_add(ATTR_V6_T1, 1, ATTR_INT32, "2500");
	MSG(DHCP6_RENEW, O_CID, O_SID, O_NA(0x10));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    OPT(3, 12 + 28), U32(0x10), U32(1500), U32(2400),
		R_ADDR(0x10, 3000, 4000));
	/* infinite lifetimes */
	std_setup();
	cl_add(ATTR_V6_PREF_LIFETIME, 1, ATTR_INT32, "4294967295");
	cl_add(ATTR_V6_VALID_LIFETIME, 1, ATTR_INT32, "-1");
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    OPT(3, 12 + 28), U32(0x10), U32(1000), U32(2000),
		R_ADDR(0x10, 0xffffffffu, 0xffffffffu));
}
END_TEST

/* RFC 8415 18.3.3, SPEC 8. */
START_TEST(test_confirm)
{
	std_setup();
	cl_add(D6O_IA_TA, 100, ATTR_IA, "2001:db8:1::a0");
	/* every address configured (IAIDs do not matter here); no IA and
	 * no requested option in the reply */
	MSG(DHCP6_CONFIRM, O_CID, O_ORO_STD,
	    O_NA1(0x77, 0x10), O_TA1(2, 0xa0));
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(rep->reason, "confirmed");
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_ONLINK);
	/* one that is not */
	MSG(DHCP6_CONFIRM, O_CID,
	    0, 3, 0, 12 + 2 * 28, U32(1), U32(0), U32(0),
		O_ADDR(0x10),
		O_ADDR(0x11));
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(rep->reason, "not on link");
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_NOTONLINK);
	/* an IA_TA address given as IA_NA does not count */
	MSG(DHCP6_CONFIRM, O_CID, O_NA1(1, 0xa0));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_NOTONLINK);
	/* nothing configured at all */
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_DNS_SERVERS, 100, ATTR_IPV6, "2001:db8::53");
	MSG(DHCP6_CONFIRM, O_CID, O_NA1(1, 0x10));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_NOTONLINK);
	/* no addresses: no reply */
	std_setup();
	MSG(DHCP6_CONFIRM, O_CID, O_NA(1), O_TA(2));
	expect_silence("CONFIRM without addresses");
	MSG(DHCP6_CONFIRM, O_CID, O_ELAPSED);
	expect_silence("CONFIRM without addresses");
}
END_TEST

START_TEST(test_release_decline)
{
	std_setup();
	/* dhcp6c's RELEASE: nothing but the status, options not added */
	MSG(DHCP6_RELEASE, O_CID, O_SID, O_NA1(1, 0x10), O_ELAPSED,
	    O_ORO_STD);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(rep->reason, "RELEASE");
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_RELEASED);
	/* of an address that is not configured: the same */
	MSG(DHCP6_RELEASE, O_CID, O_SID, O_PD1(1, 0x77, 56));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_RELEASED);
	MSG(DHCP6_DECLINE, O_CID, O_SID, O_NA1(1, 0x10));
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(rep->reason, "DECLINE");
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_DECLINED);
}
END_TEST

/* E14: options only. */
START_TEST(test_information_request)
{
	std_setup();
	cl_add(D6O_UNICAST, 1, ATTR_IPV6, "2001:db8::1");
	MSG(DHCP6_INFORMATION_REQUEST, O_CID, O_ELAPSED,
	    0, 6, 0, 10, U16(24), U16(23), U16(3), U16(25), U16(31));
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(rep->reason, "options");
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_DOMAINS,
	    R_DNS,
	    R_SNTP,
	    R_UNICAST);
	/* no client id: none in the reply */
	MSG(DHCP6_INFORMATION_REQUEST, O_ELAPSED, 0, 6, 0, 2, U16(23));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_SID, R_DNS, R_UNICAST);
	/* with our server id */
	MSG(DHCP6_INFORMATION_REQUEST, O_SID, 0, 6, 0, 2, U16(31));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_SID, R_SNTP, R_UNICAST);
	/* nothing requested */
	MSG(DHCP6_INFORMATION_REQUEST, O_CID);
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_UNICAST);
}
END_TEST

/* SPEC 6 and 8: the ORO decides; each option once, in ORO order. */
START_TEST(test_oro_options)
{
	std_setup();
	/* duplicates, unconfigured (82 83 56), server-set and special codes,
	 * the unknown; 31 is configured but not asked for */
	MSG(DHCP6_SOLICIT, O_CID,
	    0, 6, 0, 36, U16(39), U16(82), U16(24), U16(39), U16(83),
		U16(1), U16(2), U16(3), U16(4), U16(5), U16(6), U16(9),
		U16(13), U16(14), U16(18), U16(25), U16(26), U16(24));
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_ADVERTISE, XID, R_CID, R_SID, R_FQDN, R_DOMAINS);

	/* rows for the codes the server sets: never taken from the ORO */
	std_setup();
	cl_add(1, 100, ATTR_STRING, "not a client id");
	cl_add(2, 100, ATTR_STRING, "not a server id");
	cl_add(13, 100, ATTR_STRING, "status");
	cl_add(14, 100, ATTR_STRING, "rapid");
	cl_add(18, 100, ATTR_STRING, "iface");
	cl_add(9, 100, ATTR_STRING, "relay");
	cl_add(7, 1, ATTR_INT16, "255");
	cl_add(300, 1, ATTR_INT32, "7");
	MSG(DHCP6_INFORMATION_REQUEST, O_CID,
	    0, 6, 0, 16, U16(1), U16(2), U16(13), U16(14), U16(18), U16(9),
		U16(300), U16(23));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_DNS);

	/* other datatypes of a requested option; max_count; one FQDN */
	params_std();
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_DNS_SERVERS, 1, ATTR_IPV6, "2001:db8::53");
	cl_add(D6O_DNS_SERVERS, 1, ATTR_IPV6, "2001:db8::54");
	cl_add(D6O_SNTP_SERVERS, 2, ATTR_IPV6, "2001:db8::1");
	cl_add(D6O_SNTP_SERVERS, 2, ATTR_IPV6, "2001:db8::2");
	cl_add(D6O_SNTP_SERVERS, 2, ATTR_IPV6, "2001:db8::3");
	cl_add(D6O_CLIENT_FQDN, 100, ATTR_STRING, "bad..name");
	cl_add(D6O_CLIENT_FQDN, 100, ATTR_STRING, "vm10");
	cl_add(D6O_CLIENT_FQDN, 100, ATTR_STRING, "vm11");
	cl_add(32, 1, ATTR_INT32, "86400");
	cl_add(41, 1, ATTR_STRING, "CET-1");
	cl_add(100, 1, ATTR_INT16, "4660");
	MSG(DHCP6_INFORMATION_REQUEST, O_CID,
	    0, 6, 0, 12, U16(23), U16(31), U16(39), U16(32), U16(41),
		U16(100));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    OPT(23, 16), IP_DB8(0, 0x53),
	    OPT(31, 32), IP_DB8(0, 1), IP_DB8(0, 2),
	    OPT(39, 7), 0x04, 4, 'v', 'm', '1', '0', 0,
	    OPT(32, 4), U32(86400),
	    OPT(41, 5), 'C', 'E', 'T', '-', '1',
	    OPT(100, 2), U16(4660));
	/* an FQDN row that is no name: the option is left out */
	memset(&cl, 0, sizeof(cl));
	cl_add(D6O_CLIENT_FQDN, 100, ATTR_STRING, "bad..name");
	cl_add(D6O_DNS_SERVERS, 100, ATTR_IPV6, "2001:db8::53");
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    OPT(23, 16), IP_DB8(0, 0x53));
	/* an ORO of DHCP6_ORO_MAX codes, all of them unconfigured */
	{
		size_t i;

		MSG(DHCP6_INFORMATION_REQUEST, O_CID, 0, 6,
		    U16(2 * DHCP6_ORO_MAX));
		for (i = 0; i < DHCP6_ORO_MAX; i++) {
			put_u16(pk.b + pk.len, (uint16_t)(1000 + i));
			pk.len += 2;
		}
		expect_type(DHCP6_REPLY);
		EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID);
	}
}
END_TEST

/* RFC 8415 21.12: the unicast option goes out whenever configured. */
START_TEST(test_unicast_option)
{
	std_setup();
	cl_add(D6O_UNICAST, 1, ATTR_IPV6, "2001:db8::1");
	MSG(DHCP6_SOLICIT, O_CID, O_NA(0x10));
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_ADVERTISE, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + 28, 0x10),
		R_ADDR_STD(0x10),
	    R_UNICAST);
	/* asked for in the ORO: once, after the other options */
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_NA(0x10),
	    0, 6, 0, 6, U16(12), U16(23), U16(12));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID,
	    R_IA_HDR(3, 12 + 28, 0x10),
		R_ADDR_STD(0x10),
	    R_DNS,
	    R_UNICAST);
	/* unicast REQUEST of a client that has it: served normally */
	params.unicast_request = true;
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4), "1 2 3 23 12");
	/* not configured: never sent */
	std_setup();
	MSG(DHCP6_REQUEST, O_CID, O_SID, 0, 6, 0, 2, U16(12));
	expect_type(DHCP6_REPLY);
	EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID);
}
END_TEST

/* RFC 8415 18.4: unicast without the server's permission. */
START_TEST(test_use_multicast)
{
	static const uint8_t types[] = { DHCP6_REQUEST, DHCP6_RENEW,
	    DHCP6_RELEASE, DHCP6_DECLINE };
	size_t i;

	for (i = 0; i < sizeof(types); i++) {
		std_setup();
		params.unicast_request = true;
		MSG(0, O_CID, O_SID, O_ORO_STD, O_NA1(0x10, 0x10),
		    O_PD(0x11));
		pk.b[0] = types[i];
		expect_type(DHCP6_REPLY);
		ck_assert_str_eq(rep->reason,
		    "unicast without the unicast option");
		/* a top-level status and no IA, no option */
		EXPECT_REPLY(DHCP6_REPLY, XID, R_CID, R_SID, R_USEMCAST);
		/* a multicast one is answered */
		params.unicast_request = false;
		expect_type(DHCP6_REPLY);
		ck_assert_str_ne(rep->reason,
		    "unicast without the unicast option");
	}
}
END_TEST

/* --- relays (RFC 8415 19.3) ---------------------------------------------- */

#define LINK(t)	0x20, 0x01, 0x0d, 0xb8, 0x00, (t), 0, 0, 0, 0, 0, 0,	\
		0, 0, 0, 0x01
#define PEER(t)	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (t)

static uint8_t direct[DHCP6_REPLY_MAX];
static size_t direct_len;

/* The reply to pk as it is now (before wrapping it in relays). */
static void
save_direct(int type)
{
	expect_type(type);
	memcpy(direct, rep->buf, rep->len);
	direct_len = rep->len;
}

/*
 * Walk the Relay-reply layers of the reply against the layers of the
 * request (msg): the same hop count, link and peer address, its
 * Interface-ID verbatim, and nothing else but the Relay-message; the
 * innermost holds the direct reply.
 */
static void
expect_relayed(void)
{
	const uint8_t *p = rep->buf;
	size_t len = rep->len, i;

	ck_assert_uint_gt(msg.n_relays, 0);
	for (i = 0; i < msg.n_relays; i++) {
		const struct dhcp6_relay *r = &msg.relays[i];
		struct tlv t[TLV_MAX];
		size_t n;

		ck_assert_uint_ge(len, 34);
		ck_assert_uint_eq(p[0], DHCP6_RELAY_REPL);
		ck_assert_uint_eq(p[1], r->hop_count);
		ck_assert_mem_eq(p + 2, &r->link, 16);
		ck_assert_mem_eq(p + 18, &r->peer, 16);
		n = tlv_walk(p + 34, len - 34, t, TLV_MAX);
		if (r->interface_id != NULL) {
			ck_assert_uint_eq(n, 2);
			ck_assert_uint_eq(t[0].code, D6O_INTERFACE_ID);
			expect_bytes(t[0].body, t[0].len, r->interface_id,
			    r->interface_id_len, "Interface-ID");
		} else
			ck_assert_uint_eq(n, 1);
		ck_assert_uint_eq(t[n - 1].code, D6O_RELAY_MSG);
		p = t[n - 1].body;
		len = t[n - 1].len;
	}
	expect_bytes(p, len, direct, direct_len, "relayed client reply");
}

START_TEST(test_relay_reply)
{
	static const uint8_t lladdr[] = { 0, 79, 0, 8, 0, 1,
	    0x02, 0x00, 0x00, 0x00, 0x00, 0x10 };

	std_setup();
	MSG(DHCP6_SOLICIT, O_CID, O_NA(0x10), 0, 6, 0, 2, U16(23));
	save_direct(DHCP6_ADVERTISE);
	ck_assert_uint_eq(direct_len, 116);
	/* one layer, byte for byte: 79 and 37 are not echoed, 18 is */
	relay_wrap(3, 1, "eth0.7", 6, lladdr, sizeof(lladdr));
	ADD(0, 37, 0, 6, 0, 0, 0, 9, 'r', 'i');		/* Remote-ID */
	expect_type(DHCP6_ADVERTISE);
	EXPECT_REPLY(DHCP6_RELAY_REPL, 3, LINK(1), PEER(1),
	    OPT(18, 6), 'e', 't', 'h', '0', '.', '7',
	    OPT(9, 116),
		DHCP6_ADVERTISE, XID, R_CID, R_SID,
		R_IA_HDR(3, 12 + 28, 0x10),
		    R_ADDR_STD(0x10),
		R_DNS);
	expect_relayed();
	ck_assert_uint_eq(rep->len, 34 + 10 + 4 + 116);

	/* two layers: the Interface-ID of each where it was */
	MSG(DHCP6_SOLICIT, O_CID, O_NA(0x10), 0, 6, 0, 2, U16(23));
	relay_wrap(0, 5, NULL, 0, lladdr, sizeof(lladdr));
	relay_wrap(1, 6, "outer-port", 10, NULL, 0);
	expect_type(DHCP6_ADVERTISE);
	ck_assert_uint_eq(msg.n_relays, 2);
	expect_relayed();
	ck_assert_uint_eq(rep->buf[1], 1);
	ck_assert_str_eq(codes(rep->buf + 34, rep->len - 34), "18 9");
	/* an empty Interface-ID is echoed empty; binary bytes verbatim */
	MSG(DHCP6_SOLICIT, O_CID, O_NA(0x10), 0, 6, 0, 2, U16(23));
	relay_wrap(0, 5, "\0\xff\0", 3, NULL, 0);
	relay_wrap(1, 6, "", 0, NULL, 0);
	expect_type(DHCP6_ADVERTISE);
	expect_relayed();
	ck_assert_str_eq(codes(rep->buf + 34, rep->len - 34), "18 9");
	ck_assert_mem_eq(rep->buf + 34, "\0\x12\0\0\0\x09", 6);

	/* a REPLY, a status-only REPLY and silence travel the same way */
	MSG(DHCP6_RENEW, O_CID, O_SID, O_NA1(0x10, 0x99));
	save_direct(DHCP6_REPLY);
	relay_wrap(2, 9, "x", 1, NULL, 0);
	expect_type(DHCP6_REPLY);
	expect_relayed();
	MSG(DHCP6_RELEASE, O_CID, O_SID, O_NA1(0x10, 0x10));
	save_direct(DHCP6_REPLY);
	relay_nest(3);
	expect_type(DHCP6_REPLY);
	expect_relayed();
	MSG(DHCP6_CONFIRM, O_CID, O_NA(1));
	relay_nest(2);
	expect_silence("CONFIRM without addresses");
	/* unicast_request is the caller's business: never set for relayed
	 * messages, and a relay's unicast is fine */
	MSG(DHCP6_REQUEST, O_CID, O_SID, O_NA(0x10));
	save_direct(DHCP6_REPLY);
	relay_nest(1);
	expect_type(DHCP6_REPLY);
	expect_relayed();
}
END_TEST

/* D5: 32 layers, each with an Interface-ID. */
START_TEST(test_relay_reply_32)
{
	size_t i;

	std_setup();
	MSG(DHCP6_SOLICIT, O_CID);
	save_direct(DHCP6_ADVERTISE);
	ck_assert_uint_eq(direct_len, 36);
	for (i = DHCP6_MAX_RELAYS; i-- > 0;) {
		uint8_t iid = (uint8_t)('A' + i);

		relay_wrap((uint8_t)(DHCP6_MAX_RELAYS - 1 - i),
		    (unsigned)i + 1, &iid, 1, NULL, 0);
	}
	expect_type(DHCP6_ADVERTISE);
	ck_assert_uint_eq(msg.n_relays, DHCP6_MAX_RELAYS);
	expect_relayed();
	ck_assert_uint_eq(rep->len, 36 + DHCP6_MAX_RELAYS * (34 + 5 + 4));
	ck_assert_uint_eq(rep->buf[0], DHCP6_RELAY_REPL);
	ck_assert_uint_eq(rep->buf[1], DHCP6_MAX_RELAYS - 1);
	ck_assert_uint_eq(rep->buf[34 + 4], 'A');
}
END_TEST

/* Options configured in count and size to fill the reply exactly. */
static char big_text[6][256];

static void
cl_big(size_t last)
{
	static const uint16_t code[6] = { 41, 42, 100, 101, 102, 103 };
	size_t i;

	memset(&cl, 0, sizeof(cl));
	for (i = 0; i < 6; i++) {
		size_t n = i < 5 ? 255 : last;

		memset(big_text[i], 'a' + (int)i, n);
		big_text[i][n] = '\0';
		cl_add(code[i], 1, ATTR_STRING, big_text[i]);
	}
}

#define O_ORO_BIG	0, 6, 0, 12, U16(41), U16(42), U16(100), U16(101), \
			U16(102), U16(103)

/* SPEC 8, E8: the reply buffer is fixed; what does not fit is not sent. */
START_TEST(test_reply_too_big)
{
	uint8_t *iid;
	size_t i, k;

	/* 36 (header, client and server id) + 5 x 259 + 4 + 117 = 1452 */
	params_std();
	cl_big(117);
	MSG(DHCP6_INFORMATION_REQUEST, O_CID, O_ORO_BIG);
	expect_type(DHCP6_REPLY);
	ck_assert_uint_eq(rep->len, DHCP6_REPLY_MAX);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 41 42 100 101 102 103");
	ck_assert_uint_eq(rep->buf[DHCP6_REPLY_MAX - 1], 'f');
	/* full to the last 3 bytes: still sent (no room for the unicast
	 * option's header the builder tries, but it is not configured) */
	for (k = 114; k <= 117; k++) {
		cl_big(k);
		expect_type(DHCP6_REPLY);
		ck_assert_uint_eq(rep->len, DHCP6_REPLY_MAX - 117 + k);
	}
	/* requested options with nothing usable after a full reply: an
	 * FQDN row that is no name (its flags byte would not fit either),
	 * an unconfigured code */
	cl_big(117);
	cl_add(D6O_CLIENT_FQDN, 1, ATTR_STRING, "bad..name");
	ADD(0, 6, 0, 4, U16(39), U16(23));
	expect_type(DHCP6_REPLY);
	ck_assert_uint_eq(rep->len, DHCP6_REPLY_MAX);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 41 42 100 101 102 103");
	/* one byte more */
	cl_big(118);
	expect_silence("reply larger than the buffer");
	/* the one that fitted, in a relay: no room for the layer */
	cl_big(117);
	relay_nest(1);
	expect_silence("relayed reply larger than the buffer");

	/* one layer filled exactly by its Interface-ID */
	std_setup();
	iid = malloc(65000);
	ck_assert_ptr_nonnull(iid);
	memset(iid, 0x69, 65000);
	k = DHCP6_REPLY_MAX - 36 - (34 + 4 + 4);
	MSG(DHCP6_SOLICIT, O_CID);
	save_direct(DHCP6_ADVERTISE);
	relay_wrap(0, 1, iid, k, NULL, 0);
	expect_type(DHCP6_ADVERTISE);
	ck_assert_uint_eq(rep->len, DHCP6_REPLY_MAX);
	expect_relayed();
	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, iid, k + 1, NULL, 0);
	expect_silence("relayed reply larger than the buffer");
	/* D7: an Interface-ID of 65000 bytes */
	MSG(DHCP6_SOLICIT, O_CID);
	relay_wrap(0, 1, iid, 65000, NULL, 0);
	expect_silence("relayed reply larger than the buffer");
	/* 32 layers with 100-byte Interface-IDs (inner layers overflow) */
	MSG(DHCP6_SOLICIT, O_CID);
	for (i = DHCP6_MAX_RELAYS; i-- > 0;)
		relay_wrap((uint8_t)(DHCP6_MAX_RELAYS - 1 - i),
		    (unsigned)i + 1, iid, 100, NULL, 0);
	expect_silence("relayed reply larger than the buffer");
	free(iid);

	/* 16 IA_PDs of 8 configured prefixes each */
	params_std();
	memset(&cl, 0, sizeof(cl));
	for (i = 0; i < DHCP6_MAX_IAS * DHCP6_MAX_IA_ITEMS; i++) {
		static char rows[DHCP6_MAX_IAS * DHCP6_MAX_IA_ITEMS][64];

		snprintf(rows[i], sizeof(rows[i]), "%zu,2001:db8:%zx::/64",
		    i / DHCP6_MAX_IA_ITEMS + 1, i + 1);
		cl_add(D6O_IA_PD, 1000, ATTR_PD, rows[i]);
	}
	MSG(DHCP6_SOLICIT, O_CID, O_RAPID);
	for (i = 0; i < DHCP6_MAX_IAS; i++) {
		uint8_t ia[] = { O_PD(0) };

		ia[7] = (uint8_t)(i + 1);
		memcpy(pk.b + pk.len, ia, sizeof(ia));
		pk.len += sizeof(ia);
	}
	expect_silence("reply larger than the buffer");
	/* the first 5 fit: 40 + 5 x (16 + 8 x 29) = 1280 */
	pk.len -= 11 * 16;
	expect_type(DHCP6_REPLY);
	ck_assert_uint_eq(rep->len, 40 + 5 * (16 + 8 * 29));
	{
		struct tlv ia = find_opt(rep->buf + 4, rep->len - 4, D6O_IA_PD,
		    4);

		ck_assert_uint_eq(get_u32(ia.body), 5);
		ck_assert_str_eq(ia_codes(&ia), "26 26 26 26 26 26 26 26");
	}
	/* with disable_ia_id all 128 go into the first IA */
	params.ignore_iaid = true;
	expect_silence("reply larger than the buffer");
}
END_TEST

/* E8: hundreds of IAs, DHCP6_MAX_IAS answered. */
START_TEST(test_many_ias)
{
	size_t i;

	std_setup();
	MSG(DHCP6_SOLICIT, O_CID);
	for (i = 0; i < 200; i++) {
		uint8_t ia[] = { O_NA(0) };

		ia[6] = (uint8_t)(i >> 8);
		ia[7] = (uint8_t)i;
		memcpy(pk.b + pk.len, ia, sizeof(ia));
		pk.len += sizeof(ia);
	}
	expect_type(DHCP6_ADVERTISE);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3");
	ck_assert_uint_eq(rep->len, 36 + (16 + 28) + 15 * (16 + 27));
	for (i = 0; i < DHCP6_MAX_IAS; i++) {
		struct tlv ia = find_opt(rep->buf + 4, rep->len - 4, D6O_IA_NA,
		    i);

		ck_assert_uint_eq(get_u32(ia.body), i);
		ck_assert_str_eq(ia_codes(&ia), i == 0 ? "5" : "13");
	}
}
END_TEST

/* The lab clients' own messages, answered. */
START_TEST(test_golden_replies)
{
	struct tlv ia;

	std_setup();
	read_golden("dhclient6-solicit.frame", &pk);
	expect_type(DHCP6_ADVERTISE);
	ck_assert_mem_eq(rep->buf + 1, "\x73\xc3\x35", 3);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 3 23 24 39 31");
	ia = find_opt(rep->buf + 4, rep->len - 4, D6O_IA_NA, 0);
	ck_assert_uint_eq(get_u32(ia.body), 0x10);
	ck_assert_str_eq(ia_codes(&ia), "5");

	read_golden("dhcpcd6-solicit.frame", &pk);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 14 3 23 24 39");

	read_golden("dhcpcd6-pd-solicit.frame", &pk);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 14 25 23 24 39");
	ia = find_opt(rep->buf + 4, rep->len - 4, D6O_IA_PD, 0);
	ck_assert_uint_eq(get_u32(ia.body), 1);
	ck_assert_str_eq(ia_codes(&ia), "26");

	read_golden("dhcp6c-pd-solicit.frame", &pk);
	expect_type(DHCP6_ADVERTISE);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4), "1 2 25 23 24");

	/* the REQUESTs hold what is configured: nothing stale */
	read_golden("dhclient6-pd-request.frame", &pk);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 25 23 24 39 31");
	ia = find_opt(rep->buf + 4, rep->len - 4, D6O_IA_PD, 0);
	ck_assert_str_eq(ia_codes(&ia), "26");
	read_golden("dhcpcd6-kea-request.frame", &pk);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4),
	    "1 2 3 23 24 39");
	ia = find_opt(rep->buf + 4, rep->len - 4, D6O_IA_NA, 0);
	ck_assert_str_eq(ia_codes(&ia), "5");
	read_golden("dhcp6c-na-request.frame", &pk);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4), "1 2 3 23 24");

	read_golden("dhcp6c-na-release.frame", &pk);
	expect_type(DHCP6_REPLY);
	ck_assert_str_eq(codes(rep->buf + 4, rep->len - 4), "1 2 13");
	ck_assert_mem_eq(rep->buf + 1, "\xb1\x59\x22", 3);
}
END_TEST

/* The reply's options and those inside its IAs, strictly. */
static void
walk_reply(void)
{
	struct tlv t[TLV_MAX];
	size_t n, i;

	ck_assert_uint_ge(rep->len, 4);
	ck_assert(rep->buf[0] == DHCP6_ADVERTISE || rep->buf[0] == DHCP6_REPLY);
	n = tlv_walk(rep->buf + 4, rep->len - 4, t, TLV_MAX);
	for (i = 0; i < n; i++)
		if (t[i].code == D6O_IA_NA || t[i].code == D6O_IA_TA ||
		    t[i].code == D6O_IA_PD)
			(void)ia_codes(&t[i]);
}

/* Every golden message cut at every length and with every byte set to
 * 0, 1, 0x7f and 0xff: a drop, or a reply whose options all walk. */
START_TEST(test_golden_mutations)
{
	static const char *files[] = { "dhclient6-solicit.frame",
	    "dhclient6-request.frame", "dhclient6-pd-request.frame",
	    "dhcpcd6-solicit.frame", "dhcpcd6-pd-request.frame",
	    "dhcp6c-na-release.frame", "dhcp6c-pd-request.frame" };
	static const uint8_t vals[] = { 0, 1, 0x7f, 0xff };
	static struct pkt orig;
	size_t f, i, v, replies = 0;

	std_setup();
	cl_add(D6O_IA_TA, 100, ATTR_IA, "2001:db8:1::a0");
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		read_golden(files[f], &orig);
		for (i = 0; i <= orig.len; i++) {
			for (v = 0; v < sizeof(vals) + 1; v++) {
				pk = orig;
				if (v == sizeof(vals))
					pk.len = i;		/* cut */
				else if (i < orig.len)
					pk.b[i] = vals[v];
				else
					continue;
				if (parse_buf(pk.b, pk.len) < 0) {
					ck_assert_ptr_nonnull(why);
					continue;
				}
				if (dhcp6_validate(&msg, &why) < 0 ||
				    handle_msg() == 0)
					continue;
				replies++;
				walk_reply();
			}
		}
	}
	ck_assert_uint_gt(replies, 0);
}
END_TEST

START_TEST(test_type_names)
{
	static const char *names[] = { "UNKNOWN", "SOLICIT", "ADVERTISE",
	    "REQUEST", "CONFIRM", "RENEW", "REBIND", "REPLY", "RELEASE",
	    "DECLINE", "RECONFIGURE", "INFORMATION-REQUEST", "RELAY-FORW",
	    "RELAY-REPL" };
	unsigned t;

	for (t = 0; t < 14; t++)
		ck_assert_str_eq(dhcp6_type_name((uint8_t)t), names[t]);
	for (t = 14; t < 256; t++)
		ck_assert_str_eq(dhcp6_type_name((uint8_t)t), "UNKNOWN");
}
END_TEST

static Suite *
dhcp6_suite(void)
{
	Suite *s = suite_create("dhcp6");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *malformed = tcase_create("malformed");

	tcase_add_test(core, test_golden_dhclient);
	tcase_add_test(core, test_golden_dhclient_pd);
	tcase_add_test(core, test_golden_dhcpcd);
	tcase_add_test(core, test_golden_dhcp6c);
	tcase_add_test(core, test_parse_base);
	tcase_add_test(core, test_parse_ia_items);
	tcase_add_test(core, test_relay_nesting);
	tcase_add_test(core, test_validate);
	tcase_add_test(core, test_duid_key);
	tcase_add_test(core, test_lifetimes);
	tcase_add_test(core, test_solicit_advertise);
	tcase_add_test(core, test_solicit_rapid_commit);
	tcase_add_test(core, test_solicit_hints_ignored);
	tcase_add_test(core, test_request_reply);
	tcase_add_test(core, test_iaid_rows);
	tcase_add_test(core, test_mixed_ias);
	tcase_add_test(core, test_ia_status);
	tcase_add_test(core, test_stale_items);
	tcase_add_test(core, test_reply_lifetimes);
	tcase_add_test(core, test_confirm);
	tcase_add_test(core, test_release_decline);
	tcase_add_test(core, test_information_request);
	tcase_add_test(core, test_oro_options);
	tcase_add_test(core, test_unicast_option);
	tcase_add_test(core, test_use_multicast);
	tcase_add_test(core, test_relay_reply);
	tcase_add_test(core, test_golden_replies);
	tcase_add_test(core, test_type_names);
	tcase_add_test(limits, test_relay_hop_count);
	tcase_add_test(limits, test_ia_limits);
	tcase_add_test(limits, test_oro);
	tcase_add_test(limits, test_duid_key_buffer);
	tcase_add_test(limits, test_relay_reply_32);
	tcase_add_test(limits, test_reply_too_big);
	tcase_add_test(limits, test_many_ias);
	tcase_add_test(malformed, test_relay_lladdr);
	tcase_add_test(malformed, test_relay_malformed);
	tcase_add_test(malformed, test_short_payload);
	tcase_add_test(malformed, test_message_types);
	tcase_add_test(malformed, test_option_bounds);
	tcase_add_test(malformed, test_ia_malformed);
	tcase_add_test(malformed, test_ia_recursion);
	tcase_add_test(malformed, test_rapid_commit);
	tcase_add_test(malformed, test_duid_options);
	tcase_add_test(malformed, test_golden_mutations);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, malformed);
	return s;
}

int
main(void)
{
	return tu_run_suite(dhcp6_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
