#ifndef STATICHCPD_CAPS_H
#define STATICHCPD_CAPS_H

/* Check at start that every capability the start-up needs is effective;
 * logs the missing ones by name and returns -1. */
int	caps_check_startup(void);
/*
 * After start-up keep only what the monitor still needs, in the permitted,
 * effective and bounding sets: CAP_NET_RAW (new packet sockets),
 * CAP_SETUID, CAP_SETGID, CAP_SYS_CHROOT (a restarted responder drops to
 * its user in a chroot), CAP_SETPCAP (so that it can empty its bounding
 * set), CAP_KILL (to stop a hung responder running as another user) and
 * CAP_CHOWN (SQLite gives the -wal and -shm files it creates the
 * database's owner and group, which the responder needs to read them).
 */
int	caps_reduce(void);

#endif
