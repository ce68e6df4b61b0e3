/*
 * Parsing DHCPv6 from untrusted bytes: Relay-forward layers peeled
 * iteratively (bounded), one TLV walker for the client message, IA bodies
 * walked one level deep.  Any option whose length runs past its container
 * makes the whole message malformed (SPEC 8).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/cursor.h"
#include "responder/dhcp6.h"

#define RELAY_HDR_LEN	34

static int
bad(const char **reason, const char *why)
{
	*reason = why;
	return -EBADMSG;
}

/* Next option of a container: code and a cursor on its body. */
static int
next_option(struct cursor *c, uint16_t *code, struct cursor *body,
    const char **reason)
{
	uint16_t len;

	if (cur_get_u16(c, code) < 0 || cur_get_u16(c, &len) < 0)
		return bad(reason, "truncated option header");
	if (cur_sub(c, len, body) < 0)
		return bad(reason, "option length past its container");
	return 0;
}

static int
parse_duid(struct cursor *body, uint8_t *dst, size_t *dst_len, int seen,
    const char **reason)
{
	size_t n = cur_left(body);

	/* type plus at least one byte; RFC 8415 11.1: at most 128 */
	if (seen || n < 3 || n > DHCP6_DUID_MAX)
		return bad(reason, "bad or repeated DUID option");
	cur_get_bytes(body, dst, n);
	if (dst[0] == 0 && dst[1] == 0)
		return bad(reason, "DUID of type 0");
	*dst_len = n;
	return 0;
}

/* IAADDR (24+) or IAPREFIX (25+): the address or prefix the client holds. */
static int
parse_ia_item(struct dhcp6_ia *ia, uint16_t code, struct cursor *body,
    const char **reason)
{
	struct dhcp6_held h;

	memset(&h, 0, sizeof(h));
	if (code == D6O_IAADDR && ia->type != D6O_IA_PD) {
		if (cur_get_bytes(body, &h.addr, 16) < 0 || cur_skip(body, 8) < 0)
			return bad(reason, "IAADDR shorter than 24");
		h.plen = 128;
	} else if (code == D6O_IAPREFIX && ia->type == D6O_IA_PD) {
		if (cur_skip(body, 8) < 0 || cur_get_u8(body, &h.plen) < 0 ||
		    cur_get_bytes(body, &h.addr, 16) < 0)
			return bad(reason, "IAPREFIX shorter than 25");
		if (h.plen == 0 || h.plen > 128)
			return bad(reason, "IAPREFIX length out of range");
	} else
		return 0;	/* status codes etc.: nothing we need */
	/* the item's own sub-options are not walked: no recursion (E7) */
	if (ia->n_held < DHCP6_MAX_IA_ITEMS)
		ia->held[ia->n_held++] = h;
	return 0;
}

static int
parse_ia(struct dhcp6_msg *m, uint16_t type, struct cursor *body,
    const char **reason)
{
	struct dhcp6_ia ia;
	struct cursor sub;
	uint16_t code;
	size_t fixed = type == D6O_IA_TA ? 4 : 12;

	memset(&ia, 0, sizeof(ia));
	ia.type = type;
	if (cur_left(body) < fixed)
		return bad(reason, "IA option too short");
	cur_get_u32(body, &ia.iaid);
	cur_skip(body, fixed - 4);	/* T1/T2 hints are ignored */
	while (cur_left(body) > 0) {
		if (next_option(body, &code, &sub, reason) < 0 ||
		    parse_ia_item(&ia, code, &sub, reason) < 0)
			return -EBADMSG;
	}
	m->has_ia = true;
	if (m->n_ias < DHCP6_MAX_IAS)
		m->ias[m->n_ias++] = ia;
	return 0;
}

static int
parse_oro(struct dhcp6_msg *m, struct cursor *body, const char **reason)
{
	if (cur_left(body) % 2 != 0)
		return bad(reason, "odd-length ORO");
	while (cur_left(body) > 0) {
		uint16_t code;

		cur_get_u16(body, &code);
		if (m->n_oro < DHCP6_ORO_MAX)
			m->oro[m->n_oro++] = code;
	}
	return 0;
}

