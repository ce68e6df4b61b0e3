#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "responder/attrval.h"
#include "tests/testutil.h"

/*
 * Parse a copy in a heap block of exactly the text's size, so the
 * sanitizer build catches any read past the terminating NUL.
 */
static int
parse(int datatype, const char *text, struct attr_value *ret)
{
	static char *keep[64];
	static size_t nkeep;
	size_t n = strlen(text) + 1;
	char *copy = malloc(n);
	int rc;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, n);
	rc = attrval_parse(datatype, copy, ret);
	/* ret may point into the copy: keep the last few alive */
	free(keep[nkeep % 64]);
	keep[nkeep++ % 64] = copy;
	return rc;
}

static void
expect_bad(int datatype, const char *text)
{
	struct attr_value v, before;

	memset(&v, 0xa5, sizeof(v));
	before = v;
	ck_assert_msg(parse(datatype, text, &v) == -EINVAL,
	    "datatype %d: \"%s\" accepted", datatype, text);
	/* out-params are set only on success */
	ck_assert_msg(memcmp(&v, &before, sizeof(v)) == 0,
	    "datatype %d: \"%s\" touched ret", datatype, text);
}

static void
expect_v4(const struct in_addr *a, const char *want)
{
	char buf[INET_ADDRSTRLEN];

	ck_assert_ptr_nonnull(inet_ntop(AF_INET, a, buf, sizeof(buf)));
	ck_assert_str_eq(buf, want);
}

static void
expect_v6(const struct in6_addr *a, const char *want)
{
	char buf[INET6_ADDRSTRLEN];

	ck_assert_ptr_nonnull(inet_ntop(AF_INET6, a, buf, sizeof(buf)));
	ck_assert_str_eq(buf, want);
}

/* "x" repeated n times followed by tail, in a static buffer. */
static const char *
rep(char c, size_t n, const char *tail)
{
	static char buf[1024];

	ck_assert_uint_lt(n + strlen(tail), sizeof(buf));
	memset(buf, c, n);
	strcpy(buf + n, tail);
	return buf;
}

/* Labels of the given lengths joined by dots, e.g. {63, 63, 63, 61}. */
static const char *
domain_of(const size_t *lens, size_t n)
{
	static char buf[1024];
	size_t i, off = 0;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf[off++] = '.';
		memset(buf + off, 'a' + (int)i, lens[i]);
		off += lens[i];
	}
	buf[off] = '\0';
	return buf;
}

START_TEST(test_ipv4_ipv6)
{
	struct attr_value v;

	ck_assert_int_eq(parse(ATTR_IPV4, "192.0.2.1", &v), 0);
	ck_assert_int_eq(v.datatype, ATTR_IPV4);
	expect_v4(&v.u.ipv4, "192.0.2.1");
	ck_assert_int_eq(parse(ATTR_IPV4, " 10.0.0.254\t", &v), 0);
	expect_v4(&v.u.ipv4, "10.0.0.254");
	ck_assert_int_eq(parse(ATTR_IPV6, "2001:db8::1", &v), 0);
	ck_assert_int_eq(v.datatype, ATTR_IPV6);
	expect_v6(&v.u.ipv6, "2001:db8::1");
	ck_assert_int_eq(parse(ATTR_IPV6, "fe80::1 ", &v), 0);
	expect_v6(&v.u.ipv6, "fe80::1");
	ck_assert_int_eq(parse(ATTR_IPV6, "::ffff:192.0.2.1", &v), 0);
}
END_TEST

START_TEST(test_integers)
{
	struct attr_value v;

	ck_assert_int_eq(parse(ATTR_INT16, "1500", &v), 0);
	ck_assert_uint_eq(v.u.int16, 1500);
	ck_assert_int_eq(parse(ATTR_INT16, "0", &v), 0);
	ck_assert_uint_eq(v.u.int16, 0);
	ck_assert_int_eq(parse(ATTR_INT32, "3600", &v), 0);
	ck_assert_uint_eq(v.u.int32, 3600);
	ck_assert_int_eq(parse(ATTR_INT32, "-1", &v), 0);
	ck_assert_uint_eq(v.u.int32, 0xffffffffu);
	ck_assert_int_eq(parse(ATTR_INT32, " 7 ", &v), 0);
	ck_assert_uint_eq(v.u.int32, 7);
}
END_TEST

