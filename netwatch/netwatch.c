/*
 * netwatch: links and addresses from rtnetlink.
 *
 * Two sockets.  The event socket is subscribed to the link and address
 * groups and read without blocking from the monitor's event loop.  The
 * dump socket asks for full dumps: at open, and whenever the event stream
 * has a hole (ENOBUFS), when the table is rebuilt from a dump and diffed
 * against what the monitor was told.  libnl does the socket set-up and
 * the attribute parsing; the table is our own (see nw_table.c), since the
 * cache manager costs ten times the time and memory at 5,000 interfaces
 * (SPEC.md section 9).
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "common/log.h"
#include "netwatch/netwatch.h"
#include "netwatch/nw_int.h"

/* Kernel datagrams are at most 32 KiB (dumps) or one message (events). */
#define NW_BUFSIZE		65536
/* Dumps redone after NLM_F_DUMP_INTR before giving up for now. */
#define NW_DUMP_TRIES		16
/* Overflow resyncs in one nw_dispatch call before yielding. */
#define NW_RESYNC_MAX		4
/* Datagrams discarded by one drain at most. */
#define NW_DRAIN_MAX		(1L << 20)
/* A dump never stalls, but the monitor must not hang if one did. */
#define NW_DUMP_TIMEOUT		5

struct netwatch {
	struct nl_sock	*ev;		/* subscribed, non-blocking */
	struct nl_sock	*dump;		/* dump requests and replies */
	nw_callback	 cb;
	void		*arg;
	struct nw_table	 table;
	void		*evbuf;
	void		*dumpbuf;
	int		 busy;		/* inside a callback or nw_foreach */
	int		 resync_pending;
	struct nw_stats	 stats;
};

/* A dump being collected: a table for lookups, a list for dump order. */
struct nw_snap {
	struct nw_table	 t;
	struct nw_entry	*head;
	struct nw_entry	*tail;
};

static int
nw_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_PERM:
		return -EPERM;
	default:
		return -EIO;
	}
}

static void
nw_fire(struct netwatch *nw, enum nw_event ev, struct nw_entry *e)
{
	nw->busy++;
	nw->cb(ev, &e->ifc, nw->arg);
	nw->busy--;
}

/*
 * One datagram into buf.  Its length; 0 for one to ignore (not from the
 * kernel); -EAGAIN when none is queued (or the dump socket timed out);
 * -ENOBUFS after an overflow; -EMSGSIZE when it did not fit and is lost.
 */
static ssize_t
nw_recv(int fd, void *buf, size_t len, int flags)
{
	struct sockaddr_nl sa;
	struct iovec iov;
	struct msghdr mh;
	ssize_t n;

	do {
		memset(&sa, 0, sizeof(sa));
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = buf;
		iov.iov_len = len;
		mh.msg_name = &sa;
		mh.msg_namelen = sizeof(sa);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		n = recvmsg(fd, &mh, flags);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (mh.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	/* connect() already refuses other senders; this is belt and braces
	 * against forged link events */
	if (mh.msg_namelen != sizeof(sa) || sa.nl_pid != 0) {
		log_debug("%s: ignoring datagram from port %u", __func__,
		    sa.nl_pid);
		return 0;
	}
	return n;
}

/* Accept unicasts from the kernel only (port 0). */
static int
nw_peer_kernel(struct nl_sock *sk)
{
	struct sockaddr_nl sa;

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (connect(nl_socket_get_fd(sk), (struct sockaddr *)&sa,
	    sizeof(sa)) == -1) {
		log_warn("%s: connect", __func__);
		return -errno;
	}
	return 0;
}

static int
nw_set_rcvbuf(int fd, int rcvbuf)
{
	socklen_t len = sizeof(int);
	int eff = 0;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
	    sizeof(rcvbuf)) == 0) {
		(void)getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &eff, &len);
		log_debug("%s: receive buffer %d (kernel accounting %d)",
		    __func__, rcvbuf, eff);
		return 0;
	}
	if (errno != EPERM) {
		log_warn("%s: SO_RCVBUFFORCE", __func__);
		return -errno;
	}
	/* Without CAP_NET_ADMIN: capped by net.core.rmem_max, so an
	 * overflow (and a full resync) gets likelier. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
	    sizeof(rcvbuf)) == -1) {
		log_warn("%s: SO_RCVBUF", __func__);
		return -errno;
	}
	(void)getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &eff, &len);
	log_warnx("%s: SO_RCVBUFFORCE not permitted, receive buffer %d "
	    "requested, kernel accounting %d", __func__, rcvbuf, eff);
	return 0;
}

static int
nw_open_event(struct netwatch *nw, int rcvbuf)
{
	int r;

	if ((nw->ev = nl_socket_alloc()) == NULL)
		return -ENOMEM;
	/* multicast notifications carry no sequence numbers of ours */
	nl_socket_disable_seq_check(nw->ev);
	if ((r = nl_connect(nw->ev, NETLINK_ROUTE)) < 0) {
		log_warnx("%s: nl_connect: %s", __func__, nl_geterror(r));
		return nw_errno(r);
	}
	/* the buffer before the groups: no burst may find the default */
	if (rcvbuf > 0 &&
	    (r = nw_set_rcvbuf(nl_socket_get_fd(nw->ev), rcvbuf)) < 0)
		return r;
	if ((r = nl_socket_add_memberships(nw->ev, RTNLGRP_LINK,
	    RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, RTNLGRP_NONE)) < 0) {
		log_warnx("%s: memberships: %s", __func__, nl_geterror(r));
		return nw_errno(r);
	}
	if ((r = nl_socket_set_nonblocking(nw->ev)) < 0) {
		log_warnx("%s: non-blocking: %s", __func__, nl_geterror(r));
		return nw_errno(r);
	}
	return nw_peer_kernel(nw->ev);
}

