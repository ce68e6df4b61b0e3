/* The privileged monitor process. */
#ifndef STATICHCPD_MONITOR_H
#define STATICHCPD_MONITOR_H

#include <regex.h>
#include <sys/types.h>

#include "common/config.h"
#include "common/ipc.h"

struct event_base;
struct nw_iface;

struct monitor_opts {
	const char	*config_file;
	const char	*config_dir;	/* -a, NULL if not given */
	const char	*pid_file;	/* -p, NULL: from the configuration */
	int		 foreground;
	int		 verbose;
};

/* Start-up, event loop, clean exit; returns the exit status. */
int	monitor_main(const struct monitor_opts *);
/* -t: configuration, attribute files, user and chroot checks; 0 or -1. */
int	monitor_check_config(const struct monitor_opts *);

/* Supervision of the responder (supervise.c). */
void	supervise_init(struct event_base *, const struct msg_config *);
void	supervise_set_config(const struct msg_config *);
/* The ceiling of the restart back-off (responder_restart_max_delay). */
void	supervise_set_max_delay(unsigned seconds);
/*
 * The delay before the next restart: 250 ms the first time and after a
 * healthy run, else twice the last delay, up to max_ms.
 */
unsigned supervise_backoff(unsigned last_ms, int healthy, unsigned max_ms);
void	supervise_start(void);
/* SIGCHLD: reap; schedule a restart with back-off if it was ours. */
void	supervise_reap(void);
/* Close the channel (the responder exits) and wait for it, bounded. */
void	supervise_stop(void);
/* Restart now (after a reload): the new one gets the new configuration. */
void	supervise_restart(void);
pid_t	supervise_pid(void);
/* Queue a message for the responder (fd duplicated, may be -1). */
void	supervise_send(uint32_t type, const void *data, size_t len, int fd);

/* NULL if a responder may send m, else the violation (supervise.c). */
const char *supervise_check_message(const struct ipc_msg *m,
	    int already_ready);

/* Called by supervise.c when a new responder needs every fd again. */
void	monitor_send_all(void);
/* Fill a msg_iface from netwatch's view. */
void	monitor_iface_msg(const struct nw_iface *, uint32_t generation,
	    struct msg_iface *ret);

/* pid file: created and locked, or -1 with a log line (already running). */
int	pidfile_create(const char *path);
/* Rewrite the pid (after daemonising). */
int	pidfile_update(int fd);
void	pidfile_remove(const char *path, int fd);

#endif
