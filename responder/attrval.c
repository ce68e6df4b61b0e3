/*
 * Attribute values as the controller writes them (SPEC section 4, "Values
 * by datatype"; section 8).  Rows are semi-trusted: everything here works
 * on (pointer, length) spans of the row's text and never looks beyond them,
 * and anything that is not exactly one of the documented forms is -EINVAL
 * so the caller skips the row.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/cursor.h"
#include "responder/attrval.h"

#define STRING_MAX	255	/* one DHCP option body */
#define DOMAIN_WIRE_MAX	255	/* RFC 1035 2.3.4, terminating zero included */
#define LABEL_MAX	63	/* RFC 1035 2.3.4 */

struct span {
	const char	*p;
	size_t		 n;
};

static bool
is_blank(char c)
{
	/* Not isspace(): the locale must not change what a row means. */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The old controller writes "iaid, addr" at times: blanks around parts. */
static struct span
span_trim(struct span s)
{
	while (s.n > 0 && is_blank(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && is_blank(s.p[s.n - 1]))
		s.n--;
	return s;
}

/* Split at the first sep, both halves trimmed; -1 when there is none. */
static int
span_split(struct span s, char sep, struct span *left, struct span *right)
{
	const char *at = memchr(s.p, sep, s.n);

	if (at == NULL)
		return -1;
	left->p = s.p;
	left->n = (size_t)(at - s.p);
	right->p = at + 1;
	right->n = s.n - left->n - 1;
	*left = span_trim(*left);
	*right = span_trim(*right);
	return 0;
}

static bool
span_has(struct span s, char c)
{
	return memchr(s.p, c, s.n) != NULL;
}

/* Unsigned decimal, digits only, at most max. */
static int
parse_dec(struct span s, uint64_t max, uint64_t *ret)
{
	uint64_t v = 0;
	size_t i;

	if (s.n == 0)
		return -EINVAL;
	for (i = 0; i < s.n; i++) {
		unsigned d;

		if (!is_digit(s.p[i]))
			return -EINVAL;
		d = (unsigned)(s.p[i] - '0');
		if (d > max || v > (max - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*ret = v;
	return 0;
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "0x" + hex as the old controller writes it, or decimal; 32 bits. */
static int
parse_iaid(struct span s, uint32_t *ret)
{
	uint64_t v = 0;
	size_t i;

	if (s.n >= 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X')) {
		if (s.n == 2)
			return -EINVAL;
		for (i = 2; i < s.n; i++) {
			int d = hex_digit(s.p[i]);

			if (d < 0)
				return -EINVAL;
			v = v << 4 | (unsigned)d;
			if (v > UINT32_MAX)
				return -EINVAL;
		}
	} else if (parse_dec(s, UINT32_MAX, &v) < 0)
		return -EINVAL;
	*ret = (uint32_t)v;
	return 0;
}

/* inet_pton wants a C string: copy the span, refusing what cannot fit. */
static int
parse_addr(int af, struct span s, void *ret)
{
	char buf[INET6_ADDRSTRLEN];

	if (s.n == 0 || s.n >= sizeof(buf) || memchr(s.p, '\0', s.n) != NULL)
		return -EINVAL;
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	return inet_pton(af, buf, ret) == 1 ? 0 : -EINVAL;
}

static int
parse_int32(struct span s, uint32_t *ret)
{
	uint64_t v;

	if (s.n > 0 && s.p[0] == '-') {
		s.p++;
		s.n--;
		if (parse_dec(s, (uint64_t)INT32_MAX + 1, &v) < 0)
			return -EINVAL;
		/* two's complement bits of -v */
		*ret = (uint32_t)(0 - v);
		return 0;
	}
	if (parse_dec(s, UINT32_MAX, &v) < 0)
		return -EINVAL;
	*ret = (uint32_t)v;
	return 0;
}

/* "a.b.c.d/len,gateway"; a network with host bits set is a bad row. */
static int
parse_route(struct span s, struct attr_value *ret)
{
	struct span cidr, gw, net, len;
	uint64_t plen;
	uint32_t mask;

	if (span_split(s, ',', &cidr, &gw) < 0 || span_has(gw, ',') ||
	    span_split(cidr, '/', &net, &len) < 0 ||
	    parse_dec(len, 32, &plen) < 0 ||
	    parse_addr(AF_INET, net, &ret->u.route.net) < 0 ||
	    parse_addr(AF_INET, gw, &ret->u.route.gw) < 0)
		return -EINVAL;
	mask = plen == 0 ? 0 : UINT32_MAX << (32 - plen);
	if ((ntohl(ret->u.route.net.s_addr) & ~mask) != 0)
		return -EINVAL;
	ret->u.route.plen = (uint8_t)plen;
	return 0;
}

/* "[iaid,]address" */
static int
parse_ia(struct span s, struct attr_value *ret)
{
	struct span iaid, addr;

	ret->u.ia.has_iaid = false;
	ret->u.ia.iaid = 0;
	if (span_split(s, ',', &iaid, &addr) == 0) {
		if (parse_iaid(iaid, &ret->u.ia.iaid) < 0)
			return -EINVAL;
		ret->u.ia.has_iaid = true;
		s = addr;
	}
	return parse_addr(AF_INET6, s, &ret->u.ia.addr);
}

static bool
v6_host_bits_clear(const struct in6_addr *a, unsigned plen)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		unsigned keep = plen >= 8 * (i + 1) ? 8 :
		    plen > 8 * i ? plen - 8 * i : 0;
		uint8_t hostmask = (uint8_t)(0xff >> keep);

		if ((a->s6_addr[i] & hostmask) != 0)
			return false;
	}
	return true;
}

/* "[iaid,]prefix/len" */
static int
parse_pd(struct span s, struct attr_value *ret)
{
	struct span iaid, rest, pfx, len;
	uint64_t plen;

	ret->u.pd.has_iaid = false;
	ret->u.pd.iaid = 0;
	if (span_split(s, ',', &iaid, &rest) == 0) {
		if (parse_iaid(iaid, &ret->u.pd.iaid) < 0)
			return -EINVAL;
		ret->u.pd.has_iaid = true;
		s = rest;
	}
	if (span_split(s, '/', &pfx, &len) < 0 ||
	    parse_dec(len, 128, &plen) < 0 || plen < 1 ||
	    parse_addr(AF_INET6, pfx, &ret->u.pd.prefix) < 0 ||
	    !v6_host_bits_clear(&ret->u.pd.prefix, (unsigned)plen))
		return -EINVAL;
	ret->u.pd.plen = (uint8_t)plen;
	return 0;
}

/*
 * Labels of 1..63 printable characters other than blank and dot; one
 * trailing dot (the root) allowed.  Liberal on purpose: controllers use
 * underscores and the like, and the client only needs the wire form.
 * Returns the wire length (labels + terminating zero) or -EINVAL.
 */
static int
domain_check(const char *name, size_t len)
{
	size_t i, label = 0, wire = 1;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '.') {
			if (label == 0)
				return -EINVAL;
			label = 0;
			continue;
		}
		if (c <= 0x20 || c >= 0x7f)
			return -EINVAL;
		if (label == 0)
			wire++;		/* the length byte */
		if (++label > LABEL_MAX)
			return -EINVAL;
		if (++wire > DOMAIN_WIRE_MAX)
			return -EINVAL;
	}
	/* "a..b" is caught above; a name ending in ".." leaves label 0 */
	if (label == 0)
		return -EINVAL;
	return (int)wire;
}

int
attrval_domain_encode(const char *name, size_t len, struct wbuf *w)
{
	size_t i, start;
	int wire;

	if (name == NULL || (wire = domain_check(name, len)) < 0)
		return -EINVAL;
	/* All or nothing: a reply never carries half a name. */
	if (w->overflow || (size_t)wire > wb_left(w)) {
		w->overflow = 1;
		return -ENOBUFS;
	}
	if (name[len - 1] == '.')
		len--;
	for (start = 0, i = 0; i <= len; i++) {
		if (i < len && name[i] != '.')
			continue;
		if (wb_put_u8(w, (uint8_t)(i - start)) < 0 ||
		    wb_put_bytes(w, name + start, i - start) < 0)
			return -ENOBUFS;
		start = i + 1;
	}
	return wb_put_u8(w, 0);
}

int
attrval_parse(int datatype, const char *text, struct attr_value *ret)
{
	struct attr_value v;
	struct span raw, s;
	uint64_t u;

	if (text == NULL)
		return -EINVAL;
	memset(&v, 0, sizeof(v));
	v.datatype = datatype;
	raw.p = text;
	raw.n = strlen(text);
	s = span_trim(raw);

	switch (datatype) {
	case ATTR_IPV4:
		if (parse_addr(AF_INET, s, &v.u.ipv4) < 0)
			return -EINVAL;
		break;
	case ATTR_IPV6:
		if (parse_addr(AF_INET6, s, &v.u.ipv6) < 0)
			return -EINVAL;
		break;
	case ATTR_INT16:
		if (parse_dec(s, UINT16_MAX, &u) < 0)
			return -EINVAL;
		v.u.int16 = (uint16_t)u;
		break;
	case ATTR_INT32:
		if (parse_int32(s, &v.u.int32) < 0)
			return -EINVAL;
		break;
	case ATTR_STRING:
		/* Raw: blanks are the controller's business. */
		if (raw.n == 0 || raw.n > STRING_MAX)
			return -EINVAL;
		v.u.string.ptr = raw.p;
		v.u.string.len = raw.n;
		break;
	case ATTR_STATICRT:
		if (parse_route(s, &v) < 0)
			return -EINVAL;
		break;
	case ATTR_IA:
		if (parse_ia(s, &v) < 0)
			return -EINVAL;
		break;
	case ATTR_PD:
		if (parse_pd(s, &v) < 0)
			return -EINVAL;
		break;
	case ATTR_DOMAIN:
		if (domain_check(s.p, s.n) < 0)
			return -EINVAL;
		v.u.domain.ptr = s.p;
		v.u.domain.len = s.n;
		break;
	default:
		return -EINVAL;
	}
	*ret = v;
	return 0;
}
