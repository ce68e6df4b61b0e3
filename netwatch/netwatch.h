/*
 * netwatch: the monitor's view of the host's interfaces, kept by netlink
 * (libnl-3 / libnl-route-3).  A table keyed by ifindex, filled by a dump at
 * open and then by link/address events; a receive overflow (ENOBUFS) is
 * repaired by a fresh dump diffed against the table.  No policy here: the
 * monitor decides what is served from the callbacks.
 */
#ifndef STATICHCPD_NETWATCH_H
#define STATICHCPD_NETWATCH_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>

#include "common/ipc.h"		/* IFACE_MAX_ADDR4/6 */

struct nw_iface {
	uint32_t	ifindex;
	char		name[IFNAMSIZ];
	uint8_t		mac[6];
	int		has_mac;	/* 6-byte link address, not all zero */
	unsigned int	flags;		/* IFF_* */
	uint8_t		operstate;	/* IF_OPER_* */
	uint32_t	n_addr4;	/* in the order the kernel gave them */
	struct in_addr	addr4[IFACE_MAX_ADDR4];
	uint32_t	n_addr6;
	struct in6_addr	addr6[IFACE_MAX_ADDR6];
	void		*user;		/* the monitor's per-interface state */
};

enum nw_event {
	NW_IFACE_NEW,		/* first seen (dump or event) */
	NW_IFACE_CHANGED,	/* name, MAC, flags or operstate changed */
	NW_ADDR_CHANGED,	/* the IPv4 or IPv6 address list changed */
	NW_IFACE_DEL,		/* gone; the entry is freed after the call */
};

/*
 * Called for every change, with the table already updated (nw_lookup sees
 * the new state; during NW_IFACE_DEL it already returns NULL).  The
 * pointer stays valid until NW_IFACE_DEL returns; `user' is never touched
 * by netwatch.  A callback may call nw_lookup, nw_count and nw_foreach,
 * never nw_dispatch or nw_resync (they return -EBUSY) nor nw_close.
 */
typedef void (*nw_callback)(enum nw_event, struct nw_iface *, void *arg);

/* Counters for the monitor's statistics. */
struct nw_stats {
	uint64_t	messages;	/* link/address messages applied */
	uint64_t	overflows;	/* ENOBUFS or a truncated datagram */
	uint64_t	resyncs;	/* dumps diffed against the table */
	uint64_t	dump_retries;	/* dumps redone after NLM_F_DUMP_INTR */
};

struct netwatch;

#define NW_DISPATCH_MAX	4096

/* Subscribe, dump links and addresses (NW_IFACE_NEW for each, addresses
 * already filled in), return the handle; NULL with errno and a log line on
 * failure.  The NEW callbacks run before the handle is returned.  rcvbuf:
 * requested receive buffer in bytes (SO_RCVBUFFORCE, SO_RCVBUF when that
 * is not permitted), 0 for libnl's default. */
struct netwatch *nw_open(nw_callback cb, void *arg, int rcvbuf);
/* The event socket's fd, for the event loop (non-blocking). */
int		 nw_fd(const struct netwatch *);
/*
 * Process everything queued without blocking; on overflow resynchronise.
 * 0 when the table is in step with the kernel; -EAGAIN when a resync is
 * still owed (dumps kept being interrupted, or no memory): call
 * nw_resync() later, from a timer; other -errno when the socket failed.
 * Returns early, fd still readable, after NW_DISPATCH_MAX datagrams so
 * one call cannot starve the event loop.
 */
int		 nw_dispatch(struct netwatch *);
/* Full re-dump and diff now (also what an overflow triggers).  0 or
 * -errno (-EAGAIN: every dump was interrupted; the table is unchanged). */
int		 nw_resync(struct netwatch *);
struct nw_iface	*nw_lookup(struct netwatch *, uint32_t ifindex);
void		 nw_foreach(struct netwatch *,
		    void (*fn)(struct nw_iface *, void *), void *arg);
size_t		 nw_count(const struct netwatch *);
void		 nw_get_stats(const struct netwatch *, struct nw_stats *);
/* Frees the table without callbacks: free `user' state first (nw_foreach). */
void		 nw_close(struct netwatch *);

#endif
