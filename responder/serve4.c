/*
 * Serving one DHCPv4 request: parse, look the client up, decide, send, and
 * log the outcome in the original's shape:
 *   DHCPv4: Client: <mac> Interface: <if> Status: Success (...) / Failed (...)
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "responder/client.h"
#include "responder/db.h"
#include "responder/dhcp4.h"
#include "responder/frame.h"
#include "responder/iface.h"
#include "responder/responder.h"

static void
mac_text(const uint8_t *mac, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
	    mac[2], mac[3], mac[4], mac[5]);
}

/* Ethernet frame out of the server interface's packet socket. */
static int
send_frame(const struct iface *srv, const struct dhcp4_reply *rep,
    struct in_addr src, const uint8_t *dst_mac, struct in_addr dst,
    uint16_t dport)
{
	static uint8_t frame[FRAME_MAX];
	size_t len;

	if (frame_build4(frame, sizeof(frame), srv->info.mac, dst_mac, src,
	    dst, 67, dport, rep->buf, rep->len, &len) < 0)
		return -ENOBUFS;
	if (send(srv->fd, frame, len, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

/*
 * UDP from 0.0.0.0:67.  The source address is pinned with IP_PKTINFO to
 * the server interface's address (SPEC 9), not to the server identifier:
 * attribute 258 is often an address the host does not have, and the
 * kernel refuses a non-local ipi_spec_dst (ENETUNREACH), which lost every
 * relayed, renewal and INFORM reply of such clients.  Without an IPv4
 * address on the interface the kernel picks the source.
 */
static int
send_udp(const struct responder *r, const struct iface *srv,
    const struct dhcp4_reply *rep)
{
	struct sockaddr_in to = { .sin_family = AF_INET,
	    .sin_port = htons(rep->dst_port), .sin_addr = rep->dst_ip };
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} cm;
	struct iovec iov = { (void *)(uintptr_t)rep->buf, rep->len };
	struct msghdr mh = { .msg_name = &to, .msg_namelen = sizeof(to),
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf,
	    .msg_controllen = sizeof(cm.buf) };
	struct in_pktinfo pi;
	struct cmsghdr *c;

	if (r->udp4 < 0)
		return -EBADF;
	memset(&cm, 0, sizeof(cm));
	memset(&pi, 0, sizeof(pi));
	if (srv->info.n_addr4 > 0)
		pi.ipi_spec_dst = srv->info.addr4[0];
	if (r->cfg.flags & CONFIG_F_ROUTE_UDPSOCK)
		pi.ipi_ifindex = srv->info.ifindex;
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (sendmsg(r->udp4, &mh, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

/* Send the reply; *ret_how says which path it took, for the debug log. */
static int
send_reply(const struct responder *r, const struct iface *srv,
    const struct dhcp4_reply *rep, struct in_addr src, const char **ret_how)
{
	switch (rep->dest) {
	case DEST_FRAME_UNICAST:
		*ret_how = "unicast frame";
		return send_frame(srv, rep, src, rep->dst_mac, rep->dst_ip,
		    rep->dst_port);
	case DEST_FRAME_BROADCAST:
		*ret_how = "broadcast frame";
		return send_frame(srv, rep, src, rep->dst_mac, rep->dst_ip,
		    rep->dst_port);
	case DEST_UDP:
		/* disable_routing_with_rawsock: every reply is a frame */
		if (r->cfg.flags & CONFIG_F_ROUTE_RAWSOCK) {
			*ret_how = "unicast frame";
			return send_frame(srv, rep, src, rep->dst_mac,
			    rep->dst_ip, rep->dst_port);
		}
		*ret_how = r->cfg.flags & CONFIG_F_ROUTE_UDPSOCK ?
		    "UDP (pinned)" : "UDP";
		return send_udp(r, srv, rep);
	default:
		*ret_how = "nowhere";
		return -EINVAL;
	}
}

/* Server identifier: attribute 258, else the server interface's first. */
static int
server_id(const struct client4 *c, const struct iface *srv,
    struct in_addr *ret)
{
	if (c->has_server_id) {
		*ret = c->server_id;
		return 0;
	}
	if (srv->info.n_addr4 > 0) {
		*ret = srv->info.addr4[0];
		return 0;
	}
	return -1;
}

static void
log_outcome(const struct dhcp4_msg *req, const char *mac, const char *ifname,
    const struct dhcp4_reply *rep, int err)
{
	char addr[INET_ADDRSTRLEN] = "";
	struct in_addr a = req->has_requested_ip ? req->requested_ip :
	    req->ciaddr;

	if (req->type == DHCPDECLINE) {
		inet_ntop(AF_INET, &a, addr, sizeof(addr));
		log_warnx("DHCPv4: Client: %s Interface: %s: DECLINE: address "
		    "conflict reported for %s", mac, ifname, addr);
		return;
	}
	if (req->type == DHCPRELEASE) {
		inet_ntop(AF_INET, &req->ciaddr, addr, sizeof(addr));
		log_info("DHCPv4: Client: %s Interface: %s: RELEASE of %s",
		    mac, ifname, addr);
		return;
	}
	if (rep->type == 0 || err < 0) {
		log_info("DHCPv4: Client: %s Interface: %s Status: Failed "
		    "(%s%s%s)", mac, ifname, rep->type == 0 ? rep->reason :
		    "send failed: ", rep->type == 0 ? "" : strerror(-err),
		    "");
		return;
	}
	if (rep->type == DHCPNAK) {
		log_info("DHCPv4: Client: %s Interface: %s Status: Failed "
		    "(NAK sent: %s)", mac, ifname, rep->reason);
		return;
	}
	if (req->type == DHCPINFORM) {
		inet_ntop(AF_INET, &req->ciaddr, addr, sizeof(addr));
		log_info("DHCPv4: Client: %s Interface: %s Status: Success "
		    "(ACK to INFORM from %s)", mac, ifname, addr);
		return;
	}
	memcpy(&a, rep->buf + 16, 4);		/* yiaddr */
	inet_ntop(AF_INET, &a, addr, sizeof(addr));
	log_info("DHCPv4: Client: %s Interface: %s Status: Success (%s %s)",
	    mac, ifname, dhcp4_type_name(rep->type), addr);
}

/* RFC 2131 4.3.2: the client state a REQUEST was sent in, for -v. */
static const char *
request_state(const struct dhcp4_msg *req, const struct frame_info *fi)
{
	if (req->has_server_id)
		return "SELECTING";
	if (req->ciaddr.s_addr == 0)
		return "INIT-REBOOT";
	/* renewing clients unicast to us; rebinding ones broadcast, and
	 * only a broadcast is relayed */
	if (req->giaddr.s_addr != 0 || fi->dst4.s_addr == INADDR_BROADCAST)
		return "REBINDING";
	return "RENEWING";
}

/*
 * Debug detail of a sent reply: the request's state, the relay, which
 * path the reply took and out of which interface, e.g.
 *   DHCPv4: Client: <mac> Interface: s0: REQUEST (RENEWING, ciaddr
 *   192.0.2.10) -> ACK by UDP to 192.0.2.10:68 out s0
 *   DHCPv4: Client: <mac> Interface: s0: DISCOVER relayed via
 *   198.51.100.1 -> OFFER by UDP to 198.51.100.1:67 out s0, option 82
 *   echoed
 */
static void
log_path(const struct dhcp4_msg *req, const struct frame_info *fi,
    const char *mac, const char *ifname, const struct iface *srv,
    const struct dhcp4_reply *rep, const char *how)
{
	char state[64] = "", relay[40] = "", ci[INET_ADDRSTRLEN];
	char gi[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
	bool echoed = req->has_relay_info && req->giaddr.s_addr != 0;

	if (!log_getverbose())
		return;
	inet_ntop(AF_INET, &req->ciaddr, ci, sizeof(ci));
	inet_ntop(AF_INET, &req->giaddr, gi, sizeof(gi));
	inet_ntop(AF_INET, &rep->dst_ip, dst, sizeof(dst));
	if (req->type == DHCPREQUEST)
		snprintf(state, sizeof(state), " (%s, ciaddr %s)",
		    request_state(req, fi), ci);
	if (req->giaddr.s_addr != 0)
		snprintf(relay, sizeof(relay), " relayed via %s", gi);
	log_debug("DHCPv4: Client: %s Interface: %s: %s%s%s -> %s by %s to "
	    "%s:%u out %s%s", mac, ifname, dhcp4_type_name(req->type), state,
	    relay, dhcp4_type_name(rep->type), how, dst,
	    rep->dst_port, srv->info.name, echoed ? ", option 82 echoed" : "");
}

/*
 * A direct request whose Ethernet source is not chaddr: identity stays
 * chaddr (SPEC 8), but it is counted, and -v says which frame it was.
 */
static void
mac_mismatch(struct responder *r, struct iface *ifp,
    const struct frame_info *fi, const char *mac)
{
	char src[18];

	COUNT(r, ifp, mac_mismatch);
	mac_text(fi->src_mac, src, sizeof(src));
	log_debug("DHCPv4: Client: %s Interface: %s: Ethernet source %s is "
	    "not chaddr", mac, ifp->info.name, src);
}

void
serve4(struct responder *r, struct iface *ifp, const struct frame_info *fi)
{
	static struct dhcp4_msg req;
	static struct db_result res;
	static struct client4 client;
	static struct dhcp4_reply rep;
	struct dhcp4_params params;
	const struct iface *srv;
	const char *reason, *how;
	char mac[18];
	int err = 0;

	if (dhcp4_parse(fi->payload, fi->payload_len, &req, &reason) < 0) {
		COUNT(r, ifp, malformed);
		log_debug("%s: ignoring packet on %s: %s", __func__,
		    ifp->info.name, reason);
		return;
	}
	/*
	 * bad-inputs A9: a client talks from port 68.  Relays use 67, or any
	 * port with RFC 8357, and get their answer at 67 of giaddr anyway.
	 */
	if (req.giaddr.s_addr == 0 && fi->sport != DHCP4_CLIENT_PORT) {
		COUNT(r, ifp, malformed);
		log_debug("%s: ignoring packet on %s: from port %u, not %u",
		    __func__, ifp->info.name, fi->sport, DHCP4_CLIENT_PORT);
		return;
	}
	COUNT(r, ifp, v4_in[req.type <= 8 ? req.type : 0]);
	mac_text(req.chaddr, mac, sizeof(mac));
	if (req.giaddr.s_addr == 0 && memcmp(fi->src_mac, req.chaddr, 6) != 0)
		mac_mismatch(r, ifp, fi, mac);
	if (serve_lookup(r, ifp, ATTR_FAMILY_V4, mac, &res) < 0)
		return;
	client4_from_rows(&res, mac, &client);
	if ((srv = iface_find_name(res.ifname)) == NULL) {
		log_warnx("DHCPv4: Client: %s Interface: %s Status: Failed "
		    "(server interface %s is not served)", mac, ifp->info.name,
		    res.ifname);
		return;
	}
	memset(&params, 0, sizeof(params));
	params.default_lease_time = r->cfg.default_lease_time;
	params.max_lease_time = r->cfg.max_lease_time;
	if (server_id(&client, srv, &params.server_id) < 0) {
		log_warnx("DHCPv4: Client: %s Interface: %s Status: Failed "
		    "(no server identifier: no attribute 258 and no IPv4 "
		    "address on %s)", mac, ifp->info.name, srv->info.name);
		return;
	}
	if (dhcp4_handle(&params, &req, &client, &rep) > 0) {
		/* rawsock to a relay: the frame goes to the relay's MAC */
		if ((r->cfg.flags & CONFIG_F_ROUTE_RAWSOCK) &&
		    req.giaddr.s_addr != 0)
			memcpy(rep.dst_mac, fi->src_mac, 6);
		if (rep.truncated)
			log_warnx("DHCPv4: Client: %s Interface: %s: %d "
			    "option(s) did not fit the reply", mac,
			    ifp->info.name, rep.truncated);
		if ((err = send_reply(r, srv, &rep, params.server_id,
		    &how)) < 0) {
			COUNT(r, ifp, send_errors);
		} else {
			COUNT(r, ifp, v4_out[rep.type]);
			log_path(&req, fi, mac, ifp->info.name, srv, &rep,
			    how);
		}
	}
	log_outcome(&req, mac, ifp->info.name, &rep, err);
}
