/*
 * Attribute text -> typed value -> option bytes.  The input, as a
 * NUL-terminated string, is parsed as every datatype (and some that do
 * not exist); each value that parses is checked and encoded as DHCPv4
 * (dhcp4_encode_values) and DHCPv6 (dhcp6_handle) options of the codes
 * that carry its type.  The raw input also goes to attrval_domain_encode,
 * into a small buffer and a big one, and, cut into lines, becomes a whole
 * client's configuration (as_list below).
 */
#include <arpa/inet.h>

#include <errno.h>
#include <string.h>

#include "common/cursor.h"
#include "responder/attrval.h"
#include "responder/dhcp4.h"
#include "responder/dhcp6.h"
#include "tests/fuzz/fuzz.h"

static struct client4		c4;
static struct client6		c6;
static struct dhcp6_msg		m6;
static struct dhcp6_reply	rep6;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_logs();
	return 0;
}

/* A well-formed RFC 1035 name of wire length len at p. */
static void
check_wire_name(const uint8_t *p, size_t len)
{
	size_t i = 0;

	FZ_ASSERT(len >= 2 && len <= 255);
	while (p[i] != 0) {
		FZ_ASSERT(p[i] <= 63 && i + 1 + p[i] < len);
		i += 1 + (size_t)p[i];
	}
	FZ_ASSERT(i == len - 1);
}

static void
check_value(int dt, const char *text, const struct attr_value *v)
{
	size_t n = strlen(text);

	FZ_ASSERT(v->datatype == dt);
	switch (dt) {
	case ATTR_STRING:
		FZ_ASSERT(v->u.string.ptr >= text && v->u.string.len >= 1 &&
		    v->u.string.len <= 255 &&
		    v->u.string.ptr + v->u.string.len <= text + n);
		break;
	case ATTR_DOMAIN:
		FZ_ASSERT(v->u.domain.ptr >= text && v->u.domain.len >= 1 &&
		    v->u.domain.ptr + v->u.domain.len <= text + n);
		break;
	case ATTR_STATICRT:
		FZ_ASSERT(v->u.route.plen <= 32);
		break;
	case ATTR_PD:
		FZ_ASSERT(v->u.pd.plen >= 1 && v->u.pd.plen <= 128);
		break;
	default:
		break;
	}
}

/* DHCPv4: the one value as option code; exact length when encodable. */
static void
encode4(const struct attr_value *v, uint8_t code)
{
	static uint8_t buf[2048];
	size_t len = 0, want = 0;
	int r;

	memset(&c4, 0, sizeof(c4));
	c4.n = 1;
	c4.values[0].code = code;
	c4.values[0].max_count = 1;
	c4.values[0].val = *v;
	r = dhcp4_encode_values(&c4, code, buf, sizeof(buf), &len);
	switch (v->datatype) {
	case ATTR_IPV4: want = 4; break;
	case ATTR_INT16: want = 2; break;
	case ATTR_INT32: want = 4; break;
	case ATTR_STRING: want = v->u.string.len; break;
	case ATTR_STATICRT:
		want = code == 33 ? 8 : 5 + (v->u.route.plen + 7) / 8;
		break;
	case ATTR_DOMAIN:
		FZ_ASSERT(r == 0);
		check_wire_name(buf, len);
		return;
	default:
		FZ_ASSERT(r == -ENOENT);
		return;
	}
	FZ_ASSERT(r == 0 && len == want);
}

/* DHCPv6: the value under two codes in an Information-request's ORO, or
 * in the IA of its type; the reply must be well-formed. */
static void
encode6(const struct attr_value *v, uint16_t code1, uint16_t code2)
{
	static const uint8_t duid[10] = { 0, 3, 0, 1, 0x22, 0xa8, 0x14,
	    0xba, 0x7c, 0x05 };
	struct dhcp6_params p;
	int type;

	memset(&p, 0, sizeof(p));
	p.t1 = 1000;
	p.t2 = 2000;
	p.pref = 3000;
	p.valid = 4000;
	memcpy(p.server_duid, duid, sizeof(duid));
	p.server_duid_len = sizeof(duid);
	c6.n = 2;
	c6.values[0].code = code1;
	c6.values[1].code = code2;
	c6.values[0].max_count = c6.values[1].max_count = 100;
	c6.values[0].val = c6.values[1].val = *v;
	memset(&m6, 0, sizeof(m6));
	m6.client_id_len = 10;
	memcpy(m6.client_id, duid, 10);
	if (code1 == D6O_IA_NA || code1 == D6O_IA_PD) {
		m6.type = DHCP6_REQUEST;
		m6.server_id_len = 10;
		memcpy(m6.server_id, duid, 10);
		m6.n_ias = 2;
		m6.has_ia = true;
		m6.ias[0].type = code1;
		m6.ias[1].type = code2;
		m6.ias[0].iaid = m6.ias[1].iaid = v->datatype == ATTR_PD ?
		    v->u.pd.iaid : v->u.ia.iaid;
	} else {
		m6.type = DHCP6_INFORMATION_REQUEST;
		m6.n_oro = 2;
		m6.oro[0] = code1;
		m6.oro[1] = code2;
	}
	type = dhcp6_handle(&p, &m6, &c6, &rep6);
	FZ_ASSERT(type == DHCP6_REPLY);
	fz_check_dhcp6_reply(rep6.buf, rep6.len);
}

