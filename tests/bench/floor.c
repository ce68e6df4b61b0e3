/*
 * floor: the cheapest DHCPv4 "server" there can be, as a yardstick for the
 * benchmark.  It answers every DISCOVER that arrives on IFACE's packet
 * socket with the same frame turned round (op BOOTREPLY, message type
 * OFFER, sent back to the client's MAC): an epoll wait, a recvmmsg and a
 * send per wake-up, no parsing, no database, no logging.  Its CPU time per
 * answer is what waking up, receiving and sending cost on this machine:
 * what no real server can go below.
 *
 *   floor -i IFACE [-t SECONDS]
 */
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH	16
#define BUFLEN	2048

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

int
main(int argc, char **argv)
{
	/* inbound IPv4 UDP to port 67 (IHL 5 assumed: the load is ours) */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 5, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 36),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 67, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };
	static uint8_t bufs[BATCH][BUFLEN];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	struct epoll_event ev = { .events = EPOLLIN };
	struct sockaddr_ll sll;
	struct ifreq ifr;
	const char *ifname = NULL;
	double seconds = 3600;
	uint8_t mac[6];
	unsigned long long answered = 0;
	int fd, ep, c, i, n;
	time_t end;

	while ((c = getopt(argc, argv, "i:t:")) != -1) {
		if (c == 'i')
			ifname = optarg;
		else if (c == 't')
			seconds = strtod(optarg, NULL);
		else
			ifname = NULL, argc = 0;
	}
	if (ifname == NULL) {
		fprintf(stderr, "usage: floor -i IFACE [-t SECONDS]\n");
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if ((fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, 0)) == -1)
		die("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1)
		die("SO_ATTACH_FILTER");
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == -1)
		die("SIOCGIFHWADDR");
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	if ((sll.sll_ifindex = (int)if_nametoindex(ifname)) == 0)
		die(ifname);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1)
		die("bind");
	if ((ep = epoll_create1(0)) == -1 || epoll_ctl(ep, EPOLL_CTL_ADD, fd,
	    &ev) == -1)
		die("epoll");
	end = time(NULL) + (time_t)seconds;
	while (!stop && time(NULL) < end) {
		if (epoll_wait(ep, &ev, 1, 1000) <= 0)
			continue;
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = BUFLEN;
			memset(&mm[i], 0, sizeof(mm[i]));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		n = recvmmsg(fd, mm, BATCH, MSG_DONTWAIT, NULL);
		for (i = 0; i < n; i++) {
			uint8_t *f = bufs[i];

			if (mm[i].msg_len < 14 + 20 + 8 + 243)
				continue;
			memcpy(f, f + 6, 6);		/* to the client */
			memcpy(f + 6, mac, 6);
			f[14 + 20 + 8] = 2;		/* BOOTREPLY */
			f[14 + 20 + 2] = 0;		/* to port 68 */
			f[14 + 20 + 3] = 68;
			f[14 + 20 + 6] = f[14 + 20 + 7] = 0; /* no checksum */
			f[14 + 20 + 8 + 242] = 2;	/* DHCPOFFER */
			if (send(fd, f, mm[i].msg_len, MSG_DONTWAIT) > 0)
				answered++;
		}
	}
	printf("answered=%llu\n", answered);
	return 0;
}
