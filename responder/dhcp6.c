/*
 * DHCPv6 decisions (SPEC section 6, RFC 8415 section 18.3): the reply for
 * each message type, IAs filled from the client's rows, lifetimes after
 * the sanity rules, Relay-reply wrapping.  The reply buffer is fixed and
 * every write is bounded; a reply that does not fit is not sent.
 */
#include <errno.h>
#include <string.h>

#include "common/cursor.h"
#include "common/log.h"
#include "responder/dhcp6.h"

const char *
dhcp6_type_name(uint8_t type)
{
	static const char *names[] = { "UNKNOWN", "SOLICIT", "ADVERTISE",
	    "REQUEST", "CONFIRM", "RENEW", "REBIND", "REPLY", "RELEASE",
	    "DECLINE", "RECONFIGURE", "INFORMATION-REQUEST", "RELAY-FORW",
	    "RELAY-REPL" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] :
	    "UNKNOWN";
}

static bool
client_int(const struct client6 *c, uint16_t code, uint32_t *ret)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->values[i].code == code &&
		    c->values[i].val.datatype == ATTR_INT32) {
			*ret = c->values[i].val.u.int32;
			return true;
		}
	return false;
}

void
dhcp6_lifetimes(const struct dhcp6_params *p, const struct client6 *c,
    uint32_t *t1, uint32_t *t2, uint32_t *pref, uint32_t *valid)
{
	*t1 = p->t1;
	*t2 = p->t2;
	*pref = p->pref;
	*valid = p->valid;
	client_int(c, ATTR_V6_T1, t1);
	client_int(c, ATTR_V6_T2, t2);
	client_int(c, ATTR_V6_PREF_LIFETIME, pref);
	client_int(c, ATTR_V6_VALID_LIFETIME, valid);
	if (*pref > *valid)
		*pref = *valid;
	if (*t1 > *t2 || *t1 > *pref || *t2 > *pref) {
		*t1 = *pref / 2;
		*t2 = (uint32_t)((uint64_t)*pref * 4 / 5);
	}
}

/* Start an option; returns where its length goes (patched by opt_end). */
static size_t
opt_begin(struct wbuf *w, uint16_t code)
{
	size_t at;

	wb_put_u16(w, code);
	at = w->len;
	wb_put_u16(w, 0);
	return at;
}

static void
opt_end(struct wbuf *w, size_t at)
{
	if (!w->overflow)
		wb_set_u16(w, at, (uint16_t)(w->len - at - 2));
}

static void
put_status(struct wbuf *w, uint16_t status, const char *text)
{
	size_t at = opt_begin(w, D6O_STATUS_CODE);

	wb_put_u16(w, status);
	wb_put_bytes(w, text, strlen(text));
	opt_end(w, at);
}

static void
put_opt(struct wbuf *w, uint16_t code, const void *data, size_t len)
{
	wb_put_u16(w, code);
	wb_put_u16(w, (uint16_t)len);
	wb_put_bytes(w, data, len);
}

struct ia_ctx {
	const struct dhcp6_params	*p;
	const struct dhcp6_msg		*m;
	const struct client6		*c;
	uint32_t			 t1, t2, pref, valid;
};

/* Does configured value v belong in request IA number k?  With IAIDs
 * honoured, a value with an IAID goes to the IA of that IAID and one
 * without to the first IA of its type; with disable_ia_id all go to the
 * first IA of their type (SPEC 3, 8). */
static bool
value_for_ia(const struct ia_ctx *x, const struct dhcp6_value *v, size_t k)
{
	const struct dhcp6_ia *ia = &x->m->ias[k];
	bool has_iaid;
	uint32_t iaid;
	size_t i;

	if (v->code != ia->type)
		return false;
	if (v->val.datatype == ATTR_PD) {
		has_iaid = v->val.u.pd.has_iaid;
		iaid = v->val.u.pd.iaid;
	} else if (v->val.datatype == ATTR_IA) {
		has_iaid = v->val.u.ia.has_iaid;
		iaid = v->val.u.ia.iaid;
	} else
		return false;
	if (has_iaid && !x->p->ignore_iaid)
		return ia->iaid == iaid;
	for (i = 0; i < k; i++)
		if (x->m->ias[i].type == ia->type)
			return false;
	return true;
}

