/*
 * DHCPv4 decisions (SPEC section 5, RFC 2131 4.3): which reply a request
 * gets, with which options, and where it goes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "responder/dhcp4.h"
#include "responder/dhcp4_build.h"

const char *
dhcp4_type_name(uint8_t type)
{
	static const char *names[] = { "UNKNOWN", "DISCOVER", "OFFER",
	    "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] :
	    "UNKNOWN";
}

void
dhcp4_destination(const struct dhcp4_msg *req, uint8_t type,
    struct in_addr yiaddr, struct dhcp4_reply *r)
{
	memcpy(r->dst_mac, req->chaddr, 6);
	if (req->giaddr.s_addr != 0) {
		/* relayed: back to the relay's server port */
		r->dest = DEST_UDP;
		r->dst_ip = req->giaddr;
		r->dst_port = 67;
	} else if (type == DHCPNAK) {
		/* the client may hold a wrong address: broadcast (4.3.2) */
		r->dest = DEST_FRAME_BROADCAST;
	} else if (req->ciaddr.s_addr != 0) {
		r->dest = DEST_UDP;
		r->dst_ip = req->ciaddr;
		r->dst_port = 68;
	} else if ((req->flags & DHCP4_FLAG_BROADCAST) ||
	    yiaddr.s_addr == 0) {
		r->dest = DEST_FRAME_BROADCAST;
	} else {
		/* no address yet and no broadcast flag: unicast at L2 */
		r->dest = DEST_FRAME_UNICAST;
		r->dst_ip = yiaddr;
		r->dst_port = 68;
	}
	if (r->dest == DEST_FRAME_BROADCAST) {
		memset(r->dst_mac, 0xff, 6);
		r->dst_ip.s_addr = INADDR_BROADCAST;
		r->dst_port = 68;
	}
}

static int
silence(struct dhcp4_reply *r, const char *reason)
{
	r->type = 0;
	r->reason = reason;
	return 0;
}

/* RFC 2131 4.3.2: which state the REQUEST is in decides the check. */
static int
decide_request(const struct dhcp4_params *p, const struct dhcp4_msg *req,
    const struct client4 *c, struct dhcp4_reply *r)
{
	struct in_addr want = c->address;

	if (req->has_server_id) {
		/* SELECTING */
		if (req->server_id.s_addr != p->server_id.s_addr)
			return silence(r, "REQUEST for another server");
		if (req->has_requested_ip &&
		    req->requested_ip.s_addr == want.s_addr &&
		    req->ciaddr.s_addr == 0)
			return DHCPACK;
		r->reason = "requested address is not the configured one";
		return DHCPNAK;
	}
	if (req->ciaddr.s_addr == 0) {
		/* INIT-REBOOT */
		if (req->has_requested_ip &&
		    req->requested_ip.s_addr == want.s_addr)
			return DHCPACK;
		r->reason = req->has_requested_ip ?
		    "requested address is not the configured one" :
		    "REQUEST without server id, address or ciaddr";
		return DHCPNAK;
	}
	/* RENEWING / REBINDING */
	if (req->ciaddr.s_addr == want.s_addr &&
	    (!req->has_requested_ip ||
	    req->requested_ip.s_addr == want.s_addr))
		return DHCPACK;
	r->reason = "client address is not the configured one";
	return DHCPNAK;
}

static void
put_header(uint8_t *m, const struct dhcp4_msg *req, uint8_t type,
    struct in_addr yiaddr)
{
	static const uint8_t cookie[4] = { 0x63, 0x82, 0x53, 0x63 };
	uint16_t flags = htons(req->flags);
	struct in_addr ciaddr = { 0 };

	memset(m, 0, DHCP4_MIN_LEN);
	m[0] = 2;				/* BOOTREPLY */
	m[1] = req->htype;
	m[2] = req->hlen;
	memcpy(m + 4, &req->xid, 4);
	if (type == DHCPNAK && req->giaddr.s_addr != 0)
		flags |= htons(DHCP4_FLAG_BROADCAST);	/* 4.3.2 via relay */
	memcpy(m + 10, &flags, 2);
	if (type == DHCPACK)
		ciaddr = req->ciaddr;
	memcpy(m + 12, &ciaddr, 4);
	memcpy(m + 16, &yiaddr, 4);
	memcpy(m + 24, &req->giaddr, 4);
	memcpy(m + 28, req->chaddr, 16);
	memcpy(m + 236, cookie, 4);
}

static uint32_t
lease_time(const struct dhcp4_params *p, const struct dhcp4_msg *req)
{
	if (req->has_lease_time && req->lease_time <= p->max_lease_time &&
	    req->lease_time > 0)
		return req->lease_time;
	return p->default_lease_time;
}

static void
add_u32(struct dhcp4_opts *o, uint8_t code, uint32_t v)
{
	uint32_t n = htonl(v);

	dhcp4_opts_add(o, code, &n, 4);
}

