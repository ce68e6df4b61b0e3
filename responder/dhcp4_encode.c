/*
 * Option bodies from configured values: one encoder per datatype, lists in
 * the order the controller inserted them, at most max_count values.
 */
#include <errno.h>
#include <string.h>

#include "common/cursor.h"
#include "common/log.h"
#include "responder/dhcp4.h"

/* RFC 3442: prefix length, the significant octets, then the router. */
static int
put_classless_route(struct wbuf *w, const struct attr_value *v)
{
	uint8_t plen = v->u.route.plen;

	wb_put_u8(w, plen);
	wb_put_bytes(w, &v->u.route.net, (plen + 7) / 8);
	return wb_put_bytes(w, &v->u.route.gw, 4);
}

static int
put_value(struct wbuf *w, uint8_t code, const struct attr_value *v)
{
	switch (v->datatype) {
	case ATTR_IPV4:
		return wb_put_bytes(w, &v->u.ipv4, 4);
	case ATTR_INT16:
		return wb_put_u16(w, v->u.int16);
	case ATTR_INT32:
		return wb_put_u32(w, v->u.int32);
	case ATTR_STRING:
		return wb_put_bytes(w, v->u.string.ptr, v->u.string.len);
	case ATTR_STATICRT:
		if (code == DHO_STATIC_ROUTES) {
			/* RFC 2132 5.8: destination and router pairs */
			wb_put_bytes(w, &v->u.route.net, 4);
			return wb_put_bytes(w, &v->u.route.gw, 4);
		}
		return put_classless_route(w, v);
	case ATTR_DOMAIN:
		/* RFC 3397: names one after another, uncompressed */
		return attrval_domain_encode(v->u.domain.ptr,
		    v->u.domain.len, w);
	default:
		/* IPv6 types have no DHCPv4 encoding */
		return -EINVAL;
	}
}

int
dhcp4_encode_values(const struct client4 *client, uint8_t code,
    uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct wbuf w;
	uint32_t used = 0;
	size_t i;

	wb_init(&w, buf, cap);
	for (i = 0; i < client->n; i++) {
		const struct dhcp4_value *dv = &client->values[i];
		size_t before = w.len;

		if (dv->code != code)
			continue;
		if (used >= dv->max_count) {
			log_debug("%s: option %u: more values than max_count "
			    "%u, extra ignored", __func__, code, dv->max_count);
			break;
		}
		if (put_value(&w, code, &dv->val) == -EINVAL) {
			w.len = before;
			continue;
		}
		if (w.overflow)
			return -ENOBUFS;
		used++;
	}
	if (used == 0)
		return -ENOENT;
	*ret_len = w.len;
	return 0;
}
