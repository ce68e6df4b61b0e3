/*
 * DHCPv4 (RFC 2131/2132) as pure functions: parse a request, decide the
 * reply for a client whose configuration is already known, build the reply
 * bytes and say where they must go.  No sockets, no database here.
 */
#ifndef STATICHCPD_DHCP4_H
#define STATICHCPD_DHCP4_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "responder/attrval.h"

#define DHCP4_FIXED_LEN		236	/* BOOTP header up to the options */
#define DHCP4_MIN_LEN		240	/* ... plus the magic cookie */
#define DHCP4_SNAME_OFF		44
#define DHCP4_SNAME_LEN		64
#define DHCP4_FILE_OFF		108
#define DHCP4_FILE_LEN		128
#define DHCP4_MIN_MAX_SIZE	576	/* RFC 2131 section 2: IP datagram */
#define DHCP4_UDP_IP_LEN	28
#define DHCP4_REPLY_MAX		1472	/* Ethernet MTU less IP and UDP */
#define DHCP4_MAX_HOPS		16
#define DHCP4_FLAG_BROADCAST	0x8000

enum dhcp4_type {
	DHCPDISCOVER = 1, DHCPOFFER, DHCPREQUEST, DHCPDECLINE, DHCPACK,
	DHCPNAK, DHCPRELEASE, DHCPINFORM,
};

enum dhcp4_opt {
	DHO_PAD = 0, DHO_SUBNET_MASK = 1, DHO_ROUTERS = 3,
	DHO_DOMAIN_NAME_SERVERS = 6, DHO_HOST_NAME = 12, DHO_STATIC_ROUTES = 33,
	DHO_REQUESTED_ADDRESS = 50, DHO_LEASE_TIME = 51, DHO_OVERLOAD = 52,
	DHO_MESSAGE_TYPE = 53, DHO_SERVER_ID = 54, DHO_PARAMETER_LIST = 55,
	DHO_MESSAGE = 56, DHO_MAX_MESSAGE_SIZE = 57, DHO_RENEWAL_TIME = 58,
	DHO_REBINDING_TIME = 59, DHO_CLIENT_ID = 61, DHO_RAPID_COMMIT = 80,
	DHO_RELAY_AGENT_INFO = 82, DHO_DOMAIN_SEARCH = 119,
	DHO_CLASSLESS_ROUTES = 121, DHO_END = 255,
};

/* Concatenated (RFC 3396) option bodies are kept up to these sizes. */
#define DHCP4_PRL_MAX		512
#define DHCP4_CLIENT_ID_MAX	255
#define DHCP4_RELAY_INFO_MAX	1024

struct dhcp4_msg {
	uint8_t		htype, hlen, hops;
	uint32_t	xid;			/* as on the wire */
	uint16_t	flags;			/* host order */
	struct in_addr	ciaddr, yiaddr, giaddr;
	uint8_t		chaddr[16];
	uint8_t		type;			/* option 53 */
	bool		has_requested_ip;
	struct in_addr	requested_ip;		/* option 50 */
	bool		has_server_id;
	struct in_addr	server_id;		/* option 54 */
	bool		has_lease_time;
	uint32_t	lease_time;		/* option 51 */
	uint16_t	max_size;		/* option 57, 0 if absent */
	size_t		prl_len;
	uint8_t		prl[DHCP4_PRL_MAX];	/* option 55 */
	bool		has_client_id;
	size_t		client_id_len;
	uint8_t		client_id[DHCP4_CLIENT_ID_MAX];
	bool		has_relay_info;
	size_t		relay_info_len;
	uint8_t		relay_info[DHCP4_RELAY_INFO_MAX];
};

/* Parse a BOOTREQUEST.  0, or -EBADMSG with *ret_reason set (static). */
int	dhcp4_parse(const uint8_t *buf, size_t len, struct dhcp4_msg *ret,
	    const char **ret_reason);

/* One configured option value, already parsed from its database text. */
struct dhcp4_value {
	uint16_t		code;
	uint32_t		max_count;
	struct attr_value	val;
};

#define CLIENT4_MAX_VALUES	512

/* A known client: what the database holds for it (SPEC section 4). */
struct client4 {
	bool			has_address;
	struct in_addr		address;	/* attribute 256 */
	bool			has_server_id;
	struct in_addr		server_id;	/* attribute 258 */
	size_t			n;
	struct dhcp4_value	values[CLIENT4_MAX_VALUES];	/* rowid order */
};

struct dhcp4_params {
	uint32_t	default_lease_time;
	uint32_t	max_lease_time;
	struct in_addr	server_id;	/* 258, else the interface's first */
};

enum dhcp4_dest_kind {
	DEST_NONE = 0,
	DEST_UDP,		/* UDP socket to dst_ip:dst_port */
	DEST_FRAME_UNICAST,	/* Ethernet frame to chaddr, IP dst_ip */
	DEST_FRAME_BROADCAST,	/* ff:ff:ff:ff:ff:ff, 255.255.255.255 */
};

struct dhcp4_reply {
	uint8_t			type;		/* 0: no reply */
	const char		*reason;	/* for the log line */
	size_t			len;
	uint8_t			buf[DHCP4_REPLY_MAX];
	enum dhcp4_dest_kind	dest;
	struct in_addr		dst_ip;
	uint16_t		dst_port;
	uint8_t			dst_mac[6];
	int			truncated;	/* options left out: logged */
};

/*
 * Decide and build the reply to req for client (SPEC section 5).  Returns
 * the reply type (DHCPOFFER, DHCPACK, DHCPNAK) or 0 for silence; either way
 * reply->reason says why, for the per-request log line.
 */
int	dhcp4_handle(const struct dhcp4_params *, const struct dhcp4_msg *req,
	    const struct client4 *client, struct dhcp4_reply *reply);

/* Where a reply of this type to req goes (RFC 2131 section 4.1). */
void	dhcp4_destination(const struct dhcp4_msg *req, uint8_t type,
	    struct in_addr yiaddr, struct dhcp4_reply *reply);

/* Encode the values of option code (up to max_count of them) into w as
 * the option's body (no code/length).  0, -ENOENT (none usable), -ENOBUFS. */
int	dhcp4_encode_values(const struct client4 *, uint8_t code,
	    uint8_t *buf, size_t cap, size_t *ret_len);

const char *dhcp4_type_name(uint8_t type);

#endif
