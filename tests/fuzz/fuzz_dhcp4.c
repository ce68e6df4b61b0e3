/*
 * DHCPv4 as pure functions, no database: dhcp4_parse, then dhcp4_handle
 * for a fixed client built from attribute text (client4_from_rows, so
 * attrval_parse), the reply checked option by option and wrapped in a
 * frame that must parse back.  Input: one control byte, then the UDP
 * payload.  Control: bits 0-1 the client, bits 2-3 the lease parameters.
 *   client 0: address, server id, every datatype, lists, bad rows
 *   client 1: options only (INFORM), no address
 *   client 2: more options than any reply holds
 *   client 3: an address and nothing else
 */
#include <arpa/inet.h>
#include <string.h>

#include "responder/client.h"
#include "responder/db.h"
#include "responder/dhcp4.h"
#include "responder/frame.h"
#include "tests/fuzz/fuzz.h"

#define NCLIENTS	4

static struct db_result	results[NCLIENTS];	/* the rows' text lives here */
static struct client4	clients[NCLIENTS];

static void
row(struct db_result *r, uint32_t code, uint32_t max_count, int dtype,
    const char *text)
{
	size_t len = strlen(text);
	struct db_row *rw;

	if (r->n >= DB_MAX_ROWS || r->arena_used + len + 1 > DB_ARENA_SIZE)
		abort();
	rw = &r->rows[r->n++];
	rw->opcode = code;
	rw->max_count = max_count;
	rw->datatype = dtype;
	rw->value = r->arena + r->arena_used;
	memcpy(r->arena + r->arena_used, text, len + 1);
	r->arena_used += len + 1;
}

static void
client_full(struct db_result *r)
{
	char v[300];
	int i;

	row(r, 256, 1, ATTR_IPV4, "192.0.2.10");
	row(r, 258, 1, ATTR_IPV4, "192.0.2.1");
	row(r, 1, 1, ATTR_IPV4, "255.255.255.0");
	for (i = 1; i <= 4; i++) {
		snprintf(v, sizeof(v), "192.0.2.%d", i);
		row(r, 3, 3, ATTR_IPV4, v);
	}
	row(r, 6, 100, ATTR_IPV4, "192.0.2.53");
	row(r, 6, 100, ATTR_IPV4, "198.51.100.53");
	row(r, 2, 1, ATTR_INT32, "-3600");
	row(r, 26, 1, ATTR_INT16, "1500");
	row(r, 12, 1, ATTR_STRING, "guest10");
	row(r, 15, 1, ATTR_STRING, "example.com");
	row(r, 28, 1, ATTR_IPV4, "192.0.2.255");
	row(r, 42, 100, ATTR_IPV4, "192.0.2.123");
	row(r, 33, 100, ATTR_STATICRT, "10.0.0.0/8,192.0.2.1");
	row(r, 33, 100, ATTR_STATICRT, "172.16.0.0/12,192.0.2.2");
	row(r, 121, 100, ATTR_STATICRT, "0.0.0.0/0,192.0.2.1");
	row(r, 121, 100, ATTR_STATICRT, "192.0.2.128/25,192.0.2.1");
	row(r, 121, 100, ATTR_STATICRT, "203.0.113.7/32,192.0.2.1");
	for (i = 0; i < 36; i++) {
		snprintf(v, sizeof(v), "10.%d.0.0/16,192.0.2.1", i);
		row(r, 121, 100, ATTR_STATICRT, v);
	}
	row(r, 119, 100, ATTR_DOMAIN, "example.com");
	row(r, 119, 100, ATTR_DOMAIN, "lab.example.com.");
	row(r, 119, 100, ATTR_DOMAIN, "x.y.z");
	/* bad rows and values with no DHCPv4 encoding: skipped */
	row(r, 1, 1, ATTR_IPV4, "255.255.255.256");
	row(r, 26, 1, ATTR_INT16, "70000");
	row(r, 121, 100, ATTR_STATICRT, "30.1.0.0/33,x");
	row(r, 119, 100, ATTR_DOMAIN, "a..b");
	row(r, 150, 1, ATTR_IPV6, "2001:db8::1");
	row(r, 151, 1, ATTR_IA, "1,2001:db8::1");
	row(r, 152, 1, ATTR_PD, "2001:db8::/48");
	row(r, 40, 0, ATTR_STRING, "max_count 0");
	row(r, 45, 1, 99, "unknown datatype");
}

static void
client_options_only(struct db_result *r)
{
	row(r, 6, 100, ATTR_IPV4, "192.0.2.53");
	row(r, 15, 1, ATTR_STRING, "example.net");
	row(r, 119, 100, ATTR_DOMAIN, "example.net");
	row(r, 258, 1, ATTR_IPV4, "192.0.2.1");
}

