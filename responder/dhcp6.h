/*
 * DHCPv6 (RFC 8415) as pure functions: parse a message (through up to 32
 * Relay-forward layers), decide the reply for a known client, build it and
 * wrap it back in Relay-reply layers.  No sockets, no database here.
 */
#ifndef STATICHCPD_DHCP6_H
#define STATICHCPD_DHCP6_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "responder/attrval.h"

enum dhcp6_type {
	DHCP6_SOLICIT = 1, DHCP6_ADVERTISE, DHCP6_REQUEST, DHCP6_CONFIRM,
	DHCP6_RENEW, DHCP6_REBIND, DHCP6_REPLY, DHCP6_RELEASE, DHCP6_DECLINE,
	DHCP6_RECONFIGURE, DHCP6_INFORMATION_REQUEST, DHCP6_RELAY_FORW,
	DHCP6_RELAY_REPL,
};

enum dhcp6_opt {
	D6O_CLIENTID = 1, D6O_SERVERID = 2, D6O_IA_NA = 3, D6O_IA_TA = 4,
	D6O_IAADDR = 5, D6O_ORO = 6, D6O_PREFERENCE = 7, D6O_ELAPSED_TIME = 8,
	D6O_RELAY_MSG = 9, D6O_UNICAST = 12, D6O_STATUS_CODE = 13,
	D6O_RAPID_COMMIT = 14, D6O_INTERFACE_ID = 18, D6O_DNS_SERVERS = 23,
	D6O_DOMAIN_LIST = 24, D6O_IA_PD = 25, D6O_IAPREFIX = 26,
	D6O_SNTP_SERVERS = 31, D6O_CLIENT_FQDN = 39,
	D6O_CLIENT_LINKLAYER_ADDR = 79,
};

enum dhcp6_status {
	D6_SUCCESS = 0, D6_UNSPEC_FAIL = 1, D6_NO_ADDRS_AVAIL = 2,
	D6_NO_BINDING = 3, D6_NOT_ON_LINK = 4, D6_USE_MULTICAST = 5,
	D6_NO_PREFIX_AVAIL = 6,
};

#define DHCP6_DUID_MAX		128	/* RFC 8415 11.1 */
#define DHCP6_MAX_RELAYS	32	/* nesting accepted */
#define DHCP6_MAX_IAS		16	/* IAs answered per message (E8) */
#define DHCP6_MAX_IA_ITEMS	8	/* addresses/prefixes read per IA */
#define DHCP6_ORO_MAX		128
#define DHCP6_REPLY_MAX		1452	/* 1500 less IPv6 and UDP headers */

struct dhcp6_held {			/* an address or prefix in the request */
	struct in6_addr	addr;
	uint8_t		plen;		/* IA_PD only */
};

struct dhcp6_ia {
	uint16_t		type;	/* D6O_IA_NA, D6O_IA_TA, D6O_IA_PD */
	uint32_t		iaid;
	size_t			n_held;
	struct dhcp6_held	held[DHCP6_MAX_IA_ITEMS];
};

struct dhcp6_relay {
	uint8_t			hop_count;
	struct in6_addr		link, peer;
	const uint8_t		*interface_id;	/* into the request buffer */
	size_t			interface_id_len;
	bool			has_lladdr;	/* option 79, Ethernet only */
	uint8_t			lladdr[6];
};

struct dhcp6_msg {
	uint8_t			type;
	uint8_t			xid[3];
	size_t			client_id_len;		/* 0: absent */
	uint8_t			client_id[DHCP6_DUID_MAX];
	size_t			server_id_len;		/* 0: absent */
	uint8_t			server_id[DHCP6_DUID_MAX];
	size_t			n_oro;
	uint16_t		oro[DHCP6_ORO_MAX];
	bool			rapid_commit;
	bool			has_ia;		/* any IA, even past the cap */
	size_t			n_ias;
	struct dhcp6_ia		ias[DHCP6_MAX_IAS];
	/* outermost first; the client message is inside relays[n - 1] */
	size_t			n_relays;
	struct dhcp6_relay	relays[DHCP6_MAX_RELAYS];
};

/* 0, or -EBADMSG with *ret_reason (static) for the drop log. */
int	dhcp6_parse(const uint8_t *buf, size_t len, struct dhcp6_msg *ret,
	    const char **ret_reason);

/* RFC 8415 16: presence rules per type (server id match is checked
 * later, against the server interface).  0 or -EBADMSG with reason. */
int	dhcp6_validate(const struct dhcp6_msg *, const char **ret_reason);

/* The 3.09 database key of a DUID (SPEC 4).  0 or -EINVAL. */
int	dhcp6_duid_key(const uint8_t *duid, size_t len, char *buf,
	    size_t buflen);

struct dhcp6_value {
	uint16_t		code;
	uint32_t		max_count;
	struct attr_value	val;
};

#define CLIENT6_MAX_VALUES	512

/* A known client: its rows, parsed (SPEC 4). */
struct client6 {
	size_t			n;
	struct dhcp6_value	values[CLIENT6_MAX_VALUES];	/* rowid order */
};

struct dhcp6_params {
	uint32_t	t1, t2, pref, valid;	/* config defaults */
	bool		ignore_iaid;		/* disable_ia_id */
	uint8_t		server_duid[10];	/* DUID-LL of the server iface */
	size_t		server_duid_len;
	bool		unicast_request;	/* direct, to a unicast address */
};

struct dhcp6_reply {
	uint8_t		type;			/* 0: no reply */
	const char	*reason;
	size_t		len;
	uint8_t		buf[DHCP6_REPLY_MAX];
};

/* Decide and build (relay-wrapped) the reply.  Returns the inner reply
 * type (ADVERTISE or REPLY) or 0 for silence, with reply->reason. */
int	dhcp6_handle(const struct dhcp6_params *, const struct dhcp6_msg *,
	    const struct client6 *, struct dhcp6_reply *);

/* The lifetimes that apply to a client (SPEC 6 sanity rules). */
void	dhcp6_lifetimes(const struct dhcp6_params *, const struct client6 *,
	    uint32_t *ret_t1, uint32_t *ret_t2, uint32_t *ret_pref,
	    uint32_t *ret_valid);

const char *dhcp6_type_name(uint8_t type);

#endif