START_TEST(test_string)
{
	struct attr_value v;
	const char *text = " host name ";
	char copy[16];

	/* raw: blanks are kept, the pointer is into the row's text */
	strcpy(copy, text);
	ck_assert_int_eq(attrval_parse(ATTR_STRING, copy, &v), 0);
	ck_assert_ptr_eq(v.u.string.ptr, copy);
	ck_assert_uint_eq(v.u.string.len, strlen(text));
	ck_assert_int_eq(parse(ATTR_STRING, "x", &v), 0);
	ck_assert_uint_eq(v.u.string.len, 1);
}
END_TEST

START_TEST(test_staticrt)
{
	struct attr_value v;

	ck_assert_int_eq(parse(ATTR_STATICRT, "30.1.0.0/16,10.0.0.1", &v), 0);
	ck_assert_int_eq(v.datatype, ATTR_STATICRT);
	expect_v4(&v.u.route.net, "30.1.0.0");
	ck_assert_uint_eq(v.u.route.plen, 16);
	expect_v4(&v.u.route.gw, "10.0.0.1");
	/* the old controller's spacing */
	ck_assert_int_eq(parse(ATTR_STATICRT, " 192.0.2.0 / 24 , 10.0.0.2 ",
	    &v), 0);
	expect_v4(&v.u.route.net, "192.0.2.0");
	ck_assert_uint_eq(v.u.route.plen, 24);
	expect_v4(&v.u.route.gw, "10.0.0.2");
	/* a default route */
	ck_assert_int_eq(parse(ATTR_STATICRT, "0.0.0.0/0,10.0.0.1", &v), 0);
	ck_assert_uint_eq(v.u.route.plen, 0);
}
END_TEST

START_TEST(test_ia_pd)
{
	struct attr_value v;
	uint32_t hex, dec;

	ck_assert_int_eq(parse(ATTR_IA, "0x1a2b,2001:db8::5", &v), 0);
	ck_assert_int_eq(v.datatype, ATTR_IA);
	ck_assert(v.u.ia.has_iaid);
	hex = v.u.ia.iaid;
	ck_assert_uint_eq(hex, 0x1a2b);
	expect_v6(&v.u.ia.addr, "2001:db8::5");
	/* IAIDs compare numerically whichever way they were written */
	ck_assert_int_eq(parse(ATTR_IA, "6699, 2001:db8::5", &v), 0);
	dec = v.u.ia.iaid;
	ck_assert_uint_eq(hex, dec);
	ck_assert_int_eq(parse(ATTR_IA, "0X1A2B ,2001:db8::5", &v), 0);
	ck_assert_uint_eq(v.u.ia.iaid, dec);
	ck_assert_int_eq(parse(ATTR_IA, "2001:db8::7", &v), 0);
	ck_assert(!v.u.ia.has_iaid);
	expect_v6(&v.u.ia.addr, "2001:db8::7");

	ck_assert_int_eq(parse(ATTR_PD, "0x1,2001:db8:1::/48", &v), 0);
	ck_assert_int_eq(v.datatype, ATTR_PD);
	ck_assert(v.u.pd.has_iaid);
	ck_assert_uint_eq(v.u.pd.iaid, 1);
	expect_v6(&v.u.pd.prefix, "2001:db8:1::");
	ck_assert_uint_eq(v.u.pd.plen, 48);
	ck_assert_int_eq(parse(ATTR_PD, "2001:db8:0:100::/56", &v), 0);
	ck_assert(!v.u.pd.has_iaid);
	ck_assert_uint_eq(v.u.pd.plen, 56);
	ck_assert_int_eq(parse(ATTR_PD, "12, 2001:db8::/ 64", &v), 0);
	ck_assert_uint_eq(v.u.pd.iaid, 12);
	ck_assert_uint_eq(v.u.pd.plen, 64);
}
END_TEST