static void
client_huge(struct db_result *r)
{
	char v[300];
	int i;

	row(r, 256, 1, ATTR_IPV4, "192.0.2.15");
	for (i = 0; i < 100; i++) {
		snprintf(v, sizeof(v), "10.%d.%d.0/24,192.0.2.1", i / 10, i);
		row(r, 121, 100, ATTR_STATICRT, v);
		snprintf(v, sizeof(v), "10.%d.0.0/16,192.0.2.1", i);
		row(r, 33, 100, ATTR_STATICRT, v);
		snprintf(v, sizeof(v), "192.0.2.%d", i + 100);
		row(r, 6, 100, ATTR_IPV4, v);
		row(r, 4, 100, ATTR_IPV4, v);
		snprintf(v, sizeof(v), "host%03d.a-fairly-long-subdomain-"
		    "name.example.com", i);
		row(r, 119, 100, ATTR_DOMAIN, v);
	}
	memset(v, 's', 255);
	v[255] = '\0';
	row(r, 12, 1, ATTR_STRING, v);
	row(r, 15, 1, ATTR_STRING, v);
	row(r, 47, 1, ATTR_STRING, v);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	fz_quiet_logs();
	client_full(&results[0]);
	client_options_only(&results[1]);
	client_huge(&results[2]);
	row(&results[3], 256, 1, ATTR_IPV4, "192.0.2.13");
	for (i = 0; i < NCLIENTS; i++) {
		snprintf(results[i].ifname, sizeof(results[i].ifname), "tap0");
		client4_from_rows(&results[i], "02:00:00:00:00:10",
		    &clients[i]);
	}
	if (!clients[0].has_address || clients[0].n < 50 ||
	    clients[1].has_address || !clients[3].has_address)
		abort();
	return 0;
}

static size_t
size_limit(const struct dhcp4_msg *req)
{
	size_t limit = req->max_size > DHCP4_MIN_MAX_SIZE ? req->max_size :
	    DHCP4_MIN_MAX_SIZE;

	limit -= DHCP4_UDP_IP_LEN;
	return limit > DHCP4_REPLY_MAX ? DHCP4_REPLY_MAX : limit;
}

/* The reply goes in a frame that parses back to the same bytes. */
static void
check_frame(const struct dhcp4_params *p, const struct dhcp4_reply *rep)
{
	static const uint8_t srv_mac[6] = { 0x22, 0xa8, 0x14, 0xba, 0x7c, 5 };
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static uint8_t frame[FRAME_MAX];
	struct frame_info fi;
	const char *reason;
	size_t len;

	FZ_ASSERT(rep->dest != DEST_NONE);
	if (rep->dest == DEST_FRAME_BROADCAST)
		FZ_ASSERT(memcmp(rep->dst_mac, bcast, 6) == 0 &&
		    rep->dst_ip.s_addr == INADDR_BROADCAST);
	FZ_ASSERT(frame_build4(frame, sizeof(frame), srv_mac, rep->dst_mac,
	    p->server_id, rep->dst_ip, 67, rep->dst_port, rep->buf, rep->len,
	    &len) == 0);
	FZ_ASSERT(frame_parse(frame, len, CSUM_UNKNOWN, &fi, &reason) == 0);
	FZ_ASSERT(fi.payload_len == rep->len &&
	    memcmp(fi.payload, rep->buf, rep->len) == 0);
}

/* What a reply may carry (RFC 2131 4.3.1 table 3, SPEC 5, bad-inputs C6,
 * C19): the server's own options, else only what the client asked for. */
static bool
option_allowed(const struct dhcp4_msg *req, uint8_t type, uint8_t code)
{
	size_t i;

	switch (code) {
	case DHO_MESSAGE_TYPE: case DHO_SERVER_ID: case DHO_OVERLOAD:
		return true;
	case DHO_LEASE_TIME: case DHO_RENEWAL_TIME: case DHO_REBINDING_TIME:
		return type != DHCPNAK && req->type != DHCPINFORM;
	case DHO_MESSAGE:
		return type == DHCPNAK;
	case DHO_CLIENT_ID:
		return req->has_client_id;
	case DHO_RELAY_AGENT_INFO:
		return req->has_relay_info && req->giaddr.s_addr != 0;
	}
	if (type == DHCPNAK)
		return false;
	for (i = 0; i < req->prl_len; i++)
		if (req->prl[i] == code)
			return true;
	return false;
}