static void
put_item(struct wbuf *w, uint16_t ia_type, const struct in6_addr *addr,
    uint8_t plen, uint32_t pref, uint32_t valid)
{
	size_t at;

	if (ia_type == D6O_IA_PD) {
		at = opt_begin(w, D6O_IAPREFIX);
		wb_put_u32(w, pref);
		wb_put_u32(w, valid);
		wb_put_u8(w, plen);
		wb_put_bytes(w, addr, 16);
	} else {
		at = opt_begin(w, D6O_IAADDR);
		wb_put_bytes(w, addr, 16);
		wb_put_u32(w, pref);
		wb_put_u32(w, valid);
	}
	opt_end(w, at);
}

static bool
configured_item(const struct dhcp6_value *v, const struct dhcp6_held *h)
{
	if (v->val.datatype == ATTR_PD)
		return v->val.u.pd.plen == h->plen &&
		    memcmp(&v->val.u.pd.prefix, &h->addr, 16) == 0;
	return memcmp(&v->val.u.ia.addr, &h->addr, 16) == 0;
}

/* One IA of the reply: configured items, stale ones with lifetime 0,
 * or the status saying why there is nothing.  Returns items offered. */
static int
put_ia(struct wbuf *w, const struct ia_ctx *x, size_t k)
{
	const struct dhcp6_ia *ia = &x->m->ias[k];
	size_t at = opt_begin(w, ia->type), i, j;
	int offered = 0;
	bool solicit = x->m->type == DHCP6_SOLICIT;

	wb_put_u32(w, ia->iaid);
	if (ia->type != D6O_IA_TA) {
		wb_put_u32(w, x->t1);
		wb_put_u32(w, x->t2);
	}
	for (i = 0; i < x->c->n; i++) {
		const struct dhcp6_value *v = &x->c->values[i];

		if (!value_for_ia(x, v, k))
			continue;
		if (v->val.datatype == ATTR_PD)
			put_item(w, ia->type, &v->val.u.pd.prefix,
			    v->val.u.pd.plen, x->pref, x->valid);
		else
			put_item(w, ia->type, &v->val.u.ia.addr, 128, x->pref,
			    x->valid);
		offered++;
	}
	/* what the client holds and is no longer configured: lifetime 0
	 * (RFC 8415 18.3.2); SOLICIT hints are simply ignored */
	for (j = 0; !solicit && j < ia->n_held; j++) {
		bool still = false;

		for (i = 0; i < x->c->n && !still; i++)
			still = value_for_ia(x, &x->c->values[i], k) &&
			    configured_item(&x->c->values[i], &ia->held[j]);
		if (!still)
			put_item(w, ia->type, &ia->held[j].addr,
			    ia->held[j].plen, 0, 0);
	}
	if (offered == 0) {
		if (x->m->type == DHCP6_RENEW || x->m->type == DHCP6_REBIND)
			put_status(w, D6_NO_BINDING, "no binding for this IA");
		else if (ia->type == D6O_IA_PD)
			put_status(w, D6_NO_PREFIX_AVAIL, "no prefix configured");
		else
			put_status(w, D6_NO_ADDRS_AVAIL, "no address configured");
	}
	opt_end(w, at);
	return offered;
}