static int
nw_open_dump(struct netwatch *nw)
{
	struct timeval tv = { NW_DUMP_TIMEOUT, 0 };
	int r;

	if ((nw->dump = nl_socket_alloc()) == NULL)
		return -ENOMEM;
	/* a dump request is answered by the dump itself, never an ACK */
	nl_socket_disable_auto_ack(nw->dump);
	if ((r = nl_connect(nw->dump, NETLINK_ROUTE)) < 0) {
		log_warnx("%s: nl_connect: %s", __func__, nl_geterror(r));
		return nw_errno(r);
	}
	if (setsockopt(nl_socket_get_fd(nw->dump), SOL_SOCKET, SO_RCVTIMEO,
	    &tv, sizeof(tv)) == -1) {
		log_warn("%s: SO_RCVTIMEO", __func__);
		return -errno;
	}
	return nw_peer_kernel(nw->dump);
}

/*
 * Throw away everything queued on the event socket.  After an overflow the
 * queue holds events from before the hole; replayed after the dump they
 * would revive interfaces whose deletion fell into the hole.
 */
static int
nw_drain(struct netwatch *nw)
{
	int fd = nl_socket_get_fd(nw->ev);
	long i;
	char c;

	for (i = 0; i < NW_DRAIN_MAX; i++) {
		/* MSG_TRUNC: the datagram is dropped whatever its size */
		if (recv(fd, &c, 1, MSG_DONTWAIT | MSG_TRUNC) >= 0)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		if (errno == ENOBUFS)
			nw->stats.overflows++;
		else if (errno != EINTR) {
			log_warn("%s: recv", __func__);
			return -errno;
		}
	}
	log_warnx("%s: still busy after %ld datagrams", __func__, i);
	return 0;
}

/* Anything a dump socket may still hold from an abandoned dump. */
static void
nw_drain_dump(struct netwatch *nw)
{
	int fd = nl_socket_get_fd(nw->dump);
	long i;
	char c;

	for (i = 0; i < NW_DRAIN_MAX; i++)
		if (recv(fd, &c, 1, MSG_DONTWAIT | MSG_TRUNC) == -1 &&
		    errno != EINTR)
			return;
}

static int
nw_dump_request(struct netwatch *nw, int type, uint32_t *ret_seq)
{
	struct ifinfomsg ifi;
	struct ifaddrmsg ifa;
	struct nl_msg *m;
	int r;

	if ((m = nlmsg_alloc_simple(type, NLM_F_DUMP)) == NULL)
		return -ENOMEM;
	memset(&ifi, 0, sizeof(ifi));
	memset(&ifa, 0, sizeof(ifa));
	/* AF_UNSPEC: links once, addresses of both families in one dump */
	if (type == RTM_GETLINK) {
		r = nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
		/* statistics are most of a link message, and unused */
		if (r == 0)
			r = nla_put_u32(m, IFLA_EXT_MASK,
			    RTEXT_FILTER_SKIP_STATS);
	} else
		r = nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
	if (r == 0 && (r = nl_send_auto(nw->dump, m)) >= 0)
		*ret_seq = nlmsg_hdr(m)->nlmsg_seq;
	nlmsg_free(m);
	if (r < 0) {
		log_warnx("%s: %s", __func__, nl_geterror(r));
		return nw_errno(r);
	}
	return 0;
}

