/*
 * Packet sockets per SPEC section 9: protocol 0 at creation so nothing is
 * queued before the filter is in place, an inbound-only classic BPF filter
 * for UDP to 67 (IPv4) and 547 (IPv6), locked, then bound to the interface.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "monitor/sockets.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING	23
#endif
#ifndef SO_LOCK_FILTER
#define SO_LOCK_FILTER		44
#endif

#define PKT_RCVBUF	(1 << 20)

/*
 * Accept: not outgoing; untagged IPv4, UDP, not a fragment, dport 67; or
 * untagged IPv6 with UDP as the next header, dport 547.
 */
static struct sock_filter dhcp_filter[] = {
	/* 0 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
	/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 15, 0),
	/* 2 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
	/* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 7),
	/* 4 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
	/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 11),
	/* 6 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),
	/* 7 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x3fff, 9, 0),
	/* 8 */ BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),
	/* 9 */ BPF_STMT(BPF_LD | BPF_H | BPF_IND, 16),
	/* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 67, 5, 6),
	/* 11 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IPV6, 0, 5),
	/* 12 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 20),
	/* 13 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 3),
	/* 14 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 56),
	/* 15 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 547, 0, 1),
	/* 16 */ BPF_STMT(BPF_RET | BPF_K, 0x40000),
	/* 17 */ BPF_STMT(BPF_RET | BPF_K, 0),
};

int
pktsock_open(uint32_t ifindex)
{
	struct sock_fprog prog = {
		.len = sizeof(dhcp_filter) / sizeof(dhcp_filter[0]),
		.filter = dhcp_filter,
	};
	struct sockaddr_ll sll;
	int fd, one = 1, rcvbuf = PKT_RCVBUF, err;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, &one, sizeof(one)) == -1 ||
	    setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) == -1)
		goto fail;
	/* optional: older kernels lack it, the filter drops outgoing anyway */
	setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1)
		goto fail;
	return fd;
fail:
	err = -errno;
	close(fd);
	return err;
}

/*
 * The UDP sockets only send (SPEC 9): requests are read from the packet
 * sockets.  Whatever else they would receive is a copy; a filter that
 * drops it all spares the responder a wake-up and two reads per request.
 * It is attached before bind, so nothing is ever queued (the responder's
 * drain stays, for a kernel that refuses the filter).
 */
static struct sock_filter drop_all[] = {
	BPF_STMT(BPF_RET | BPF_K, 0),
};

static void
udp_drop_input(int fd)
{
	struct sock_fprog prog = { .len = 1, .filter = drop_all };
	int one = 1;

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, &one, sizeof(one)) == -1)
		log_warn("%s: UDP input filter", __func__);
}

int
udp4_open(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(67) };
	int fd, one = 1, err;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -errno;
	udp_drop_input(fd);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int
udp6_open(void)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
	    .sin6_port = htons(547), .sin6_addr = IN6ADDR_ANY_INIT };
	int fd, one = 1, err;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -errno;
	udp_drop_input(fd);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
	    sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == -1) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}