struct opt_walk {
	uint8_t		state[256];	/* 0 unseen, 1 in its run, 2 done */
	int		prev;
	int		overload;
};

/* One area: each option allowed, each code in one run of instances
 * (RFC 3396 splits are consecutive), type and server id right. */
static void
semantics_area(struct opt_walk *ow, const uint8_t *p, size_t len,
    const struct dhcp4_msg *req, const struct dhcp4_params *prm, uint8_t type)
{
	size_t i = 0;

	while (i < len && p[i] != DHO_END) {
		uint8_t code = p[i];

		if (code == DHO_PAD) {
			i++;
			continue;
		}
		FZ_ASSERT(option_allowed(req, type, code));
		if (code != ow->prev) {
			FZ_ASSERT(ow->state[code] == 0);
			if (ow->prev >= 0)
				ow->state[ow->prev] = 2;
			ow->state[code] = 1;
			ow->prev = code;
		}
		if (code == DHO_MESSAGE_TYPE)
			FZ_ASSERT(p[i + 1] == 1 && p[i + 2] == type);
		if (code == DHO_SERVER_ID)
			FZ_ASSERT(p[i + 1] == 4 &&
			    memcmp(p + i + 2, &prm->server_id, 4) == 0);
		if (code == DHO_OVERLOAD)
			ow->overload = p[i + 2];
		i += 2 + (size_t)p[i + 1];
	}
}

static void
check_semantics(const struct dhcp4_params *prm, const struct dhcp4_msg *req,
    const struct client4 *c, const struct dhcp4_reply *rep)
{
	const uint8_t *b = rep->buf;
	struct opt_walk ow;
	struct in_addr yi;

	FZ_ASSERT(memcmp(b + 4, &req->xid, 4) == 0 &&
	    memcmp(b + 28, req->chaddr, 16) == 0);
	memcpy(&yi, b + 16, 4);
	if (rep->type == DHCPOFFER ||
	    (rep->type == DHCPACK && req->type != DHCPINFORM))
		FZ_ASSERT(c->has_address && yi.s_addr == c->address.s_addr);
	else
		FZ_ASSERT(yi.s_addr == 0);
	memset(&ow, 0, sizeof(ow));
	ow.prev = -1;
	semantics_area(&ow, b + DHCP4_MIN_LEN, rep->len - DHCP4_MIN_LEN, req,
	    prm, rep->type);
	if (ow.overload & 1)
		semantics_area(&ow, b + DHCP4_FILE_OFF, DHCP4_FILE_LEN, req,
		    prm, rep->type);
	if (ow.overload & 2)
		semantics_area(&ow, b + DHCP4_SNAME_OFF, DHCP4_SNAME_LEN, req,
		    prm, rep->type);
	FZ_ASSERT(ow.state[DHO_MESSAGE_TYPE] != 0 &&
	    ow.state[DHO_SERVER_ID] != 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t leases[4][2] = {
		{ 3600, 7200 }, { 60, 60 }, { UINT32_MAX, UINT32_MAX },
		{ 7200, 3600 },
	};
	static struct dhcp4_msg req;
	static struct dhcp4_reply rep;
	const struct client4 *c;
	struct dhcp4_params p;
	const char *reason = NULL;
	int type;

	if (size < 1)
		return 0;
	if (dhcp4_parse(data + 1, size - 1, &req, &reason) < 0) {
		FZ_ASSERT(reason != NULL);
		return 0;
	}
	FZ_ASSERT(req.type >= 1 && req.type <= 18 && req.hlen == 6 &&
	    req.prl_len <= sizeof(req.prl) &&
	    req.client_id_len <= sizeof(req.client_id) &&
	    req.relay_info_len <= sizeof(req.relay_info));
	c = &clients[data[0] & 3];
	memset(&p, 0, sizeof(p));
	p.default_lease_time = leases[(data[0] >> 2) & 3][0];
	p.max_lease_time = leases[(data[0] >> 2) & 3][1];
	inet_pton(AF_INET, "192.0.2.1", &p.server_id);
	if (c->has_server_id)
		p.server_id = c->server_id;
	type = dhcp4_handle(&p, &req, c, &rep);
	FZ_ASSERT(type == rep.type && rep.reason != NULL);
	if (type == 0)
		return 0;
	FZ_ASSERT(type == DHCPOFFER || type == DHCPACK || type == DHCPNAK);
	if (req.type == DHCPDISCOVER)
		FZ_ASSERT(type == DHCPOFFER);
	fz_check_dhcp4_reply(rep.buf, rep.len, size_limit(&req));
	check_semantics(&p, &req, c, &rep);
	check_frame(&p, &rep);
	return 0;
}