static void
encode(const struct attr_value *v)
{
	switch (v->datatype) {
	case ATTR_IPV4:
		encode4(v, 6);
		encode6(v, 42, 23);
		break;
	case ATTR_IPV6:
		encode4(v, 150);
		encode6(v, 23, 12);
		break;
	case ATTR_INT16:
		encode4(v, 26);
		encode6(v, 44, 259);
		break;
	case ATTR_INT32:
		encode4(v, 2);
		encode6(v, 82, 259);
		break;
	case ATTR_STRING:
		encode4(v, 12);
		encode6(v, 39, 64);
		break;
	case ATTR_STATICRT:
		encode4(v, 33);
		encode4(v, 121);
		encode6(v, 43, 23);
		break;
	case ATTR_IA:
		encode4(v, 151);
		encode6(v, 3, 4);
		break;
	case ATTR_PD:
		encode4(v, 152);
		encode6(v, 25, 25);
		break;
	case ATTR_DOMAIN:
		encode4(v, 119);
		encode6(v, 24, 21);
		break;
	}
}

/* All or nothing: a name that does not fit leaves the buffer as it was. */
static void
domain_encode(const char *name, size_t len, size_t cap, size_t prefill)
{
	static uint8_t buf[512];
	struct wbuf w;
	int r;

	wb_init(&w, buf, cap);
	wb_put_zero(&w, prefill);
	r = attrval_domain_encode(name, len, &w);
	if (r == 0) {
		FZ_ASSERT(!w.overflow);
		check_wire_name(buf + prefill, w.len - prefill);
	} else {
		FZ_ASSERT(r == -EINVAL || r == -ENOBUFS);
		FZ_ASSERT(w.len == prefill);
	}
}

/*
 * The input as a list: each line "<tag> <value>" is one configured value
 * (tags below), all of them one client, answered as DHCPv4 with maximum
 * sizes 576 and 1472 and as DHCPv6.  This drives the layout code: RFC 3396
 * splits at 255, overload into file and sname, full buffers.  Oracle: no
 * silent loss -- a requested, encodable option is in the reply or counted
 * as truncated; a DHCPv6 reply is refused only for being too big.
 */
static const struct kind {
	char	tag;
	uint8_t	code4;		/* 0: none */
	uint16_t code6;		/* 0: none */
	int	datatype;
} kinds[] = {
	{ 'r', 121, 0, ATTR_STATICRT }, { 's', 33, 0, ATTR_STATICRT },
	{ 'd', 119, 24, ATTR_DOMAIN }, { 'a', 6, 0, ATTR_IPV4 },
	{ 'h', 12, 39, ATTR_STRING }, { 'v', 43, 64, ATTR_STRING },
	{ 'n', 26, 0, ATTR_INT16 }, { 'l', 2, 82, ATTR_INT32 },
	{ '6', 0, 23, ATTR_IPV6 }, { 'i', 0, 3, ATTR_IA },
	{ 'p', 0, 25, ATTR_PD },
};
#define NKINDS		(sizeof(kinds) / sizeof(kinds[0]))
#define LIST_MAX	256

static bool
reply4_has(const struct dhcp4_reply *rep, uint8_t code)
{
	int overload = 0, area;

	for (area = 0; area < 3; area++) {
		const uint8_t *p = rep->buf + (area == 0 ? DHCP4_MIN_LEN :
		    area == 1 ? DHCP4_FILE_OFF : DHCP4_SNAME_OFF);
		size_t len = area == 0 ? rep->len - DHCP4_MIN_LEN :
		    area == 1 ? DHCP4_FILE_LEN : DHCP4_SNAME_LEN, i = 0;

		if (area > 0 && !(overload & area))
			continue;
		while (i < len && p[i] != DHO_END) {
			if (p[i] == DHO_PAD) {
				i++;
				continue;
			}
			if (p[i] == code)
				return true;
			if (p[i] == DHO_OVERLOAD)
				overload = p[i + 2];
			i += 2 + (size_t)p[i + 1];
		}
	}
	return false;
}