START_TEST(test_domain)
{
	struct attr_value v;

	ck_assert_int_eq(parse(ATTR_DOMAIN, "example.com", &v), 0);
	ck_assert_int_eq(v.datatype, ATTR_DOMAIN);
	ck_assert_uint_eq(v.u.domain.len, 11);
	ck_assert_int_eq(memcmp(v.u.domain.ptr, "example.com", 11), 0);
	ck_assert_int_eq(parse(ATTR_DOMAIN, " example.com. ", &v), 0);
	ck_assert_uint_eq(v.u.domain.len, 12);
	ck_assert_int_eq(parse(ATTR_DOMAIN, "my_host-1.Example.COM", &v), 0);
	ck_assert_int_eq(parse(ATTR_DOMAIN, "localdomain", &v), 0);
}
END_TEST

/* Turn wire labels back into dotted text (test-side decoder). */
static void
decode_name(const uint8_t *b, size_t len, char *out, size_t outlen)
{
	size_t i = 0, o = 0;

	while (i < len && b[i] != 0) {
		size_t l = b[i++];

		ck_assert_uint_le(i + l, len);
		ck_assert_uint_lt(o + l + 1, outlen);
		if (o > 0)
			out[o++] = '.';
		memcpy(out + o, b + i, l);
		o += l;
		i += l;
	}
	ck_assert_uint_eq(i + 1, len);	/* the zero byte ends the buffer */
	out[o] = '\0';
}

START_TEST(test_domain_encode)
{
	static const uint8_t want[] = {
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'c', 'o', 'm', 0,
	};
	const char *names[] = { "www.example.com", "a", "x_y.b-c.d" };
	uint8_t buf[300];
	char back[300];
	struct wbuf w;
	struct attr_value v;
	size_t i;

	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode("www.example.com", 15, &w), 0);
	ck_assert_uint_eq(w.len, sizeof(want));
	ck_assert_int_eq(memcmp(buf, want, sizeof(want)), 0);
	/* a trailing dot is the same name */
	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode("www.example.com.", 16, &w), 0);
	ck_assert_uint_eq(w.len, sizeof(want));
	ck_assert_int_eq(memcmp(buf, want, sizeof(want)), 0);
	/* round trip through parse, encode and a decoder */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ck_assert_int_eq(parse(ATTR_DOMAIN, names[i], &v), 0);
		wb_init(&w, buf, sizeof(buf));
		ck_assert_int_eq(attrval_domain_encode(v.u.domain.ptr,
		    v.u.domain.len, &w), 0);
		decode_name(buf, w.len, back, sizeof(back));
		ck_assert_str_eq(back, names[i]);
	}
}
END_TEST

START_TEST(test_domain_encode_no_overread)
{
	/* the name is exactly len bytes, no NUL: only len is read */
	char *name = malloc(7);
	uint8_t buf[16];
	struct wbuf w;

	ck_assert_ptr_nonnull(name);
	memcpy(name, "example", 7);
	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode(name, 7, &w), 0);
	ck_assert_uint_eq(w.len, 9);
	ck_assert_uint_eq(buf[0], 7);
	ck_assert_uint_eq(buf[8], 0);
	/* a prefix of a longer name */
	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode("ab.cd", 2, &w), 0);
	ck_assert_uint_eq(w.len, 4);
	free(name);
}
END_TEST