static void
nw_snap_link(struct nw_snap *snap, const struct nw_link *l, int *err)
{
	struct nw_entry *s;

	if ((s = nwt_find(&snap->t, l->ifindex)) != NULL) {
		(void)nw_link_update(&s->ifc, l);
		return;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		*err = -ENOMEM;
		return;
	}
	(void)nw_link_update(&s->ifc, l);
	nwt_insert(&snap->t, s);
	if (snap->tail != NULL)
		snap->tail->order = s;
	else
		snap->head = s;
	snap->tail = s;
}

/* One message of a dump: 1 at its end, 0 to go on, or -errno. */
static int
nw_snap_msg(struct nw_snap *snap, struct nlmsghdr *h)
{
	struct nlmsgerr err;
	struct nw_parsed p;
	struct nw_entry *s;
	int r = 0;

	switch (h->nlmsg_type) {
	case NLMSG_DONE:
		/* DONE carries the dump's own error (0 when it went well) */
		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(r)))
			memcpy(&r, nlmsg_data(h), sizeof(r));
		return r < 0 ? r : 1;
	case NLMSG_ERROR:
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
			return -EPROTO;
		memcpy(&err, nlmsg_data(h), sizeof(err));
		return err.error < 0 ? err.error : -EPROTO;
	case NLMSG_NOOP:
		return 0;
	case NLMSG_OVERRUN:
		return -EIO;
	}
	if ((r = nw_parse(h, &p)) == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	if (p.type == RTM_NEWLINK)
		nw_snap_link(snap, &p.link, &r);
	else if (p.type == RTM_NEWADDR &&
	    (s = nwt_find(&snap->t, p.addr.ifindex)) != NULL)
		(void)nw_addr_add(s, &p.addr);
	/* an address of a link newer than the link dump: its RTM_NEWLINK
	 * and RTM_NEWADDR are queued on the event socket */
	return r;
}

/* One dump into snap: 0, -EINTR when the kernel flagged it inconsistent,
 * or -errno. */
static int
nw_dump(struct netwatch *nw, int type, struct nw_snap *snap)
{
	int fd = nl_socket_get_fd(nw->dump), intr = 0, rem, r;
	struct nlmsghdr *h;
	uint32_t seq = 0;
	ssize_t n;

	nw_drain_dump(nw);
	if ((r = nw_dump_request(nw, type, &seq)) < 0)
		return r;
	for (;;) {
		if ((n = nw_recv(fd, nw->dumpbuf, NW_BUFSIZE, 0)) == -EAGAIN)
			return -ETIMEDOUT;
		if (n < 0)
			return (int)n;
		rem = (int)n;
		for (h = nw->dumpbuf; nlmsg_ok(h, rem);
		    h = nlmsg_next(h, &rem)) {
			if (h->nlmsg_seq != seq)
				continue;	/* an abandoned dump's */
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = 1;
			if ((r = nw_snap_msg(snap, h)) < 0)
				return r;
			if (r == 1)
				return intr ? -EINTR : 0;
		}
	}
}

/* Links, then addresses, redone until the kernel calls it consistent. */
static int
nw_snapshot(struct netwatch *nw, struct nw_snap *snap)
{
	int r, try;

	for (try = 0; try < NW_DUMP_TRIES; try++) {
		if (try > 0)
			nw->stats.dump_retries++;
		memset(snap, 0, sizeof(*snap));
		if ((r = nwt_init(&snap->t)) < 0)
			return r;
		if ((r = nw_dump(nw, RTM_GETLINK, snap)) == 0 &&
		    (r = nw_dump(nw, RTM_GETADDR, snap)) == 0)
			return 0;
		nwt_destroy(&snap->t, 1);
		if (r != -EINTR) {
			log_warnx("%s: %s", __func__, strerror(-r));
			return r;
		}
		log_debug("%s: dump interrupted, redoing it", __func__);
	}
	log_warnx("%s: dump interrupted %d times, giving up for now",
	    __func__, NW_DUMP_TRIES);
	return -EAGAIN;
}

