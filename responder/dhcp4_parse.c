/*
 * Parsing a DHCPv4 request from untrusted bytes.  Everything goes through the
 * bounds-checked cursor; option bodies that RFC 3396 allows to be split are
 * concatenated into fixed buffers; anything malformed drops the packet.
 */
#include <errno.h>
#include <string.h>

#include "common/cursor.h"
#include "responder/dhcp4.h"

static const uint8_t dhcp4_cookie[4] = { 0x63, 0x82, 0x53, 0x63 };

enum { AREA_OPTIONS, AREA_FILE, AREA_SNAME };

struct parse_state {
	struct dhcp4_msg	*msg;
	const char		*reason;
	uint8_t			 overload;
	int			 seen_overload;
};

static int
fail(struct parse_state *ps, const char *reason)
{
	ps->reason = reason;
	return -EBADMSG;
}

/* RFC 3396: several instances of one option are one concatenated value. */
static int
append(uint8_t *dst, size_t *dst_len, size_t cap, struct cursor *body)
{
	size_t n = cur_left(body);

	if (n > cap - *dst_len)
		return -EBADMSG;
	cur_get_bytes(body, dst + *dst_len, n);
	*dst_len += n;
	return 0;
}

/* An option holding one address must be exactly 4 bytes (C11). */
static int
get_addr(struct parse_state *ps, struct cursor *body, bool *has,
    struct in_addr *out, const char *what)
{
	struct in_addr a;

	if (cur_left(body) != 4)
		return fail(ps, what);
	cur_get_bytes(body, &a, 4);
	if (*has && a.s_addr != out->s_addr)
		return fail(ps, what);
	*has = true;
	*out = a;
	return 0;
}

/* RFC 3046 2.0: sub-options must fit exactly inside the option. */
static int
relay_info_sane(const uint8_t *p, size_t len)
{
	struct cursor c;

	cur_init(&c, p, len);
	while (cur_left(&c) > 0) {
		uint8_t code, sublen;

		if (cur_get_u8(&c, &code) < 0 || cur_get_u8(&c, &sublen) < 0 ||
		    cur_skip(&c, sublen) < 0)
			return 0;
	}
	return 1;
}

static int
handle_option(struct parse_state *ps, uint8_t code, struct cursor *body,
    int area)
{
	struct dhcp4_msg *m = ps->msg;
	uint8_t u8;
	uint16_t u16;

	switch (code) {
	case DHO_MESSAGE_TYPE:
		if (cur_left(body) != 1)
			return fail(ps, "bad message type length");
		cur_get_u8(body, &u8);
		if (u8 == 0 || u8 > 18 || (m->type != 0 && m->type != u8))
			return fail(ps, "bad or conflicting message type");
		m->type = u8;
		return 0;
	case DHO_REQUESTED_ADDRESS:
		return get_addr(ps, body, &m->has_requested_ip,
		    &m->requested_ip, "bad requested address option");
	case DHO_SERVER_ID:
		return get_addr(ps, body, &m->has_server_id, &m->server_id,
		    "bad server identifier option");
	case DHO_LEASE_TIME:
		/* a malformed hint is ignored: the default applies */
		if (cur_left(body) == 4) {
			cur_get_u32(body, &m->lease_time);
			m->has_lease_time = true;
		}
		return 0;
	case DHO_MAX_MESSAGE_SIZE:
		if (cur_left(body) == 2) {
			cur_get_u16(body, &u16);
			m->max_size = u16;
		}
		return 0;
	case DHO_OVERLOAD:
		if (area != AREA_OPTIONS)
			return 0;	/* overload inside overload: ignored */
		if (cur_left(body) != 1 || ps->seen_overload)
			return fail(ps, "bad option overload");
		cur_get_u8(body, &u8);
		if (u8 < 1 || u8 > 3)
			return fail(ps, "bad option overload value");
		ps->overload = u8;
		ps->seen_overload = 1;
		return 0;
	case DHO_PARAMETER_LIST:
		if (append(m->prl, &m->prl_len, sizeof(m->prl), body) < 0)
			return fail(ps, "parameter request list too long");
		return 0;
	case DHO_CLIENT_ID:
		if (cur_left(body) == 0)
			return fail(ps, "zero-length client identifier");
		if (append(m->client_id, &m->client_id_len,
		    sizeof(m->client_id), body) < 0)
			return fail(ps, "client identifier too long");
		m->has_client_id = true;
		return 0;
	case DHO_RELAY_AGENT_INFO:
		if (append(m->relay_info, &m->relay_info_len,
		    sizeof(m->relay_info), body) < 0)
			return fail(ps, "relay agent information too long");
		m->has_relay_info = true;
		return 0;
	default:
		return 0;
	}
}