START_TEST(test_int_limits)
{
	struct attr_value v;

	ck_assert_int_eq(parse(ATTR_INT16, "65535", &v), 0);
	ck_assert_uint_eq(v.u.int16, 65535);
	expect_bad(ATTR_INT16, "65536");
	expect_bad(ATTR_INT16, "99999999999999999999999");
	ck_assert_int_eq(parse(ATTR_INT32, "4294967295", &v), 0);
	ck_assert_uint_eq(v.u.int32, 4294967295u);
	ck_assert_int_eq(parse(ATTR_INT32, "-2147483648", &v), 0);
	ck_assert_uint_eq(v.u.int32, 0x80000000u);
	ck_assert_int_eq(parse(ATTR_INT32, "000000000000000000042", &v), 0);
	ck_assert_uint_eq(v.u.int32, 42);
	expect_bad(ATTR_INT32, "4294967296");
	expect_bad(ATTR_INT32, "-2147483649");
	expect_bad(ATTR_INT32, "18446744073709551616");
}
END_TEST

START_TEST(test_iaid_limits)
{
	struct attr_value v;

	ck_assert_int_eq(parse(ATTR_IA, "0xffffffff,::1", &v), 0);
	ck_assert_uint_eq(v.u.ia.iaid, 0xffffffffu);
	ck_assert_int_eq(parse(ATTR_IA, "4294967295,::1", &v), 0);
	ck_assert_uint_eq(v.u.ia.iaid, 0xffffffffu);
	ck_assert_int_eq(parse(ATTR_IA, "0x000000001,::1", &v), 0);
	ck_assert_uint_eq(v.u.ia.iaid, 1);
	ck_assert_int_eq(parse(ATTR_IA, "0,::1", &v), 0);
	ck_assert_uint_eq(v.u.ia.iaid, 0);
	ck_assert(v.u.ia.has_iaid);
	expect_bad(ATTR_IA, "0x100000000,::1");
	expect_bad(ATTR_IA, "4294967296,::1");
	expect_bad(ATTR_PD, "0x100000000,2001:db8::/64");
}
END_TEST

START_TEST(test_prefix_limits)
{
	struct attr_value v;

	ck_assert_int_eq(parse(ATTR_STATICRT, "10.0.0.1/32,10.0.0.254", &v), 0);
	ck_assert_uint_eq(v.u.route.plen, 32);
	ck_assert_int_eq(parse(ATTR_STATICRT, "128.0.0.0/1,10.0.0.254", &v),
	    0);
	expect_bad(ATTR_STATICRT, "192.0.0.0/1,10.0.0.254");
	expect_bad(ATTR_STATICRT, "30.1.0.0/33,10.0.0.1");
	ck_assert_int_eq(parse(ATTR_PD, "2001:db8::1/128", &v), 0);
	ck_assert_uint_eq(v.u.pd.plen, 128);
	ck_assert_int_eq(parse(ATTR_PD, "8000::/1", &v), 0);
	ck_assert_uint_eq(v.u.pd.plen, 1);
	ck_assert_int_eq(parse(ATTR_PD, "2001:db8:0:1::/63", &v), -EINVAL);
	ck_assert_int_eq(parse(ATTR_PD, "2001:db8:0:2::/63", &v), 0);
	expect_bad(ATTR_PD, "2001:db8::/129");
	expect_bad(ATTR_PD, "::/0");
}
END_TEST

START_TEST(test_string_limits)
{
	struct attr_value v;

	ck_assert_int_eq(parse(ATTR_STRING, rep('s', 255, ""), &v), 0);
	ck_assert_uint_eq(v.u.string.len, 255);
	expect_bad(ATTR_STRING, rep('s', 256, ""));
	expect_bad(ATTR_STRING, rep('s', 300, ""));
}
END_TEST