static int
put_value(struct wbuf *w, uint16_t code, const struct attr_value *v)
{
	switch (v->datatype) {
	case ATTR_IPV6:
		return wb_put_bytes(w, &v->u.ipv6, 16);
	case ATTR_INT16:
		return wb_put_u16(w, v->u.int16);
	case ATTR_INT32:
		return wb_put_u32(w, v->u.int32);
	case ATTR_DOMAIN:
		return attrval_domain_encode(v->u.domain.ptr, v->u.domain.len,
		    w);
	case ATTR_STRING:
		if (code == D6O_CLIENT_FQDN) {
			/* RFC 4704: flags byte, then the name in wire form */
			wb_put_u8(w, 0x04);	/* N: the server does no DNS updates */
			return attrval_domain_encode(v->u.string.ptr,
			    v->u.string.len, w);
		}
		return wb_put_bytes(w, v->u.string.ptr, v->u.string.len);
	default:
		return -EINVAL;
	}
}

/*
 * One option from the client's values of that code, at most max_count.
 * The header is written before we know whether any value is usable, so
 * an option left empty, or a value skipped, is rolled back whole, its
 * overflow flag included: a reply that fits is never dropped for an
 * option it does not carry.
 */
static void
put_configured(struct wbuf *w, const struct client6 *c, uint16_t code)
{
	struct wbuf save = *w;
	size_t at = opt_begin(w, code), i;
	uint32_t used = 0;

	for (i = 0; i < c->n; i++) {
		const struct dhcp6_value *v = &c->values[i];
		struct wbuf before = *w;

		if (v->code != code || used >= v->max_count)
			continue;
		/* FQDN carries one name */
		if (code == D6O_CLIENT_FQDN && used == 1)
			break;
		if (put_value(w, code, &v->val) == -EINVAL) {
			*w = before;
			continue;
		}
		used++;
	}
	if (used == 0)
		*w = save;
	else
		opt_end(w, at);
}

static bool
is_server_set(uint16_t code)
{
	switch (code) {
	case D6O_CLIENTID: case D6O_SERVERID: case D6O_IA_NA: case D6O_IA_TA:
	case D6O_IA_PD: case D6O_IAADDR: case D6O_IAPREFIX: case D6O_ORO:
	case D6O_STATUS_CODE: case D6O_RAPID_COMMIT: case D6O_RELAY_MSG:
	case D6O_UNICAST: case D6O_INTERFACE_ID:
		return true;
	default:
		return code >= 256;
	}
}

/* The ORO decides, in its order, each code once (SPEC 6). */
static void
put_requested(struct wbuf *w, const struct dhcp6_msg *m,
    const struct client6 *c)
{
	size_t i, j;

	for (i = 0; i < m->n_oro; i++) {
		uint16_t code = m->oro[i];
		bool dup = false;

		for (j = 0; j < i && !dup; j++)
			dup = m->oro[j] == code;
		if (!dup && !is_server_set(code))
			put_configured(w, c, code);
	}
	put_configured(w, c, D6O_UNICAST);	/* whenever configured */
}

static bool
client_has_unicast(const struct client6 *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->values[i].code == D6O_UNICAST)
			return true;
	return false;
}

/* CONFIRM (18.3.3): Success only if every address is configured. */
static int
confirm_status(const struct ia_ctx *x)
{
	size_t k, j, i, n = 0;

	for (k = 0; k < x->m->n_ias; k++) {
		for (j = 0; j < x->m->ias[k].n_held; j++, n++) {
			bool ok = false;

			for (i = 0; i < x->c->n && !ok; i++) {
				const struct dhcp6_value *v = &x->c->values[i];

				ok = (v->val.datatype == ATTR_IA ||
				    v->val.datatype == ATTR_PD) &&
				    v->code == x->m->ias[k].type &&
				    configured_item(v, &x->m->ias[k].held[j]);
			}
			if (!ok)
				return D6_NOT_ON_LINK;
		}
	}
	return n == 0 ? -1 : D6_SUCCESS;
}

