/*
 * rtnetlink messages into nw_link / nw_addr (through libnl's parsers), and
 * the address-list rules applied to a table entry.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <string.h>

#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/object.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "common/log.h"
#include "netwatch/nw_int.h"

struct nw_parse_ctx {
	struct nw_parsed	*out;
	int			 found;
};

static int
nw_link_from_obj(struct rtnl_link *l, struct nw_link *out)
{
	static const uint8_t zero[6];
	struct nl_addr *a;
	const char *name;
	int ifindex;

	if ((ifindex = rtnl_link_get_ifindex(l)) <= 0)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->ifindex = ifindex;
	if ((name = rtnl_link_get_name(l)) != NULL)
		memcpy(out->name, name, strnlen(name, sizeof(out->name) - 1));
	/* Only a 6-byte hardware address is a MAC; lo's 00:00:00:00:00:00
	 * is no address a DHCP reply could use. */
	a = rtnl_link_get_addr(l);
	if (a != NULL && nl_addr_get_len(a) == sizeof(out->mac)) {
		memcpy(out->mac, nl_addr_get_binary_addr(a), sizeof(out->mac));
		out->has_mac = memcmp(out->mac, zero, sizeof(zero)) != 0;
		if (!out->has_mac)
			memset(out->mac, 0, sizeof(out->mac));
	}
	out->flags = rtnl_link_get_flags(l);
	out->operstate = rtnl_link_get_operstate(l);
	return 0;
}

static int
nw_addr_from_obj(struct rtnl_addr *ra, struct nw_addr *out)
{
	struct nl_addr *local, *peer;
	int ifindex = rtnl_addr_get_ifindex(ra);

	if (ifindex <= 0 || (local = rtnl_addr_get_local(ra)) == NULL)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->ifindex = ifindex;
	out->family = rtnl_addr_get_family(ra);
	out->plen = rtnl_addr_get_prefixlen(ra);
	switch (out->family) {
	case AF_INET:
		if (nl_addr_get_len(local) != sizeof(out->local4))
			return -ENOENT;
		memcpy(&out->local4, nl_addr_get_binary_addr(local),
		    sizeof(out->local4));
		/* libnl reports a peer only when IFA_ADDRESS differs from
		 * IFA_LOCAL (point-to-point) */
		peer = rtnl_addr_get_peer(ra);
		if (peer != NULL && nl_addr_get_len(peer) == sizeof(out->peer4))
			memcpy(&out->peer4, nl_addr_get_binary_addr(peer),
			    sizeof(out->peer4));
		return 0;
	case AF_INET6:
		if (nl_addr_get_len(local) != sizeof(out->local6))
			return -ENOENT;
		memcpy(&out->local6, nl_addr_get_binary_addr(local),
		    sizeof(out->local6));
		return 0;
	}
	return -ENOENT;
}

static void
nw_parse_obj(struct nl_object *obj, void *arg)
{
	struct nw_parse_ctx *ctx = arg;
	struct nw_parsed *out = ctx->out;
	int r;

	switch (out->type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		r = nw_link_from_obj((struct rtnl_link *)obj, &out->link);
		break;
	default:
		r = nw_addr_from_obj((struct rtnl_addr *)obj, &out->addr);
		break;
	}
	if (r == 0)
		ctx->found = 1;
}

/* The header fields libnl would not check for us: which family the
 * message is about decides whether netwatch follows it at all. */
static int
nw_parse_family(const struct nlmsghdr *h)
{
	switch (h->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
			return -ENOENT;
		/* AF_BRIDGE RTM_DELLINK only means "left its bridge" */
		if (((const struct ifinfomsg *)nlmsg_data(h))->ifi_family !=
		    AF_UNSPEC)
			return -ENOENT;
		return 0;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifaddrmsg)))
			return -ENOENT;
		switch (((const struct ifaddrmsg *)nlmsg_data(h))->ifa_family) {
		case AF_INET:
		case AF_INET6:
			return 0;
		}
		return -ENOENT;
	}
	return -ENOENT;
}

int
nw_parse(struct nlmsghdr *h, struct nw_parsed *out)
{
	struct nw_parse_ctx ctx = { out, 0 };
	struct nl_msg *msg;
	int r;

	if ((r = nw_parse_family(h)) < 0)
		return r;
	memset(out, 0, sizeof(*out));
	out->type = h->nlmsg_type;
	if ((msg = nlmsg_convert(h)) == NULL)
		return -ENOMEM;
	nlmsg_set_proto(msg, NETLINK_ROUTE);
	r = nl_msg_parse(msg, nw_parse_obj, &ctx);
	nlmsg_free(msg);
	if (r == -NLE_NOMEM)
		return -ENOMEM;
	if (r < 0) {
		log_debug("%s: ignoring message type %u: %s", __func__,
		    h->nlmsg_type, nl_geterror(r));
		return -ENOENT;
	}
	return ctx.found ? 0 : -ENOENT;
}

int
nw_link_update(struct nw_iface *ifc, const struct nw_link *l)
{
	int changed;

	changed = strcmp(ifc->name, l->name) != 0 ||
	    ifc->has_mac != l->has_mac ||
	    memcmp(ifc->mac, l->mac, sizeof(ifc->mac)) != 0 ||
	    ifc->flags != l->flags || ifc->operstate != l->operstate;
	ifc->ifindex = l->ifindex;
	memcpy(ifc->name, l->name, sizeof(ifc->name));
	memcpy(ifc->mac, l->mac, sizeof(ifc->mac));
	ifc->has_mac = l->has_mac;
	ifc->flags = l->flags;
	ifc->operstate = l->operstate;
	return changed;
}

