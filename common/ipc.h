/*
 * Monitor <-> responder protocol over a SOCK_SEQPACKET socketpair.
 *
 * One message per datagram: a header, then a payload whose size must match
 * the type exactly (MSG_LOG: at most).  A message carries at most one file
 * descriptor (SCM_RIGHTS), and only when IPC_F_FD is set.  Numbers are never
 * reused; new types go at the end of their block.
 */
#ifndef STATICHCPD_IPC_H
#define STATICHCPD_IPC_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

#include "common/log.h"
#include "common/stats.h"

enum msg_type {
	MSG_NONE		= 0,
	/* monitor -> responder */
	MSG_CONFIG		= 1,	/* msg_config; first message */
	MSG_IFACE_ADD		= 2,	/* msg_iface + packet socket fd */
	MSG_IFACE_UPDATE	= 3,	/* msg_iface: name/addresses changed */
	MSG_IFACE_DEL		= 4,	/* msg_iface_del */
	MSG_UDP_SOCKET		= 5,	/* msg_udp_socket + fd */
	/* responder -> monitor */
	MSG_LOG			= 64,	/* msg_log (variable, bounded) */
	MSG_RESPONDER_READY	= 65,	/* no payload: privileges dropped */
	MSG_STATS		= 66,	/* msg_stats: absolute counters */
	MSG_LOG_BATCH		= 67,	/* log records (ipc_log_append) */
	MSG_TYPE_MAX
};

#define IPC_F_FD		0x1

struct ipc_hdr {
	uint32_t	type;
	uint32_t	len;		/* payload bytes after the header */
	uint32_t	flags;
};

#define IPC_MAX_PAYLOAD		12288

struct ipc_msg {
	struct ipc_hdr	hdr;
	int		fd;		/* -1 unless IPC_F_FD */
	uint8_t		data[IPC_MAX_PAYLOAD];
};

#define CONFIG_F_ROUTE_UDPSOCK	0x01	/* disable_routing_with_udpsock */
#define CONFIG_F_ROUTE_RAWSOCK	0x02	/* disable_routing_with_rawsock */
#define CONFIG_F_MAC_AS_DUID	0x04	/* use_mac_as_client_duid */
#define CONFIG_F_NO_IA_ID	0x08	/* disable_ia_id */
#define CONFIG_F_VERBOSE	0x10

struct msg_config {
	uint32_t	flags;
	uint32_t	ratelimit;
	uint32_t	default_lease_time;
	uint32_t	max_lease_time;
	uint32_t	renew_time;
	uint32_t	rebind_time;
	uint32_t	pref_lifetime;
	uint32_t	valid_lifetime;
	char		user[64];
	char		chroot_dir[PATH_MAX];
	char		db_path[PATH_MAX];	/* as seen inside the chroot */
};

#define IFACE_MAX_ADDR4		16
#define IFACE_MAX_ADDR6		16

struct msg_iface {
	uint32_t	ifindex;
	uint32_t	generation;	/* changes when the fd is replaced */
	char		name[IFNAMSIZ];
	uint8_t		mac[6];
	uint8_t		pad[2];
	uint32_t	n_addr4;
	struct in_addr	addr4[IFACE_MAX_ADDR4];
	uint32_t	n_addr6;
	struct in6_addr	addr6[IFACE_MAX_ADDR6];
};

struct msg_iface_del {
	uint32_t	ifindex;
	uint32_t	generation;
};

struct msg_udp_socket {
	uint32_t	family;		/* AF_INET or AF_INET6 */
};

struct msg_log {
	int32_t		priority;
	char		text[LOG_LINE_MAX];	/* NUL-terminated */
};

/*
 * MSG_LOG_BATCH: one or more records back to back, each an int32 priority
 * (host order, unaligned) followed by a NUL-terminated text shorter than
 * LOG_LINE_MAX.  The responder sends its lines this way, a few per
 * message, so that the monitor is not woken once per line.
 */
#define IPC_LOG_REC_MIN		(sizeof(int32_t) + 1)

/* Append a record at *off (the text is cut to LOG_LINE_MAX - 1 bytes).
 * Returns 0, or -1 when it does not fit in cap (nothing written). */
int	ipc_log_append(uint8_t *buf, size_t cap, size_t *off, int priority,
	    const char *text);
/* The record at *off, which is advanced past it.  Returns 1 with a record,
 * 0 at the end, -1 when the rest is not a well-formed record. */
int	ipc_log_next(const uint8_t *buf, size_t len, size_t *off,
	    int *priority, const char **text);

/* Counters since this responder started; ifindex 0 = all interfaces. */
struct msg_stats {
	uint32_t		ifindex;
	uint32_t		pad;
	struct stats_counters	c;
};

const char *msg_type_name(uint32_t type);

/*
 * Send one message; fd >= 0 is passed along (the caller keeps its copy).
 * Returns 0 or -errno (-EAGAIN on a full non-blocking socket).
 */
int	ipc_send(int sock, uint32_t type, const void *data, size_t len, int fd);

/*
 * Receive one message into *m and check its framing: header present, len
 * equal to what arrived, no truncation, fd present exactly when flagged
 * (extra fds are closed).  Returns 1 with a message, 0 on EOF, -EAGAIN
 * when nothing is queued, -EBADMSG on a framing violation, -errno else.
 */
int	ipc_recv(int sock, struct ipc_msg *m);

/* Payload size check for the message's type (exact, or bounded for LOG). */
int	ipc_check_size(const struct ipc_msg *m);

#endif