/* The client-server reply into w; returns its type or 0 for silence. */
static int
build_inner(struct wbuf *w, const struct ia_ctx *x, const char **reason)
{
	const struct dhcp6_msg *m = x->m;
	uint8_t type = DHCP6_REPLY;
	size_t k;
	int st;

	if (m->type == DHCP6_SOLICIT && !m->rapid_commit)
		type = DHCP6_ADVERTISE;
	wb_put_u8(w, type);
	wb_put_bytes(w, m->xid, 3);
	if (m->client_id_len > 0)
		put_opt(w, D6O_CLIENTID, m->client_id, m->client_id_len);
	put_opt(w, D6O_SERVERID, x->p->server_duid, x->p->server_duid_len);
	if (m->type == DHCP6_SOLICIT && m->rapid_commit)
		put_opt(w, D6O_RAPID_COMMIT, NULL, 0);
	switch (m->type) {
	case DHCP6_REQUEST: case DHCP6_RENEW: case DHCP6_RELEASE:
	case DHCP6_DECLINE:
		/* RFC 8415 18.4: unicast only when the server said so */
		if (x->p->unicast_request && !client_has_unicast(x->c)) {
			*reason = "unicast without the unicast option";
			put_status(w, D6_USE_MULTICAST, "use multicast");
			return type;
		}
	}
	switch (m->type) {
	case DHCP6_CONFIRM:
		if ((st = confirm_status(x)) < 0) {
			*reason = "CONFIRM without addresses";
			return 0;
		}
		put_status(w, st, st == D6_SUCCESS ? "all addresses on link" :
		    "not on link");
		*reason = st == D6_SUCCESS ? "confirmed" : "not on link";
		return type;
	case DHCP6_RELEASE:
	case DHCP6_DECLINE:
		put_status(w, D6_SUCCESS, m->type == DHCP6_RELEASE ?
		    "released" : "decline noted");
		*reason = dhcp6_type_name(m->type);
		return type;
	case DHCP6_INFORMATION_REQUEST:
		put_requested(w, m, x->c);
		*reason = "options";
		return type;
	default:
		break;
	}
	for (k = 0; k < m->n_ias; k++)
		put_ia(w, x, k);
	put_requested(w, m, x->c);
	*reason = "IAs answered";
	return type;
}

/* Relay-reply layers around the inner reply, innermost first: each layer
 * is built in scratch and becomes the body of the next (RFC 8415 19.3). */
static int
wrap_relays(const struct dhcp6_msg *m, uint8_t *buf, size_t *len, size_t cap)
{
	static uint8_t scratch[DHCP6_REPLY_MAX];
	size_t i = m->n_relays;

	while (i-- > 0) {
		const struct dhcp6_relay *r = &m->relays[i];
		struct wbuf w;

		wb_init(&w, scratch, sizeof(scratch));
		wb_put_u8(&w, DHCP6_RELAY_REPL);
		wb_put_u8(&w, r->hop_count);
		wb_put_bytes(&w, &r->link, 16);
		wb_put_bytes(&w, &r->peer, 16);
		if (r->interface_id != NULL)
			put_opt(&w, D6O_INTERFACE_ID, r->interface_id,
			    r->interface_id_len);
		put_opt(&w, D6O_RELAY_MSG, buf, *len);
		if (w.overflow || w.len > cap)
			return -ENOBUFS;
		memcpy(buf, scratch, w.len);
		*len = w.len;
	}
	return 0;
}

int
dhcp6_handle(const struct dhcp6_params *p, const struct dhcp6_msg *m,
    const struct client6 *c, struct dhcp6_reply *r)
{
	struct ia_ctx x = { .p = p, .m = m, .c = c };
	struct wbuf w;
	int type;

	r->type = 0;
	r->len = 0;
	r->reason = "";
	dhcp6_lifetimes(p, c, &x.t1, &x.t2, &x.pref, &x.valid);
	wb_init(&w, r->buf, sizeof(r->buf));
	if ((type = build_inner(&w, &x, &r->reason)) == 0)
		return 0;
	if (w.overflow) {
		r->reason = "reply larger than the buffer";
		return 0;
	}
	r->len = w.len;
	if (wrap_relays(m, r->buf, &r->len, sizeof(r->buf)) < 0) {
		r->len = 0;
		r->reason = "relayed reply larger than the buffer";
		return 0;
	}
	r->type = type;
	return type;
}
