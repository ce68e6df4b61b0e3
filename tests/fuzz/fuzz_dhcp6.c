/*
 * DHCPv6 as pure functions, no database: dhcp6_parse (relay layers
 * included), dhcp6_validate, dhcp6_duid_key, dhcp6_handle for a fixed
 * client built from attribute text (client6_from_rows), and the reply
 * checked layer by layer.  Input: one control byte, then the UDP payload.
 * Control: bits 0-1 the client, bit 2 disable_ia_id, bit 3 a unicast
 * request, bit 4 zero default lifetimes.
 *   client 0: IA/TA/PD with and without IAIDs, lists, FQDN, 259-262, bad rows
 *   client 1: unicast option, T1 > T2 and pref > valid
 *   client 2: more than any reply holds
 *   client 3: nothing configured
 */
#include <string.h>

#include "responder/client.h"
#include "responder/db.h"
#include "responder/dhcp6.h"
#include "tests/fuzz/fuzz.h"

#define NCLIENTS	4

static struct db_result	results[NCLIENTS];
static struct client6	clients[NCLIENTS];

static void
row(struct db_result *r, uint32_t code, int dtype, const char *text)
{
	size_t len = strlen(text);
	struct db_row *rw;

	if (r->n >= DB_MAX_ROWS || r->arena_used + len + 1 > DB_ARENA_SIZE)
		abort();
	rw = &r->rows[r->n++];
	rw->opcode = code;
	rw->max_count = code >= 259 || code == 12 ? 1 : 100;
	rw->datatype = dtype;
	rw->value = r->arena + r->arena_used;
	memcpy(r->arena + r->arena_used, text, len + 1);
	r->arena_used += len + 1;
}

static void
client_full(struct db_result *r)
{
	row(r, 3, ATTR_IA, "2001:db8:1::10");
	row(r, 3, ATTR_IA, "0x10,2001:db8:1::11");
	row(r, 3, ATTR_IA, "1,2001:db8:1::12");
	row(r, 4, ATTR_IA, "2001:db8:1::20");
	row(r, 4, ATTR_IA, "7,2001:db8:1::21");
	row(r, 25, ATTR_PD, "2001:db8:100:1200::/56");
	row(r, 25, ATTR_PD, "1,2001:db8:100:1300::/56");
	row(r, 25, ATTR_PD, "0x10,2001:db8:100:1400::/56");
	row(r, 23, ATTR_IPV6, "2001:db8::53");
	row(r, 23, ATTR_IPV6, "2001:db8::54");
	row(r, 24, ATTR_DOMAIN, "example.com");
	row(r, 24, ATTR_DOMAIN, "lab.example.com.");
	row(r, 31, ATTR_IPV6, "2001:db8::123");
	row(r, 39, ATTR_STRING, "guest10.example.com");
	row(r, 39, ATTR_STRING, "second.example.com");
	row(r, 64, ATTR_STRING, "aftr.example.com");
	row(r, 82, ATTR_INT32, "3600");
	row(r, 83, ATTR_INT32, "-1");
	row(r, 44, ATTR_INT16, "5");
	row(r, 259, ATTR_INT32, "1000");
	row(r, 260, ATTR_INT32, "2000");
	row(r, 261, ATTR_INT32, "3000");
	row(r, 262, ATTR_INT32, "4000");
	/* bad rows and values with no DHCPv6 encoding */
	row(r, 23, ATTR_IPV6, "2001:db8::g");
	row(r, 3, ATTR_IA, "0xzz,2001:db8::1");
	row(r, 25, ATTR_PD, "2001:db8::/129");
	row(r, 24, ATTR_DOMAIN, "bad..name");
	row(r, 42, ATTR_IPV4, "192.0.2.1");
	row(r, 43, ATTR_STATICRT, "10.0.0.0/8,192.0.2.1");
	row(r, 41, 99, "x");
}

static void
client_unicast(struct db_result *r)
{
	row(r, 3, ATTR_IA, "2001:db8:1::110");
	row(r, 25, ATTR_PD, "2001:db8:100:2200::/56");
	row(r, 12, ATTR_IPV6, "2001:db8:1::1");
	row(r, 23, ATTR_IPV6, "2001:db8::53");
	row(r, 259, ATTR_INT32, "5000");
	row(r, 260, ATTR_INT32, "1000");
	row(r, 261, ATTR_INT32, "9000");
	row(r, 262, ATTR_INT32, "100");
}