START_TEST(test_domain_limits)
{
	static const size_t l63[] = { 63 }, l64[] = { 64 };
	static const size_t w255[] = { 63, 63, 63, 61 };
	static const size_t w256[] = { 63, 63, 63, 62 };
	static const size_t many1[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct attr_value v;
	uint8_t buf[512];
	char name[300];
	struct wbuf w;

	/* a 63-byte label is the longest */
	ck_assert_int_eq(parse(ATTR_DOMAIN, domain_of(l63, 1), &v), 0);
	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode(domain_of(l63, 1), 63, &w), 0);
	ck_assert_uint_eq(w.len, 65);
	expect_bad(ATTR_DOMAIN, domain_of(l64, 1));
	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode(domain_of(l64, 1), 64, &w),
	    -EINVAL);
	ck_assert_uint_eq(w.len, 0);

	/* 255 bytes on the wire including the zero byte: the most */
	strcpy(name, domain_of(w255, 4));
	ck_assert_uint_eq(strlen(name), 253);
	ck_assert_int_eq(parse(ATTR_DOMAIN, name, &v), 0);
	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode(name, strlen(name), &w), 0);
	ck_assert_uint_eq(w.len, 255);
	/* with a trailing dot it is the same 255 bytes */
	strcat(name, ".");
	ck_assert_int_eq(parse(ATTR_DOMAIN, name, &v), 0);
	strcpy(name, domain_of(w256, 4));
	expect_bad(ATTR_DOMAIN, name);
	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode(name, strlen(name), &w),
	    -EINVAL);

	/* the writer: exactly enough, then one byte short */
	strcpy(name, domain_of(many1, 10));
	wb_init(&w, buf, 21);
	ck_assert_int_eq(attrval_domain_encode(name, strlen(name), &w), 0);
	ck_assert_uint_eq(w.len, 21);
	wb_init(&w, buf, 20);
	ck_assert_int_eq(attrval_domain_encode(name, strlen(name), &w),
	    -ENOBUFS);
	/* nothing half-written, and the overflow sticks */
	ck_assert_uint_eq(w.len, 0);
	ck_assert_int_ne(w.overflow, 0);
	ck_assert_int_eq(attrval_domain_encode("a", 1, &w), -ENOBUFS);
}
END_TEST

START_TEST(test_bad_ipv4_ipv6)
{
	static const char *v4[] = {
		"", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
		"1.2.3.4x", "1.2.3.4/32", "::1", "1.2.3.-4", "0x1.2.3.4",
		"1.2.3.4 5", "1 .2.3.4", "999999999999999999999999999999999",
	};
	static const char *v6[] = {
		"", "2001:db8::g", "1.2.3.4", "2001:db8:::1", "2001:db8::1/64",
		"fe80::1%eth0", "[2001:db8::1]", "1:2:3:4:5:6:7:8:9",
		"2001:db8::1 2001:db8::2",
		"0000:0000:0000:0000:0000:0000:0000:0000:0000:0001",
	};
	size_t i;

	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++)
		expect_bad(ATTR_IPV4, v4[i]);
	for (i = 0; i < sizeof(v6) / sizeof(v6[0]); i++)
		expect_bad(ATTR_IPV6, v6[i]);
}
END_TEST

START_TEST(test_bad_integers)
{
	static const char *i16[] = {
		"", " ", "-1", "1.5", "0x10", "abc", "1 2", "+-1", "12a",
		"1e3", "-",
	};
	static const char *i32[] = {
		"", "--1", "-", "12a", "0x10", "1.0", "- 1", "1-", "+",
	};
	size_t i;

	for (i = 0; i < sizeof(i16) / sizeof(i16[0]); i++)
		expect_bad(ATTR_INT16, i16[i]);
	for (i = 0; i < sizeof(i32) / sizeof(i32[0]); i++)
		expect_bad(ATTR_INT32, i32[i]);
}
END_TEST

START_TEST(test_bad_string)
{
	expect_bad(ATTR_STRING, "");
	expect_bad(ATTR_STRING, rep('x', 300, ""));
}
END_TEST