static void
nw_link_of(const struct nw_iface *ifc, struct nw_link *out)
{
	memset(out, 0, sizeof(*out));
	out->ifindex = ifc->ifindex;
	memcpy(out->name, ifc->name, sizeof(out->name));
	memcpy(out->mac, ifc->mac, sizeof(out->mac));
	out->has_mac = ifc->has_mac;
	out->flags = ifc->flags;
	out->operstate = ifc->operstate;
}

/*
 * Make the table equal to the snapshot, telling the monitor.  Deletions
 * first: a name freed by a deleted interface may already belong to a new
 * one, and the monitor should see the old one go before.
 */
static void
nw_apply(struct netwatch *nw, struct nw_snap *snap)
{
	struct nw_entry *e, *s, *next;
	int link_changed, addr_changed;
	struct nw_link l;

	for (e = nwt_extract_missing(&nw->table, &snap->t); e != NULL;
	    e = next) {
		next = e->next;
		nw_fire(nw, NW_IFACE_DEL, e);
		free(e);
	}
	/* snap's chains are not walked again: entries leave it freely */
	for (s = snap->head; s != NULL; s = next) {
		next = s->order;
		s->order = NULL;
		if ((e = nwt_find(&nw->table, s->ifc.ifindex)) == NULL) {
			nwt_insert(&nw->table, s);
			nw_fire(nw, NW_IFACE_NEW, s);
			continue;
		}
		nw_link_of(&s->ifc, &l);
		link_changed = nw_link_update(&e->ifc, &l);
		addr_changed = nw_addr_sync(e, s);
		free(s);
		if (link_changed)
			nw_fire(nw, NW_IFACE_CHANGED, e);
		if (addr_changed)
			nw_fire(nw, NW_ADDR_CHANGED, e);
	}
	nwt_destroy(&snap->t, 0);
}

/* Drain, dump, diff.  On failure the table is unchanged and a resync
 * stays owed. */
static int
nw_resync_now(struct netwatch *nw)
{
	struct nw_snap snap;
	int r;

	nw->resync_pending = 1;
	if ((r = nw_drain(nw)) < 0 || (r = nw_snapshot(nw, &snap)) < 0)
		return r;
	nw->resync_pending = 0;
	nw->stats.resyncs++;
	nw_apply(nw, &snap);
	return 0;
}

static void
nw_ev_link(struct netwatch *nw, const struct nw_parsed *p)
{
	struct nw_entry *e = nwt_find(&nw->table, p->link.ifindex);

	if (p->type == RTM_DELLINK) {
		if (e == NULL)
			return;
		(void)nwt_remove(&nw->table, e->ifc.ifindex);
		nw_fire(nw, NW_IFACE_DEL, e);
		free(e);
		return;
	}
	if (e != NULL) {
		/* a rename is an RTM_NEWLINK for the same ifindex */
		if (nw_link_update(&e->ifc, &p->link))
			nw_fire(nw, NW_IFACE_CHANGED, e);
		return;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		log_warn("%s: %s", __func__, p->link.name);
		nw->resync_pending = 1;
		return;
	}
	(void)nw_link_update(&e->ifc, &p->link);
	nwt_insert(&nw->table, e);
	nw_fire(nw, NW_IFACE_NEW, e);
}

static void
nw_ev_addr(struct netwatch *nw, const struct nw_parsed *p)
{
	struct nw_entry *e = nwt_find(&nw->table, p->addr.ifindex);
	int changed;

	/* addresses of a link deleted meanwhile, or of one the dump
	 * missed: then its RTM_NEWLINK is still queued */
	if (e == NULL)
		return;
	if (p->type == RTM_NEWADDR)
		changed = nw_addr_add(e, &p->addr);
	else {
		changed = nw_addr_del(e, &p->addr);
		/* the list had to leave some out: only a dump can say
		 * which one takes the freed place */
		if (changed && (p->addr.family == AF_INET ? e->trunc4 :
		    e->trunc6))
			nw->resync_pending = 1;
	}
	if (changed)
		nw_fire(nw, NW_ADDR_CHANGED, e);
}

