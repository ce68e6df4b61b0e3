/* The unprivileged responder process. */
#ifndef STATICHCPD_RESPONDER_H
#define STATICHCPD_RESPONDER_H

#include "common/attrs.h"
#include "common/ipc.h"
#include "common/stats.h"

struct db;
struct iface;
struct frame_info;
struct tpacket_auxdata;


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

/*
 * One frame from ifp's packet socket (aux: the kernel's PACKET_AUXDATA, or
 * NULL): the whole path from Ethernet to the reply on the wire.  Public for
 * the fuzzers, which drive it with responder_state set up by hand.
 */
void	responder_input(struct iface *, const uint8_t *buf, size_t len,
	    const struct tpacket_auxdata *aux);

/* Run the responder on the IPC socket; returns the exit status. */
int	responder_main(int ipc_fd);
void	responder_drop_privileges(const struct msg_config *);
/* Install the seccomp allow-list (sandbox.c); 0 or -1. */
int	responder_sandbox(void);
/*
 * The client row for key (a MAC, or a DHCPv6 key) on ifp (lookup.c): 0, or
 * -1 with the outcome counted and logged: the packet is dropped.
 */
struct db_result;
int	serve_lookup(struct responder *, struct iface *, enum attr_family,
	    const char *key, struct db_result *);
/* A DHCPv4 request that arrived on ifp (serve4.c). */
void	serve4(struct responder *, struct iface *, const struct frame_info *);
/* A DHCPv6 message that arrived on ifp (serve6.c). */
void	serve6(struct responder *, struct iface *, const struct frame_info *);

#endif