static int
parse_client_msg(struct dhcp6_msg *m, struct cursor *c, const char **reason)
{
	struct cursor body;
	uint16_t code;

	if (cur_get_u8(c, &m->type) < 0 || cur_get_bytes(c, m->xid, 3) < 0)
		return bad(reason, "shorter than a DHCPv6 header");
	/* D1: a header alone is dropped, inside a relay as well */
	if (cur_left(c) == 0)
		return bad(reason, "no options after the header");
	while (cur_left(c) > 0) {
		if (next_option(c, &code, &body, reason) < 0)
			return -EBADMSG;
		switch (code) {
		case D6O_CLIENTID:
			if (parse_duid(&body, m->client_id, &m->client_id_len,
			    m->client_id_len != 0, reason) < 0)
				return -EBADMSG;
			break;
		case D6O_SERVERID:
			if (parse_duid(&body, m->server_id, &m->server_id_len,
			    m->server_id_len != 0, reason) < 0)
				return -EBADMSG;
			break;
		case D6O_IA_NA:
		case D6O_IA_TA:
		case D6O_IA_PD:
			if (parse_ia(m, code, &body, reason) < 0)
				return -EBADMSG;
			break;
		case D6O_ORO:
			if (parse_oro(m, &body, reason) < 0)
				return -EBADMSG;
			break;
		case D6O_RAPID_COMMIT:
			/* RFC 8415 21.14: no body; one with a body is
			 * not a Rapid Commit we honour (E11) */
			if (cur_left(&body) == 0)
				m->rapid_commit = true;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* One Relay-forward layer; *ret_inner is its Relay-message body. */
static int
parse_relay(struct dhcp6_relay *r, struct cursor *c, struct cursor *inner,
    const char **reason)
{
	struct cursor body;
	uint16_t code, hw;
	int have_msg = 0;

	cur_skip(c, 1);
	if (cur_get_u8(c, &r->hop_count) < 0 ||
	    cur_get_bytes(c, &r->link, 16) < 0 ||
	    cur_get_bytes(c, &r->peer, 16) < 0)
		return bad(reason, "Relay-forward shorter than its header");
	if (r->hop_count >= DHCP6_MAX_RELAYS)
		return bad(reason, "relay hop count over the limit");
	while (cur_left(c) > 0) {
		if (next_option(c, &code, &body, reason) < 0)
			return -EBADMSG;
		if (code == D6O_RELAY_MSG) {
			if (have_msg || cur_left(&body) == 0)
				return bad(reason, "empty or repeated Relay-message");
			*inner = body;
			have_msg = 1;
		} else if (code == D6O_INTERFACE_ID) {
			r->interface_id = cur_ptr(&body);
			r->interface_id_len = cur_left(&body);
		} else if (code == D6O_CLIENT_LINKLAYER_ADDR &&
		    cur_left(&body) == 8 && cur_get_u16(&body, &hw) == 0 &&
		    hw == 1) {
			cur_get_bytes(&body, r->lladdr, 6);
			r->has_lladdr = true;	/* RFC 6939, Ethernet */
		}
	}
	if (!have_msg)
		return bad(reason, "Relay-forward without Relay-message");
	return 0;
}

int
dhcp6_parse(const uint8_t *buf, size_t len, struct dhcp6_msg *m,
    const char **reason)
{
	struct cursor c;

	memset(m, 0, offsetof(struct dhcp6_msg, relays));
	cur_init(&c, buf, len);
	if (len <= 4)
		return bad(reason, "no options after the header");
	/* iterative: the nesting limit bounds the work (D5) */
	while (cur_left(&c) > 0 && *cur_ptr(&c) == DHCP6_RELAY_FORW) {
		struct cursor inner;

		if (m->n_relays >= DHCP6_MAX_RELAYS)
			return bad(reason, "relay nesting deeper than 32");
		memset(&m->relays[m->n_relays], 0, sizeof(m->relays[0]));
		if (parse_relay(&m->relays[m->n_relays], &c, &inner,
		    reason) < 0)
			return -EBADMSG;
		m->n_relays++;
		c = inner;
	}
	if (parse_client_msg(m, &c, reason) < 0)
		return -EBADMSG;
	switch (m->type) {
	case DHCP6_SOLICIT: case DHCP6_REQUEST: case DHCP6_CONFIRM:
	case DHCP6_RENEW: case DHCP6_REBIND: case DHCP6_RELEASE:
	case DHCP6_DECLINE: case DHCP6_INFORMATION_REQUEST:
		return 0;
	default:
		return bad(reason, "message type a server does not accept");
	}
}

int
dhcp6_validate(const struct dhcp6_msg *m, const char **reason)
{
	switch (m->type) {
	case DHCP6_SOLICIT:
	case DHCP6_CONFIRM:
	case DHCP6_REBIND:
		if (m->client_id_len == 0 || m->server_id_len != 0)
			return bad(reason, "needs a client id and no server id");
		return 0;
	case DHCP6_REQUEST:
	case DHCP6_RENEW:
	case DHCP6_DECLINE:
	case DHCP6_RELEASE:
		if (m->client_id_len == 0 || m->server_id_len == 0)
			return bad(reason, "needs a client id and a server id");
		return 0;
	case DHCP6_INFORMATION_REQUEST:
		/* RFC 8415 16.12: an IA makes it invalid */
		if (m->has_ia)
			return bad(reason, "Information-request with an IA");
		return 0;
	default:
		return bad(reason, "message type a server does not accept");
	}
}

static void
append_hex(char *buf, size_t buflen, size_t *o, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && *o + 3 <= buflen; i++)
		*o += snprintf(buf + *o, buflen - *o, "%02x", p[i]);
}

int
dhcp6_duid_key(const uint8_t *duid, size_t len, char *buf, size_t buflen)
{
	uint16_t type, hw;
	size_t o, i;

	if (len < 3 || buflen < 2 * len + 16)
		return -EINVAL;
	type = (uint16_t)(duid[0] << 8 | duid[1]);
	if (type == 1 || type == 3) {
		size_t start = type == 1 ? 8 : 4;

		if (len <= start)
			return -EINVAL;
		hw = (uint16_t)(duid[2] << 8 | duid[3]);
		o = (size_t)snprintf(buf, buflen, "%u%u", type, hw);
		append_hex(buf, buflen, &o, duid + start, len - start);
		return 0;
	}
	/* other types: decimal type, then each 16-bit word in decimal */
	if ((len - 2) % 2 != 0)
		return -EINVAL;
	o = (size_t)snprintf(buf, buflen, "%u", type);
	for (i = 2; i + 1 < len && o < buflen; i += 2)
		o += (size_t)snprintf(buf + o, buflen - o, "%u",
		    (unsigned)(duid[i] << 8 | duid[i + 1]));
	return o < buflen ? 0 : -EINVAL;
}