/* One TLV walk over an area; a length running past it drops the packet. */
static int
walk_options(struct parse_state *ps, struct cursor *c, int area)
{
	while (cur_left(c) > 0) {
		struct cursor body;
		uint8_t code, len;
		int r;

		cur_get_u8(c, &code);
		if (code == DHO_PAD)
			continue;
		if (code == DHO_END)
			return 0;
		if (cur_get_u8(c, &len) < 0)
			return fail(ps, "option code without length");
		if (cur_sub(c, len, &body) < 0)
			return fail(ps, "option length past the end");
		if ((r = handle_option(ps, code, &body, area)) < 0)
			return r;
	}
	return 0;	/* a missing END is tolerated: nothing was over-read */
}

static int
parse_header(struct parse_state *ps, struct cursor *c)
{
	struct dhcp4_msg *m = ps->msg;
	uint8_t op, cookie[4];
	uint16_t secs;

	cur_get_u8(c, &op);
	cur_get_u8(c, &m->htype);
	cur_get_u8(c, &m->hlen);
	cur_get_u8(c, &m->hops);
	if (op != 1)
		return fail(ps, "not a BOOTREQUEST");
	if (m->htype != 1 || m->hlen != 6)
		return fail(ps, "not Ethernet (htype/hlen)");
	if (m->hops > DHCP4_MAX_HOPS)
		return fail(ps, "too many hops");
	cur_get_bytes(c, &m->xid, 4);
	cur_get_u16(c, &secs);
	cur_get_u16(c, &m->flags);
	cur_get_bytes(c, &m->ciaddr, 4);
	cur_get_bytes(c, &m->yiaddr, 4);
	cur_skip(c, 4);				/* siaddr */
	cur_get_bytes(c, &m->giaddr, 4);
	cur_get_bytes(c, m->chaddr, sizeof(m->chaddr));
	cur_skip(c, DHCP4_SNAME_LEN + DHCP4_FILE_LEN);
	cur_get_bytes(c, cookie, sizeof(cookie));
	if (memcmp(cookie, dhcp4_cookie, sizeof(cookie)) != 0)
		return fail(ps, "bad magic cookie");
	return 0;
}

int
dhcp4_parse(const uint8_t *buf, size_t len, struct dhcp4_msg *ret,
    const char **ret_reason)
{
	struct parse_state ps = { .msg = ret };
	struct cursor c, area;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (len < DHCP4_MIN_LEN) {
		*ret_reason = "shorter than a BOOTP header and cookie";
		return -EBADMSG;
	}
	cur_init(&c, buf, len);
	if ((r = parse_header(&ps, &c)) < 0 ||
	    (r = walk_options(&ps, &c, AREA_OPTIONS)) < 0)
		goto out;
	/* RFC 3396 order of concatenation: options, then file, then sname */
	if (ps.overload & 1) {
		cur_init(&area, buf + DHCP4_FILE_OFF, DHCP4_FILE_LEN);
		if ((r = walk_options(&ps, &area, AREA_FILE)) < 0)
			goto out;
	}
	if (ps.overload & 2) {
		cur_init(&area, buf + DHCP4_SNAME_OFF, DHCP4_SNAME_LEN);
		if ((r = walk_options(&ps, &area, AREA_SNAME)) < 0)
			goto out;
	}
	if (ret->type == 0) {
		r = fail(&ps, "no message type (plain BOOTP)");
		goto out;
	}
	/* what servers send (OFFER, ACK, NAK, FORCERENEW), leasequery, TLS */
	if (ret->type != DHCPDISCOVER && ret->type != DHCPREQUEST &&
	    ret->type != DHCPDECLINE && ret->type != DHCPRELEASE &&
	    ret->type != DHCPINFORM) {
		r = fail(&ps, "message type a server does not accept");
		goto out;
	}
	if (ret->has_relay_info &&
	    !relay_info_sane(ret->relay_info, ret->relay_info_len)) {
		r = fail(&ps, "relay agent sub-option overflows the option");
		goto out;
	}
	return 0;
out:
	*ret_reason = ps.reason;
	return r;
}