START_TEST(test_bad_staticrt)
{
	static const char *bad[] = {
		"30.1.2.3/16,10.0.0.1",		/* host bits set */
		"30.1.0.0/33,10.0.0.1",
		"30.1.0.0/16",
		"30.1.0.0,10.0.0.1",
		"30.1.0.0/16,10.0.0.1,10.0.0.2",
		"30.1.0.0/,10.0.0.1",
		"30.1.0.0/16,",
		"/16,10.0.0.1",
		"30.1.0.0/-1,10.0.0.1",
		"30.1.0.0/16/16,10.0.0.1",
		"30.1.0.0/255.255.0.0,10.0.0.1",
		"30.1.0.0/16,2001:db8::1",
		"2001:db8::/32,10.0.0.1",
		",", "/", "",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_bad(ATTR_STATICRT, bad[i]);
}
END_TEST

START_TEST(test_bad_ia_pd)
{
	static const char *ia[] = {
		"0x,2001:db8::1", "0xzz,2001:db8::1", "4294967296,2001:db8::1",
		"1,2,2001:db8::1", "1,", ",2001:db8::1", "1,10.0.0.1",
		"-1,2001:db8::1", "0x-1,2001:db8::1", "x1,2001:db8::1",
		"0x 1,2001:db8::1", "2001:db8::1/128", "", ",",
	};
	static const char *pd[] = {
		"2001:db8::/129", "2001:db8::1/64", "2001:db8::/0",
		"2001:db8::", "0x1,2001:db8::", "0x,2001:db8::/64",
		"0xzz,2001:db8::/64", "1,2,2001:db8::/64", "2001:db8::/",
		"/64", "10.0.0.0/8", "2001:db8::/64/64", "2001:db8::/+64", "",
	};
	size_t i;

	for (i = 0; i < sizeof(ia) / sizeof(ia[0]); i++)
		expect_bad(ATTR_IA, ia[i]);
	for (i = 0; i < sizeof(pd) / sizeof(pd[0]); i++)
		expect_bad(ATTR_PD, pd[i]);
}
END_TEST

START_TEST(test_bad_domain)
{
	static const char *bad[] = {
		"", " ", ".", "..", "a..b", ".a", "a.com..", "a b.com",
		"tab\t.com", "\xc3\xa9.com", "a.\x01.com", "a\x7f.com",
	};
	uint8_t buf[64];
	struct wbuf w;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_bad(ATTR_DOMAIN, bad[i]);
		wb_init(&w, buf, sizeof(buf));
		ck_assert_int_eq(attrval_domain_encode(bad[i], strlen(bad[i]),
		    &w), -EINVAL);
		ck_assert_uint_eq(w.len, 0);
	}
	/* an embedded NUL inside len is not a name */
	wb_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(attrval_domain_encode("a\0b", 3, &w), -EINVAL);
	ck_assert_int_eq(attrval_domain_encode(NULL, 0, &w), -EINVAL);
}
END_TEST

START_TEST(test_bad_datatype_and_null)
{
	struct attr_value v;

	expect_bad(0, "1.2.3.4");
	expect_bad(10, "1.2.3.4");
	expect_bad(-1, "1.2.3.4");
	ck_assert_int_eq(attrval_parse(ATTR_IPV4, NULL, &v), -EINVAL);
}
END_TEST

static Suite *
attrval_suite(void)
{
	Suite *s = suite_create("attrval");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *malformed = tcase_create("malformed");

	tcase_add_test(core, test_ipv4_ipv6);
	tcase_add_test(core, test_integers);
	tcase_add_test(core, test_string);
	tcase_add_test(core, test_staticrt);
	tcase_add_test(core, test_ia_pd);
	tcase_add_test(core, test_domain);
	tcase_add_test(core, test_domain_encode);
	tcase_add_test(core, test_domain_encode_no_overread);
	tcase_add_test(limits, test_int_limits);
	tcase_add_test(limits, test_iaid_limits);
	tcase_add_test(limits, test_prefix_limits);
	tcase_add_test(limits, test_string_limits);
	tcase_add_test(limits, test_domain_limits);
	tcase_add_test(malformed, test_bad_ipv4_ipv6);
	tcase_add_test(malformed, test_bad_integers);
	tcase_add_test(malformed, test_bad_string);
	tcase_add_test(malformed, test_bad_staticrt);
	tcase_add_test(malformed, test_bad_ia_pd);
	tcase_add_test(malformed, test_bad_domain);
	tcase_add_test(malformed, test_bad_datatype_and_null);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, malformed);
	return s;
}

int
main(void)
{
	return tu_run_suite(attrval_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
