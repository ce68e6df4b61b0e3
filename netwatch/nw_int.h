/*
 * netwatch internals shared by netwatch.c, nw_table.c and nw_parse.c.
 * Not part of the contract: only the netwatch sources include this.
 */
#ifndef STATICHCPD_NW_INT_H
#define STATICHCPD_NW_INT_H

#include <linux/netlink.h>

#include <stddef.h>
#include <stdint.h>

#include "netwatch/netwatch.h"

/*
 * One interface.  Callbacks and nw_lookup() hand out &e->ifc, which stays
 * at the same address for the interface's whole life (entries are never
 * moved or copied once in the table), so the monitor may keep the pointer
 * until NW_IFACE_DEL.
 */
struct nw_entry {
	struct nw_iface	 ifc;
	struct nw_entry	*next;		/* hash chain */
	struct nw_entry	*order;		/* snapshot only: dump order */
	/* The kernel tells IPv4 addresses apart by local, peer and prefix
	 * length (10.0.0.1/24 and 10.0.0.1/16 may both exist), so the key
	 * is kept beside addr4[] to match deletions exactly. */
	struct in_addr	 peer4[IFACE_MAX_ADDR4];
	uint8_t		 plen4[IFACE_MAX_ADDR4];
	/* Set when the kernel holds more addresses than we keep: deleting a
	 * kept one must refill the list from a dump. */
	uint8_t		 trunc4;
	uint8_t		 trunc6;
};

/* Hash table keyed by ifindex; chains, power-of-two bucket count. */
struct nw_table {
	struct nw_entry	**buckets;
	size_t		  nbuckets;
	size_t		  count;
};

int		 nwt_init(struct nw_table *);
/* Frees the buckets and, with free_entries, every entry still chained. */
void		 nwt_destroy(struct nw_table *, int free_entries);
struct nw_entry	*nwt_find(const struct nw_table *, uint32_t ifindex);
void		 nwt_insert(struct nw_table *, struct nw_entry *);
struct nw_entry	*nwt_remove(struct nw_table *, uint32_t ifindex);
/* Unlink every entry of t whose ifindex is not in keep; returns them
 * chained through ->next. */
struct nw_entry	*nwt_extract_missing(struct nw_table *t,
		    const struct nw_table *keep);
void		 nwt_foreach(const struct nw_table *,
		    void (*fn)(struct nw_iface *, void *), void *arg);

/* What one RTM_*LINK or RTM_*ADDR message says. */
struct nw_link {
	uint32_t	ifindex;
	char		name[IFNAMSIZ];
	uint8_t		mac[6];
	int		has_mac;
	unsigned int	flags;
	uint8_t		operstate;
};

struct nw_addr {
	uint32_t	ifindex;
	int		family;		/* AF_INET or AF_INET6 */
	struct in_addr	local4;
	struct in_addr	peer4;		/* 0.0.0.0 unless a peer differs */
	struct in6_addr	local6;
	uint8_t		plen;
};

struct nw_parsed {
	int		type;		/* RTM_NEWLINK ... RTM_DELADDR */
	struct nw_link	link;
	struct nw_addr	addr;
};

/*
 * Parse one rtnetlink message through libnl (nl_msg_parse into an
 * rtnl_link or rtnl_addr).  0 with *out filled; -ENOENT for messages
 * netwatch does not follow (other types, AF_BRIDGE link messages, other
 * address families, incomplete ones); -ENOMEM.
 */
int		 nw_parse(struct nlmsghdr *, struct nw_parsed *out);

/* Copy a link's state into ifc; 1 when name, MAC, flags or operstate
 * changed. */
int		 nw_link_update(struct nw_iface *ifc, const struct nw_link *);
/* Add or delete one address; 1 when the list changed. */
int		 nw_addr_add(struct nw_entry *, const struct nw_addr *);
int		 nw_addr_del(struct nw_entry *, const struct nw_addr *);
/* Give e the address lists of s (a dump); 1 when they changed. */
int		 nw_addr_sync(struct nw_entry *e, const struct nw_entry *s);

#endif
