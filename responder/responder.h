/* The unprivileged responder process. */
#ifndef STATICHCPD_RESPONDER_H
#define STATICHCPD_RESPONDER_H

#include "common/ipc.h"

struct db;
struct iface;
struct frame_info;

struct responder_counters {
	uint64_t	malformed;
	uint64_t	unknown_client;
	uint64_t	mac_mismatch;
	uint64_t	db_busy;
	uint64_t	db_unavailable;
	uint64_t	config_error;
	uint64_t	in_v4[9];	/* by DHCPv4 message type */
	uint64_t	out_v4[9];
	uint64_t	in_v6[14];	/* by DHCPv6 message type */
	uint64_t	out_v6[14];
	uint64_t	send_errors;
	uint64_t	rate_limited;	/* frames dropped while paused */
	uint64_t	pauses;
};

struct responder {
	int				 ipc;
	struct msg_config		 cfg;
	struct db			*db;
	int				 udp4;
	int				 udp6;
	struct responder_counters	 cnt;
};

extern struct responder	responder_state;

/* Run the responder on the IPC socket; returns the exit status. */
int	responder_main(int ipc_fd);
void	responder_drop_privileges(const struct msg_config *);
/* A DHCPv4 request that arrived on ifp (serve4.c). */
void	serve4(struct responder *, struct iface *, const struct frame_info *);
/* A DHCPv6 message that arrived on ifp (serve6.c). */
void	serve6(struct responder *, struct iface *, const struct frame_info *);

#endif