static void
client_huge(struct db_result *r)
{
	char v[128];
	int i;

	for (i = 0; i < 100; i++) {
		if (i < 20) {
			snprintf(v, sizeof(v), "2001:db8:1::15:%x", i);
			row(r, 3, ATTR_IA, v);
			snprintf(v, sizeof(v), "2001:db8:150:%x00::/56", i);
			row(r, 25, ATTR_PD, v);
		}
		snprintf(v, sizeof(v), "2001:db8::53:%x", i);
		row(r, 23, ATTR_IPV6, v);
		row(r, 31, ATTR_IPV6, v);
		snprintf(v, sizeof(v), "host%03d.a-fairly-long-subdomain-"
		    "name.example.com", i);
		row(r, 24, ATTR_DOMAIN, v);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	fz_quiet_logs();
	client_full(&results[0]);
	client_unicast(&results[1]);
	client_huge(&results[2]);
	for (i = 0; i < NCLIENTS; i++) {
		snprintf(results[i].ifname, sizeof(results[i].ifname), "tap0");
		client6_from_rows(&results[i], "11020000000010", &clients[i]);
	}
	if (clients[0].n < 25 || clients[1].n != 8 || clients[3].n != 0)
		abort();
	return 0;
}

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The Relay-reply layers mirror the Relay-forward ones (RFC 8415 19.3):
 * hop count, addresses, Interface-ID verbatim.  Returns the inner reply. */
static const uint8_t *
check_relays(const struct dhcp6_msg *m, const uint8_t *b, size_t *len)
{
	size_t k, i;

	for (k = 0; k < m->n_relays; k++) {
		const struct dhcp6_relay *r = &m->relays[k];
		const uint8_t *inner = NULL;
		size_t inner_len = 0;
		bool iid = false;

		FZ_ASSERT(b[0] == DHCP6_RELAY_REPL && b[1] == r->hop_count &&
		    memcmp(b + 2, &r->link, 16) == 0 &&
		    memcmp(b + 18, &r->peer, 16) == 0);
		for (i = 34; i < *len; i += 4 + (size_t)rd16(b + i + 2)) {
			uint16_t code = rd16(b + i), olen = rd16(b + i + 2);

			if (code == D6O_RELAY_MSG) {
				inner = b + i + 4;
				inner_len = olen;
			} else {
				FZ_ASSERT(code == D6O_INTERFACE_ID && !iid &&
				    r->interface_id != NULL &&
				    olen == r->interface_id_len &&
				    memcmp(b + i + 4, r->interface_id,
				    olen) == 0);
				iid = true;
			}
		}
		FZ_ASSERT(iid == (r->interface_id != NULL) && inner != NULL);
		b = inner;
		*len = inner_len;
	}
	return b;
}

static bool
in_oro(const struct dhcp6_msg *m, uint16_t code)
{
	size_t i;

	for (i = 0; i < m->n_oro; i++)
		if (m->oro[i] == code)
			return true;
	return false;
}

/* One IA of the reply answers IA number k of the request: same type and
 * IAID, T1 <= T2, items of its kind with preferred <= valid. */
static void
check_ia(const struct dhcp6_msg *m, size_t k, uint16_t code, const uint8_t *p,
    size_t len)
{
	size_t fixed = code == D6O_IA_TA ? 4 : 12, i;

	FZ_ASSERT(k < m->n_ias && m->ias[k].type == code &&
	    rd32(p) == m->ias[k].iaid);
	if (code != D6O_IA_TA && rd32(p + 8) != 0)
		FZ_ASSERT(rd32(p + 4) <= rd32(p + 8));
	for (i = fixed; i < len; i += 4 + (size_t)rd16(p + i + 2)) {
		uint16_t sub = rd16(p + i);
		const uint8_t *q = p + i + 4;

		if (sub == D6O_IAADDR) {
			FZ_ASSERT(code != D6O_IA_PD);
			FZ_ASSERT(rd32(q + 16) <= rd32(q + 20));
		} else if (sub == D6O_IAPREFIX) {
			FZ_ASSERT(code == D6O_IA_PD);
			FZ_ASSERT(rd32(q) <= rd32(q + 4) && q[8] >= 1);
		} else
			FZ_ASSERT(sub == D6O_STATUS_CODE);
	}
}

/* RFC 8415 18.3: ids echoed, each option once, IAs in request order,
 * nothing the client did not ask for but what the server must send. */
static void
check_semantics(const struct dhcp6_params *p, const struct dhcp6_msg *m,
    const struct dhcp6_reply *rep)
{
	uint8_t seen[65536 / 8];
	const uint8_t *b;
	size_t len = rep->len, i, k = 0;
	bool rapid = false;

	b = check_relays(m, rep->buf, &len);
	FZ_ASSERT(b[0] == rep->type && memcmp(b + 1, m->xid, 3) == 0);
	FZ_ASSERT(rep->type == (m->type == DHCP6_SOLICIT && !m->rapid_commit ?
	    DHCP6_ADVERTISE : DHCP6_REPLY));
	memset(seen, 0, sizeof(seen));
	for (i = 4; i < len; i += 4 + (size_t)rd16(b + i + 2)) {
		uint16_t code = rd16(b + i), olen = rd16(b + i + 2);
		const uint8_t *body = b + i + 4;

		switch (code) {
		case D6O_IA_NA: case D6O_IA_TA: case D6O_IA_PD:
			check_ia(m, k++, code, body, olen);
			continue;
		case D6O_CLIENTID:
			FZ_ASSERT(olen == m->client_id_len &&
			    memcmp(body, m->client_id, olen) == 0);
			break;
		case D6O_SERVERID:
			FZ_ASSERT(olen == p->server_duid_len &&
			    memcmp(body, p->server_duid, olen) == 0);
			break;
		case D6O_RAPID_COMMIT:
			FZ_ASSERT(m->type == DHCP6_SOLICIT && m->rapid_commit &&
			    olen == 0);
			rapid = true;
			break;
		case D6O_STATUS_CODE:
		case D6O_UNICAST:
			break;
		default:
			FZ_ASSERT(in_oro(m, code));
			break;
		}
		FZ_ASSERT(!(seen[code / 8] & (1 << (code % 8))));
		seen[code / 8] |= 1 << (code % 8);
	}
	FZ_ASSERT(seen[D6O_SERVERID / 8] & (1 << (D6O_SERVERID % 8)));
	FZ_ASSERT(rapid == (m->type == DHCP6_SOLICIT && m->rapid_commit));
	/* every IA of the request gets its answer, when IAs are answered */
	if (k > 0)
		FZ_ASSERT(k == m->n_ias);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t server_duid[10] = { 0, 3, 0, 1, 0x22, 0xa8,
	    0x14, 0xba, 0x7c, 0x05 };
	static struct dhcp6_msg m;
	static struct dhcp6_reply rep;
	const struct client6 *c;
	struct dhcp6_params p;
	uint32_t t1, t2, pref, valid;
	const char *reason = NULL;
	char key[2 * DHCP6_DUID_MAX + 32];
	int type;

	if (size < 1)
		return 0;
	if (dhcp6_parse(data + 1, size - 1, &m, &reason) < 0 ||
	    dhcp6_validate(&m, &reason) < 0) {
		FZ_ASSERT(reason != NULL);
		return 0;
	}
	FZ_ASSERT(m.n_relays <= DHCP6_MAX_RELAYS && m.n_ias <= DHCP6_MAX_IAS &&
	    m.n_oro <= DHCP6_ORO_MAX &&
	    m.client_id_len <= DHCP6_DUID_MAX &&
	    m.server_id_len <= DHCP6_DUID_MAX);
	if (m.client_id_len > 0 && dhcp6_duid_key(m.client_id,
	    m.client_id_len, key, sizeof(key)) == 0)
		FZ_ASSERT(strnlen(key, sizeof(key)) < sizeof(key));
	c = &clients[data[0] & 3];
	memset(&p, 0, sizeof(p));
	if (!(data[0] & 0x10)) {
		p.t1 = 1000;
		p.t2 = 2000;
		p.pref = 3000;
		p.valid = 4000;
	}
	p.ignore_iaid = (data[0] & 0x04) != 0;
	p.unicast_request = (data[0] & 0x08) != 0;
	memcpy(p.server_duid, server_duid, sizeof(server_duid));
	p.server_duid_len = sizeof(server_duid);
	dhcp6_lifetimes(&p, c, &t1, &t2, &pref, &valid);
	FZ_ASSERT(t1 <= t2 && t2 <= pref && pref <= valid);
	type = dhcp6_handle(&p, &m, c, &rep);
	FZ_ASSERT(type == rep.type && rep.reason != NULL);
	if (type == 0)
		return 0;
	FZ_ASSERT(type == DHCP6_ADVERTISE || type == DHCP6_REPLY);
	FZ_ASSERT(m.n_relays > 0 ? rep.buf[0] == DHCP6_RELAY_REPL :
	    rep.buf[0] == type);
	fz_check_dhcp6_reply(rep.buf, rep.len);
	check_semantics(&p, &m, &rep);
	return 0;
}
