/* The responder's interfaces: what the monitor told it, plus the packet
 * socket and its event.  Looked up by ifindex (packets) and by name (the
 * server interface a database row names). */
#ifndef STATICHCPD_IFACE_H
#define STATICHCPD_IFACE_H

#include <stdint.h>

#include "common/ipc.h"
#include "common/stats.h"

struct event;

struct iface {
	struct msg_iface	 info;		/* index, name, MAC, addresses */
	int			 fd;		/* packet socket */
	struct event		*ev;
	struct iface		*next_by_index;
	struct iface		*next_by_name;
	/* rate limiting (SPEC section 7) */
	uint64_t		 window_start_ms;
	uint32_t		 window_count;
	struct event		*ev_resume;	/* while paused */
	uint32_t		 paused_read;	/* read with the frame that
						   tripped the pause: dropped */
	struct stats_counters	 cnt;
	int			 stats_dirty;	/* changed since last report */
};

struct iface	*iface_find_index(uint32_t ifindex);
struct iface	*iface_find_name(const char *name);
/* Insert a new entry (the caller fills info/fd after); NULL on ENOMEM. */
struct iface	*iface_add(const struct msg_iface *info);
/* Re-key after the name changed. */
void		 iface_update(struct iface *, const struct msg_iface *info);
/* Unlink and free; the caller has closed fd and freed ev. */
void		 iface_remove(struct iface *);
void		 iface_foreach(void (*fn)(struct iface *, void *), void *arg);
size_t		 iface_count(void);

#endif
