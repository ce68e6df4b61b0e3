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
	return 0;
}