static int
nw_addr4_find(const struct nw_entry *e, const struct nw_addr *a)
{
	uint32_t i;

	for (i = 0; i < e->ifc.n_addr4; i++)
		if (e->ifc.addr4[i].s_addr == a->local4.s_addr &&
		    e->peer4[i].s_addr == a->peer4.s_addr &&
		    e->plen4[i] == a->plen)
			return (int)i;
	return -1;
}

static int
nw_addr6_find(const struct nw_entry *e, const struct nw_addr *a)
{
	uint32_t i;

	/* the kernel refuses the same IPv6 address twice on a link, so the
	 * address alone is the key */
	for (i = 0; i < e->ifc.n_addr6; i++)
		if (memcmp(&e->ifc.addr6[i], &a->local6,
		    sizeof(a->local6)) == 0)
			return (int)i;
	return -1;
}

int
nw_addr_add(struct nw_entry *e, const struct nw_addr *a)
{
	struct nw_iface *ifc = &e->ifc;
	uint32_t n;

	if (a->family == AF_INET) {
		if (nw_addr4_find(e, a) >= 0)
			return 0;
		if ((n = ifc->n_addr4) >= IFACE_MAX_ADDR4) {
			e->trunc4 = 1;
			log_debug("%s: %s: more than %d IPv4 addresses, "
			    "ignoring %s", __func__, ifc->name,
			    IFACE_MAX_ADDR4, inet_ntoa(a->local4));
			return 0;
		}
		ifc->addr4[n] = a->local4;
		e->peer4[n] = a->peer4;
		e->plen4[n] = a->plen;
		ifc->n_addr4 = n + 1;
		return 1;
	}
	if (nw_addr6_find(e, a) >= 0)
		return 0;
	if ((n = ifc->n_addr6) >= IFACE_MAX_ADDR6) {
		e->trunc6 = 1;
		log_debug("%s: %s: more than %d IPv6 addresses, ignoring one",
		    __func__, ifc->name, IFACE_MAX_ADDR6);
		return 0;
	}
	ifc->addr6[n] = a->local6;
	ifc->n_addr6 = n + 1;
	return 1;
}

int
nw_addr_del(struct nw_entry *e, const struct nw_addr *a)
{
	struct nw_iface *ifc = &e->ifc;
	uint32_t i;
	int at;

	if (a->family == AF_INET) {
		if ((at = nw_addr4_find(e, a)) < 0)
			return 0;
		/* close the gap: the kernel's order is kept */
		for (i = at; i + 1 < ifc->n_addr4; i++) {
			ifc->addr4[i] = ifc->addr4[i + 1];
			e->peer4[i] = e->peer4[i + 1];
			e->plen4[i] = e->plen4[i + 1];
		}
		ifc->n_addr4--;
		return 1;
	}
	if ((at = nw_addr6_find(e, a)) < 0)
		return 0;
	for (i = at; i + 1 < ifc->n_addr6; i++)
		ifc->addr6[i] = ifc->addr6[i + 1];
	ifc->n_addr6--;
	return 1;
}

static int
nw_addr6_same_set(const struct nw_entry *e, const struct nw_entry *s)
{
	struct nw_addr a;
	uint32_t i;

	if (e->ifc.n_addr6 != s->ifc.n_addr6)
		return 0;
	memset(&a, 0, sizeof(a));
	for (i = 0; i < s->ifc.n_addr6; i++) {
		a.local6 = s->ifc.addr6[i];
		if (nw_addr6_find(e, &a) < 0)
			return 0;
	}
	return 1;
}

int
nw_addr_sync(struct nw_entry *e, const struct nw_entry *s)
{
	struct nw_iface *ifc = &e->ifc;
	uint32_t n4 = s->ifc.n_addr4;
	int changed = 0;

	/* IPv4 order is meaningful (primary first): take the kernel's */
	if (ifc->n_addr4 != n4 ||
	    memcmp(ifc->addr4, s->ifc.addr4, n4 * sizeof(ifc->addr4[0])) ||
	    memcmp(e->peer4, s->peer4, n4 * sizeof(e->peer4[0])) ||
	    memcmp(e->plen4, s->plen4, n4 * sizeof(e->plen4[0]))) {
		memcpy(ifc->addr4, s->ifc.addr4, sizeof(ifc->addr4));
		memcpy(e->peer4, s->peer4, sizeof(e->peer4));
		memcpy(e->plen4, s->plen4, sizeof(e->plen4));
		ifc->n_addr4 = n4;
		changed = 1;
	}
	/* IPv6 order carries nothing, and events append where the kernel
	 * prepends: only a different set is a change */
	if (!nw_addr6_same_set(e, s)) {
		memcpy(ifc->addr6, s->ifc.addr6, sizeof(ifc->addr6));
		ifc->n_addr6 = s->ifc.n_addr6;
		changed = 1;
	}
	e->trunc4 = s->trunc4;
	e->trunc6 = s->trunc6;
	return changed;
}