static void
list4(const uint8_t *prl, size_t nprl, uint16_t max_size)
{
	static struct dhcp4_msg req;
	static struct dhcp4_reply rep;
	static uint8_t body[2048];
	struct dhcp4_params p;
	size_t i, len, missing = 0;
	int type;

	memset(&req, 0, sizeof(req));
	req.type = DHCPDISCOVER;
	req.htype = 1;
	req.hlen = 6;
	req.max_size = max_size;
	memcpy(req.prl, prl, nprl);
	req.prl_len = nprl;
	memset(&p, 0, sizeof(p));
	p.default_lease_time = 3600;
	p.max_lease_time = 7200;
	p.server_id.s_addr = htonl(0xc0000201);
	type = dhcp4_handle(&p, &req, &c4, &rep);
	FZ_ASSERT(type == DHCPOFFER);
	fz_check_dhcp4_reply(rep.buf, rep.len, (max_size > 576 ? max_size :
	    576) - 28);
	for (i = 0; i < nprl; i++)
		if (dhcp4_encode_values(&c4, prl[i], body, sizeof(body),
		    &len) != -ENOENT && !reply4_has(&rep, prl[i]))
			missing++;
	FZ_ASSERT(missing <= (size_t)rep.truncated);
}

static void
list6(const uint16_t *oro, size_t noro)
{
	static const uint8_t duid[10] = { 0, 3, 0, 1, 0x22, 0xa8, 0x14,
	    0xba, 0x7c, 0x05 };
	struct dhcp6_params p;
	int type, pass;

	memset(&p, 0, sizeof(p));
	p.t1 = 1000;
	p.t2 = 2000;
	p.pref = 3000;
	p.valid = 4000;
	memcpy(p.server_duid, duid, sizeof(duid));
	p.server_duid_len = sizeof(duid);
	for (pass = 0; pass < 2; pass++) {
		memset(&m6, 0, sizeof(m6));
		m6.client_id_len = 10;
		memcpy(m6.client_id, duid, 10);
		memcpy(m6.oro, oro, noro * sizeof(*oro));
		m6.n_oro = noro;
		if (pass == 0)
			m6.type = DHCP6_INFORMATION_REQUEST;
		else {
			m6.type = DHCP6_SOLICIT;
			m6.has_ia = true;
			m6.n_ias = 3;
			m6.ias[0].type = D6O_IA_NA;
			m6.ias[1].type = D6O_IA_PD;
			m6.ias[2].type = D6O_IA_TA;
		}
		type = dhcp6_handle(&p, &m6, &c6, &rep6);
		if (type == 0)
			FZ_ASSERT(strcmp(rep6.reason,
			    "reply larger than the buffer") == 0);
		else
			fz_check_dhcp6_reply(rep6.buf, rep6.len);
	}
}

static void
as_list(char *text)
{
	uint8_t prl[NKINDS];
	uint16_t oro[NKINDS];
	bool used[NKINDS];
	size_t nprl = 0, noro = 0, k;
	char *line, *save = NULL;

	memset(&c4, 0, sizeof(c4));
	memset(used, 0, sizeof(used));
	c4.has_address = true;
	c4.address.s_addr = htonl(0xc000020a);
	c6.n = 0;
	for (line = strtok_r(text, "\n", &save); line != NULL &&
	    c4.n < LIST_MAX; line = strtok_r(NULL, "\n", &save)) {
		struct attr_value v;

		for (k = 0; k < NKINDS && kinds[k].tag != line[0]; k++)
			;
		if (k == NKINDS || line[1] == '\0' ||
		    attrval_parse(kinds[k].datatype, line + 2, &v) < 0)
			continue;
		used[k] = true;
		if (kinds[k].code4 != 0) {
			c4.values[c4.n].code = kinds[k].code4;
			c4.values[c4.n].max_count = LIST_MAX;
			c4.values[c4.n++].val = v;
		}
		if (kinds[k].code6 != 0) {
			c6.values[c6.n].code = kinds[k].code6;
			c6.values[c6.n].max_count = LIST_MAX;
			c6.values[c6.n++].val = v;
		}
	}
	for (k = 0; k < NKINDS; k++) {
		if (used[k] && kinds[k].code4 != 0)
			prl[nprl++] = kinds[k].code4;
		if (used[k] && kinds[k].code6 != 0)
			oro[noro++] = kinds[k].code6;
	}
	if (nprl > 0) {
		list4(prl, nprl, 0);
		list4(prl, nprl, 1500);
	}
	if (c6.n > 0)
		list6(oro, noro);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct attr_value v;
	char *text;
	int dt;

	if ((text = malloc(size + 1)) == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (dt = 0; dt <= ATTR_DOMAIN + 1; dt++) {
		memset(&v, 0, sizeof(v));
		if (attrval_parse(dt, text, &v) == 0) {
			check_value(dt, text, &v);
			encode(&v);
		}
	}
	/* values kept while the list is answered: a second copy to cut up */
	memcpy(text, data, size);
	as_list(text);
	free(text);
	domain_encode((const char *)data, size, 512, 0);
	domain_encode((const char *)data, size, 64, 0);
	domain_encode((const char *)data, size, 300, 200);
	return 0;
}
