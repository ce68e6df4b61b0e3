/* The unprivileged responder process. */
#ifndef STATICHCPD_RESPONDER_H
#define STATICHCPD_RESPONDER_H

#include "common/ipc.h"
#include "common/stats.h"

struct db;
struct iface;
struct frame_info;


struct responder {
	int				 ipc;
	struct msg_config		 cfg;
	struct db			*db;
	int				 udp4;
	int				 udp6;
	struct stats_counters		 cnt;	/* all interfaces */
};

extern struct responder	responder_state;

/* Count on the interface (when known) and in the total. */
#define COUNT(r, ifp, field) do {					\
	(r)->cnt.field++;						\
	if ((ifp) != NULL) {						\
		(ifp)->cnt.field++;					\
		(ifp)->stats_dirty = 1;					\
	}								\
} while (0)

/* Run the responder on the IPC socket; returns the exit status. */
int	responder_main(int ipc_fd);
void	responder_drop_privileges(const struct msg_config *);
/* Install the seccomp allow-list (sandbox.c); 0 or -1. */
int	responder_sandbox(void);
/* A DHCPv4 request that arrived on ifp (serve4.c). */
void	serve4(struct responder *, struct iface *, const struct frame_info *);
/* A DHCPv6 message that arrived on ifp (serve6.c). */
void	serve6(struct responder *, struct iface *, const struct frame_info *);

#endif
