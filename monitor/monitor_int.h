/* Shared inside the monitor: its per-interface state (netwatch's user). */
#ifndef STATICHCPD_MONITOR_INT_H
#define STATICHCPD_MONITOR_INT_H

#include <stdint.h>

#include "common/ipc.h"
#include "common/stats.h"

struct netwatch;

struct mon_iface {
	int			served;
	int			fd;		/* packet socket while served */
	uint32_t		generation;
	struct stats_counters	base;	/* from responders that have exited */
	struct stats_counters	cur;	/* the running responder's report */
};

/* mstats.c */
void	mstats_init(struct netwatch *);
void	mstats_report(const struct msg_stats *);
void	mstats_responder_gone(void);
void	mstats_log(void);
int	mstats_write(const char *path);

#endif