/* Options that are never taken from the PRL: the server sets them. */
static int
reserved_option(uint8_t code)
{
	switch (code) {
	case DHO_PAD: case DHO_END: case DHO_REQUESTED_ADDRESS:
	case DHO_LEASE_TIME: case DHO_OVERLOAD: case DHO_MESSAGE_TYPE:
	case DHO_SERVER_ID: case DHO_PARAMETER_LIST: case DHO_MESSAGE:
	case DHO_MAX_MESSAGE_SIZE: case DHO_RENEWAL_TIME:
	case DHO_REBINDING_TIME: case DHO_CLIENT_ID:
	case DHO_RELAY_AGENT_INFO:
		return 1;
	default:
		return 0;
	}
}

/*
 * The options the client asked for, in its order, each once.  Returns how
 * many configured ones were too big to encode (left out, to be logged).
 */
static int
add_requested(struct dhcp4_opts *o, const struct dhcp4_msg *req,
    const struct client4 *c)
{
	uint8_t seen[256 / 8] = { 0 };
	uint8_t body[2048];
	size_t i, len;
	int r, lost = 0;

	for (i = 0; i < req->prl_len; i++) {
		uint8_t code = req->prl[i];

		if (seen[code / 8] & (1 << (code % 8)) || reserved_option(code))
			continue;
		seen[code / 8] |= 1 << (code % 8);
		r = dhcp4_encode_values(c, code, body, sizeof(body), &len);
		if (r == -ENOBUFS)
			lost++;
		if (r < 0)
			continue;
		dhcp4_opts_add(o, code, body, len);
	}
	return lost;
}

static size_t
size_limit(const struct dhcp4_msg *req)
{
	size_t limit = DHCP4_MIN_MAX_SIZE;

	if (req->max_size > DHCP4_MIN_MAX_SIZE)
		limit = req->max_size;
	limit -= DHCP4_UDP_IP_LEN;
	return limit > DHCP4_REPLY_MAX ? DHCP4_REPLY_MAX : limit;
}

static void
build(const struct dhcp4_params *p, const struct dhcp4_msg *req,
    const struct client4 *c, uint8_t type, struct dhcp4_reply *r)
{
	static const char nak_text[] = "address not configured for client";
	struct dhcp4_opts o;
	struct in_addr yiaddr = { 0 };
	int lost = 0;

	if (type == DHCPOFFER || (type == DHCPACK && req->type != DHCPINFORM))
		yiaddr = c->address;
	put_header(r->buf, req, type, yiaddr);
	dhcp4_opts_init(&o);
	dhcp4_opts_add(&o, DHO_MESSAGE_TYPE, &type, 1);
	dhcp4_opts_add(&o, DHO_SERVER_ID, &p->server_id, 4);
	if (type == DHCPNAK) {
		dhcp4_opts_add(&o, DHO_MESSAGE, nak_text, sizeof(nak_text) - 1);
	} else {
		if (req->type != DHCPINFORM) {
			uint32_t lease = lease_time(p, req);

			add_u32(&o, DHO_LEASE_TIME, lease);
			add_u32(&o, DHO_RENEWAL_TIME, lease / 2);
			add_u32(&o, DHO_REBINDING_TIME,
			    (uint32_t)((uint64_t)lease * 7 / 8));
		}
		lost = add_requested(&o, req, c);
	}
	if (req->has_client_id)			/* RFC 6842 */
		dhcp4_opts_add(&o, DHO_CLIENT_ID, req->client_id,
		    req->client_id_len);
	if (req->has_relay_info && req->giaddr.s_addr != 0)	/* RFC 3046 */
		dhcp4_opts_add(&o, DHO_RELAY_AGENT_INFO, req->relay_info,
		    req->relay_info_len);
	r->truncated = lost + dhcp4_layout(r->buf, size_limit(req), &o,
	    &r->len);
	if (o.overflow)
		r->truncated++;
	dhcp4_destination(req, type, yiaddr, r);
}

int
dhcp4_handle(const struct dhcp4_params *p, const struct dhcp4_msg *req,
    const struct client4 *c, struct dhcp4_reply *r)
{
	size_t tail = offsetof(struct dhcp4_reply, buf) + sizeof(r->buf);
	int type;

	/*
	 * Everything but buf: a silent reply must not carry the destination
	 * or truncation count of an earlier one (the caller reuses *r).
	 */
	memset(r, 0, offsetof(struct dhcp4_reply, buf));
	memset((uint8_t *)r + tail, 0, sizeof(*r) - tail);
	r->reason = "";
	switch (req->type) {
	case DHCPDISCOVER:
		if (!c->has_address)
			return silence(r, "no address configured");
		type = DHCPOFFER;
		break;
	case DHCPREQUEST:
		if (!c->has_address)
			return silence(r, "no address configured");
		type = decide_request(p, req, c, r);
		if (type == 0)
			return 0;
		break;
	case DHCPINFORM:
		type = DHCPACK;
		break;
	case DHCPDECLINE:
		return silence(r, "DECLINE: address conflict reported");
	case DHCPRELEASE:
		return silence(r, "RELEASE");
	default:
		return silence(r, "message type not served");
	}
	build(p, req, c, type, r);
	r->type = type;
	return type;
}