static void
nw_ev_datagram(struct netwatch *nw, void *buf, int len)
{
	struct nw_parsed p;
	struct nlmsghdr *h;
	int r;

	for (h = buf; nlmsg_ok(h, len); h = nlmsg_next(h, &len)) {
		if ((r = nw_parse(h, &p)) == -ENOENT)
			continue;
		if (r < 0) {
			/* the event is lost like in an overflow */
			log_warnx("%s: %s, will resynchronise", __func__,
			    strerror(-r));
			nw->resync_pending = 1;
			continue;
		}
		nw->stats.messages++;
		if (p.type == RTM_NEWLINK || p.type == RTM_DELLINK)
			nw_ev_link(nw, &p);
		else
			nw_ev_addr(nw, &p);
	}
}

struct netwatch *
nw_open(nw_callback cb, void *arg, int rcvbuf)
{
	struct netwatch *nw;
	int r;

	if (cb == NULL || rcvbuf < 0) {
		log_warnx("%s: invalid arguments", __func__);
		errno = EINVAL;
		return NULL;
	}
	if ((nw = calloc(1, sizeof(*nw))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	nw->cb = cb;
	nw->arg = arg;
	r = nwt_init(&nw->table);
	if (r == 0 && ((nw->evbuf = malloc(NW_BUFSIZE)) == NULL ||
	    (nw->dumpbuf = malloc(NW_BUFSIZE)) == NULL))
		r = -ENOMEM;
	/* Subscribe before dumping: a change made during the dump then
	 * also arrives as an event, so nothing falls between the two. */
	if (r == 0)
		r = nw_open_event(nw, rcvbuf);
	if (r == 0)
		r = nw_open_dump(nw);
	if (r == 0)
		r = nw_resync_now(nw);
	if (r < 0) {
		log_warnx("%s: %s", __func__, strerror(-r));
		nw_close(nw);
		errno = -r;
		return NULL;
	}
	return nw;
}

int
nw_fd(const struct netwatch *nw)
{
	return nl_socket_get_fd(nw->ev);
}

int
nw_dispatch(struct netwatch *nw)
{
	int i, resyncs = 0;
	ssize_t n;

	if (nw->busy)
		return -EBUSY;
	for (i = 0; i < NW_DISPATCH_MAX; i++) {
		n = nw_recv(nl_socket_get_fd(nw->ev), nw->evbuf, NW_BUFSIZE,
		    MSG_DONTWAIT);
		if (n == -EAGAIN)
			break;
		if (n == -ENOBUFS || n == -EMSGSIZE) {
			nw->stats.overflows++;
			log_warnx("%s: netlink %s, resynchronising", __func__,
			    n == -ENOBUFS ? "receive buffer overflow" :
			    "datagram truncated");
			/* under a flood, yield; the fd stays readable */
			if (++resyncs > NW_RESYNC_MAX) {
				nw->resync_pending = 1;
				return -EAGAIN;
			}
			(void)nw_resync_now(nw);
			continue;
		}
		if (n < 0) {
			log_warnx("%s: recv: %s", __func__, strerror(-n));
			return (int)n;
		}
		nw_ev_datagram(nw, nw->evbuf, (int)n);
	}
	if (nw->resync_pending)
		(void)nw_resync_now(nw);
	return nw->resync_pending ? -EAGAIN : 0;
}

int
nw_resync(struct netwatch *nw)
{
	if (nw->busy)
		return -EBUSY;
	return nw_resync_now(nw);
}

struct nw_iface *
nw_lookup(struct netwatch *nw, uint32_t ifindex)
{
	struct nw_entry *e = nwt_find(&nw->table, ifindex);

	return e != NULL ? &e->ifc : NULL;
}

void
nw_foreach(struct netwatch *nw, void (*fn)(struct nw_iface *, void *),
    void *arg)
{
	nw->busy++;
	nwt_foreach(&nw->table, fn, arg);
	nw->busy--;
}

size_t
nw_count(const struct netwatch *nw)
{
	return nw->table.count;
}

void
nw_get_stats(const struct netwatch *nw, struct nw_stats *ret_stats)
{
	*ret_stats = nw->stats;
}

void
nw_close(struct netwatch *nw)
{
	if (nw == NULL)
		return;
	nwt_destroy(&nw->table, 1);
	if (nw->ev != NULL)
		nl_socket_free(nw->ev);		/* closes the fd */
	if (nw->dump != NULL)
		nl_socket_free(nw->dump);
	free(nw->evbuf);
	free(nw->dumpbuf);
	free(nw);
}
