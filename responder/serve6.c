/*
 * Serving one DHCPv6 message: parse (relay layers included), identify the
 * client (DUID key, or the MAC with use_mac_as_client_duid), look it up,
 * decide, and send from port 547 to the request's source address and port
 * out of the interface it came in on.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "responder/client.h"
#include "responder/db.h"
#include "responder/dhcp6.h"
#include "responder/frame.h"
#include "responder/iface.h"
#include "responder/responder.h"

/* other DUID types: 5 decimal digits per 16-bit word */
#define KEY_MAX	(5 * DHCP6_DUID_MAX / 2 + 16)

static int
send_reply6(const struct responder *r, const struct iface *ifp,
    const struct frame_info *fi, const struct dhcp6_reply *rep)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6,
	    .sin6_port = htons(fi->sport), .sin6_addr = fi->src6 };
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cm;
	struct iovec iov = { (void *)(uintptr_t)rep->buf, rep->len };
	struct msghdr mh = { .msg_name = &to, .msg_namelen = sizeof(to),
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf,
	    .msg_controllen = sizeof(cm.buf) };
	struct in6_pktinfo pi;
	struct cmsghdr *c;

	if (r->udp6 < 0)
		return -EBADF;
	if (IN6_IS_ADDR_LINKLOCAL(&fi->src6))
		to.sin6_scope_id = ifp->info.ifindex;
	memset(&cm, 0, sizeof(cm));
	memset(&pi, 0, sizeof(pi));
	pi.ipi6_ifindex = ifp->info.ifindex;	/* out where it came in */
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (sendmsg(r->udp6, &mh, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

/* The database key of the client (SPEC 4), or -1 when there is none. */
static int
client_key(const struct responder *r, const struct dhcp6_msg *m,
    const struct frame_info *fi, char *key, size_t len)
{
	const uint8_t *mac = fi->src_mac;

	if (r->cfg.flags & CONFIG_F_MAC_AS_DUID) {
		if (m->n_relays > 0) {
			/* only the relay next to the client knows its MAC */
			const struct dhcp6_relay *in = &m->relays[m->n_relays - 1];

			if (!in->has_lladdr)
				return -1;
			mac = in->lladdr;
		}
		snprintf(key, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		    mac[1], mac[2], mac[3], mac[4], mac[5]);
		return 0;
	}
	if (m->client_id_len == 0)
		return -1;
	return dhcp6_duid_key(m->client_id, m->client_id_len, key, len);
}

static void
server_duid(const struct iface *srv, struct dhcp6_params *p)
{
	static const uint8_t ll_ether[4] = { 0, 3, 0, 1 };	/* DUID-LL */

	memcpy(p->server_duid, ll_ether, 4);
	memcpy(p->server_duid + 4, srv->info.mac, 6);
	p->server_duid_len = 10;
}

/* A server id in the message must be ours (RFC 8415 16). */
static int
for_us(const struct dhcp6_msg *m, const struct dhcp6_params *p)
{
	return m->server_id_len == 0 ||
	    (m->server_id_len == p->server_duid_len &&
	    memcmp(m->server_id, p->server_duid, p->server_duid_len) == 0);
}

static void
log_decline(const struct dhcp6_msg *m, const char *key, const char *ifname)
{
	char addr[INET6_ADDRSTRLEN] = "(none)";
	size_t k;

	for (k = 0; k < m->n_ias; k++)
		if (m->ias[k].n_held > 0) {
			inet_ntop(AF_INET6, &m->ias[k].held[0].addr, addr,
			    sizeof(addr));
			break;
		}
	log_warnx("DHCPv6: Client: %s Interface: %s: DECLINE: address "
	    "conflict reported for %s", key, ifname, addr);
}

void
serve6(struct responder *r, struct iface *ifp, const struct frame_info *fi)
{
	static struct dhcp6_msg m;
	static struct db_result res;
	static struct client6 client;
	static struct dhcp6_reply rep;
	struct dhcp6_params p;
	const struct iface *srv;
	const char *reason;
	char key[KEY_MAX];
	int err;

	if (dhcp6_parse(fi->payload, fi->payload_len, &m, &reason) < 0 ||
	    dhcp6_validate(&m, &reason) < 0) {
		COUNT(r, ifp, malformed);
		log_debug("%s: ignoring DHCPv6 packet on %s: %s", __func__,
		    ifp->info.name, reason);
		return;
	}
	/* the same for DHCPv6: clients use 546, relays may use any port */
	if (m.n_relays == 0 && fi->sport != DHCP6_CLIENT_PORT) {
		COUNT(r, ifp, malformed);
		log_debug("%s: ignoring DHCPv6 packet on %s: from port %u, "
		    "not %u", __func__, ifp->info.name, fi->sport,
		    DHCP6_CLIENT_PORT);
		return;
	}
	COUNT(r, ifp, v6_in[m.type]);
	if (client_key(r, &m, fi, key, sizeof(key)) < 0) {
		COUNT(r, ifp, unknown_client);
		log_debug("DHCPv6: Interface: %s: %s without a usable client "
		    "identity, ignored", ifp->info.name, dhcp6_type_name(m.type));
		return;
	}
	if (serve_lookup(r, ifp, ATTR_FAMILY_V6, key, &res) < 0)
		return;
	client6_from_rows(&res, key, &client);
	if ((srv = iface_find_name(res.ifname)) == NULL) {
		log_warnx("DHCPv6: Client: %s Interface: %s Status: Failed "
		    "(server interface %s is not served)", key, ifp->info.name,
		    res.ifname);
		return;
	}
	memset(&p, 0, sizeof(p));
	p.t1 = r->cfg.renew_time;
	p.t2 = r->cfg.rebind_time;
	p.pref = r->cfg.pref_lifetime;
	p.valid = r->cfg.valid_lifetime;
	p.ignore_iaid = (r->cfg.flags & CONFIG_F_NO_IA_ID) != 0;
	p.unicast_request = m.n_relays == 0 &&
	    !IN6_IS_ADDR_MULTICAST(&fi->dst6);
	server_duid(srv, &p);
	if (!for_us(&m, &p)) {
		log_debug("DHCPv6: Client: %s Interface: %s: %s for another "
		    "server, ignored", key, ifp->info.name,
		    dhcp6_type_name(m.type));
		return;
	}
	if (m.type == DHCP6_DECLINE)
		log_decline(&m, key, ifp->info.name);
	if (dhcp6_handle(&p, &m, &client, &rep) == 0) {
		log_info("DHCPv6: Client: %s Interface: %s Status: Failed (%s: "
		    "%s)", key, ifp->info.name, dhcp6_type_name(m.type),
		    rep.reason);
		return;
	}
	if ((err = send_reply6(r, ifp, fi, &rep)) < 0) {
		COUNT(r, ifp, send_errors);
		log_info("DHCPv6: Client: %s Interface: %s Status: Failed "
		    "(send failed: %s)", key, ifp->info.name, strerror(-err));
		return;
	}
	COUNT(r, ifp, v6_out[rep.type]);
	log_info("DHCPv6: Client: %s Interface: %s Status: Success (%s to %s%s: "
	    "%s)", key, ifp->info.name, dhcp6_type_name(rep.type),
	    dhcp6_type_name(m.type), m.n_relays > 0 ? " via relay" : "",
	    rep.reason);
}
