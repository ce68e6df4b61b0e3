/*
 * loadgen: a DHCP load generator for the statichcpd benchmark.
 *
 * Replays pre-built DHCPv4 DISCOVER (or, with -6, DHCPv6 SOLICIT) frames for
 * many clients on an AF_PACKET socket, at a fixed rate or as fast as
 * possible, for a bounded time, and counts the OFFERs / ADVERTISEs that come
 * back, matched by transaction id and client.  It reports what was sent,
 * what was answered, answers per second and the reply latency percentiles.
 *
 *   loadgen -i IFACE [-6] [-n CLIENTS] [-m BASEMAC] [-r RATE] [-t SECONDS]
 *           [-w DRAIN_MS] [-1] [-u] [-q]
 *
 * Client k (0 <= k < CLIENTS) has the MAC BASEMAC + k (48-bit addition).
 * DHCPv4: the frame's source MAC and chaddr are the client's, the broadcast
 * flag is clear.  DHCPv6: frames come from IFACE's own MAC and link-local
 * address (so the server's reply can be delivered), the client identifier is
 * the DUID-LL 00:03:00:01:<client MAC>.  -r 0 sends as fast as the socket
 * takes frames.  -1 stops at the first answer and prints when it came
 * (CLOCK_REALTIME, microseconds): for "time to first answer" measurements.
 * -u sets IFACE up (SIOCSIFFLAGS) just before the first send and reports
 * the time from there to the first answer: with IFACE one end of a veth
 * pair, that is when the server's end becomes operational.
 *
 * Output: one line of key=value pairs (stdout).  Exit status 0 when at
 * least one answer came, 1 when none, 2 on a usage or system error.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH		64		/* frames per sendmmsg/recvmmsg */
#define FRAME_LEN	342		/* Ethernet + IPv4 + UDP + 300 BOOTP */
#define FRAME6_LEN	(14 + 40 + 8 + 4 + 14 + 16 + 6 + 6)
#define MAX_SENDS	(1u << 24)	/* DHCPv6 transaction ids are 24 bits */
#define RX_LEN		2048

struct opts {
	const char	*ifname;
	int		 v6;
	uint32_t	 nclients;
	uint64_t	 basemac;
	double		 rate;		/* 0: as fast as possible */
	double		 seconds;
	int		 drain_ms;
	int		 first;
	int		 link_up;
	int		 quiet;
};

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

static void
usage(void)
{
	fprintf(stderr, "usage: loadgen -i IFACE [-6] [-n CLIENTS] "
	    "[-m BASEMAC] [-r RATE] [-t SECONDS] [-w DRAIN_MS] [-1] [-u] "
	    "[-q]\n");
	exit(2);
}

static uint64_t
now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
parse_mac(const char *s, uint64_t *ret)
{
	unsigned b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
	    &b[5]) != 6)
		return -1;
	*ret = 0;
	for (i = 0; i < 6; i++) {
		if (b[i] > 255)
			return -1;
		*ret = *ret << 8 | b[i];
	}
	return 0;
}

static void
mac_bytes(uint64_t mac, uint8_t *out)
{
	int i;

	for (i = 5; i >= 0; i--, mac >>= 8)
		out[i] = (uint8_t)mac;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

static uint16_t
csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * One DISCOVER: Ethernet broadcast from the client's MAC, 0.0.0.0:68 to
 * 255.255.255.255:67, correct IPv4 and UDP checksums.  The xid is patched
 * in per send (and the UDP checksum with it): see patch_xid4().
 */
static void
build_discover(uint8_t *f, const uint8_t *mac)
{
	uint8_t *ip = f + 14, *udp = ip + 20, *b = udp + 8, *o;
	uint32_t sum;

	memset(f, 0, FRAME_LEN);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, ETH_P_IP);
	ip[0] = 0x45;
	put16(ip + 2, 20 + 8 + 300);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	memset(ip + 16, 0xff, 4);
	put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, 8 + 300);
	b[0] = 1;			/* BOOTREQUEST */
	b[1] = 1;			/* Ethernet */
	b[2] = 6;
	memcpy(b + 28, mac, 6);		/* chaddr */
	put32(b + 236, 0x63825363);	/* magic cookie */
	o = b + 240;
	*o++ = 53; *o++ = 1; *o++ = 1;	/* DHCPDISCOVER */
	*o++ = 55; *o++ = 3; *o++ = 1; *o++ = 3; *o++ = 6;
	*o++ = 255;
	/* checksum over the pseudo header and the datagram, xid 0 */
	sum = csum_add(0, ip + 12, 8);
	sum += IPPROTO_UDP + 8 + 300;
	sum = csum_add(sum, udp, 8 + 300);
	put16(udp + 6, csum_fold(sum));
}

static void
patch_xid4(uint8_t *f, uint32_t xid)
{
	uint8_t *udp = f + 14 + 20, *b = udp + 8;
	uint32_t sum;

	put32(b + 4, xid);
	put16(udp + 6, 0);
	sum = csum_add(0, f + 14 + 12, 8);
	sum += IPPROTO_UDP + 8 + 300;
	sum = csum_add(sum, udp, 8 + 300);
	put16(udp + 6, csum_fold(sum) == 0 ? 0xffff : csum_fold(sum));
}

/*
 * One SOLICIT from the interface's own MAC and link-local address to
 * ff02::1:2, client identifier DUID-LL of the client's MAC, one IA_NA, an
 * elapsed time and an ORO (DNS servers).
 */
static void
build_solicit(uint8_t *f, const uint8_t *ifmac, const struct in6_addr *ll,
    const uint8_t *mac)
{
	uint8_t *ip = f + 14, *udp = ip + 40, *d = udp + 8, *o;
	size_t dlen = FRAME6_LEN - 14 - 40 - 8;

	memset(f, 0, FRAME6_LEN);
	f[0] = 0x33; f[1] = 0x33; f[5] = 0x02;	/* 33:33:00:01:00:02 */
	f[4] = 0x01;
	memcpy(f + 6, ifmac, 6);
	put16(f + 12, ETH_P_IPV6);
	ip[0] = 0x60;
	put16(ip + 4, (uint16_t)(8 + dlen));
	ip[6] = IPPROTO_UDP;
	ip[7] = 1;
	memcpy(ip + 8, ll, 16);
	ip[24] = 0xff; ip[25] = 0x02; ip[37] = 0x01; ip[39] = 0x02;
	put16(udp, 546);
	put16(udp + 2, 547);
	put16(udp + 4, (uint16_t)(8 + dlen));
	d[0] = 1;			/* SOLICIT; xid patched per send */
	o = d + 4;
	put16(o, 1); put16(o + 2, 10);	/* client id: DUID-LL */
	put16(o + 4, 3); put16(o + 6, 1);
	memcpy(o + 8, mac, 6);
	o += 14;
	put16(o, 3); put16(o + 2, 12);	/* IA_NA, IAID 1, T1 T2 0 */
	put32(o + 4, 1);
	o += 16;
	put16(o, 8); put16(o + 2, 2);	/* elapsed time 0 */
	o += 6;
	put16(o, 6); put16(o + 2, 2);	/* ORO: DNS servers */
	put16(o + 4, 23);
}

static void
patch_xid6(uint8_t *f, uint32_t xid)
{
	uint8_t *ip = f + 14, *udp = ip + 40, *d = udp + 8;
	uint32_t sum, len = FRAME6_LEN - 14 - 40;

	d[1] = (uint8_t)(xid >> 16);
	d[2] = (uint8_t)(xid >> 8);
	d[3] = (uint8_t)xid;
	put16(udp + 6, 0);
	sum = csum_add(0, ip + 8, 32);
	sum += len + IPPROTO_UDP;
	sum = csum_add(sum, udp, len);
	put16(udp + 6, csum_fold(sum) == 0 ? 0xffff : csum_fold(sum));
}

/* Only UDP to port 68 (IPv4) or 546 (IPv6) reaches us. */
static void
attach_filter(int fd)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 7),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 11),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 9, 0),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 16),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 68, 5, 6),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IPV6, 0, 5),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 20),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 56),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 546, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1)
		die("SO_ATTACH_FILTER");
}

/*
 * DHCPv6 replies come to our link-local address, port 546: a UDP socket
 * that drops everything keeps the kernel from answering them with ICMPv6
 * port unreachable.
 */
static int
absorb_udp6(void)
{
	struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { 1, code };
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6,
	    .sin6_port = htons(546) };
	int fd, one = 1;

	if ((fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		die("socket udp6");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1)
		die("SO_ATTACH_FILTER udp6");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		return -1;	/* someone else listens: also fine */
	return fd;
}

static void
iface_info(const char *ifname, int fd, unsigned *ifindex, uint8_t *mac,
    struct in6_addr *ll)
{
	struct ifreq ifr;
	struct ifaddrs *ifa, *i;
	int found = 0;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if ((*ifindex = if_nametoindex(ifname)) == 0)
		die(ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == -1)
		die("SIOCGIFHWADDR");
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (ll == NULL)
		return;
	if (getifaddrs(&ifa) == -1)
		die("getifaddrs");
	for (i = ifa; i != NULL; i = i->ifa_next)
		if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET6 &&
		    strcmp(i->ifa_name, ifname) == 0) {
			const struct sockaddr_in6 *s6 =
			    (const void *)i->ifa_addr;

			if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr)) {
				*ll = s6->sin6_addr;
				found = 1;
				break;
			}
		}
	freeifaddrs(ifa);
	if (!found) {
		fprintf(stderr, "loadgen: %s has no link-local address\n",
		    ifname);
		exit(2);
	}
}

struct run {
	struct opts	 o;
	uint8_t		*frames;	/* one pre-built frame per client */
	size_t		 flen;
	uint32_t	 xid_base;
	uint64_t	 max_sends;
	uint64_t	*sent_at;	/* per send: monotonic ns, 0 = answered */
	uint32_t	*lat_ns;	/* per answer */
	uint64_t	 sent, answered, stale, other;
	uint64_t	 first_rt_ns, first_mono_ns;
};

static uint8_t *
frame_of(struct run *r, uint64_t s)
{
	return r->frames + (s % r->o.nclients) * r->flen;
}

/* Send up to n frames (sends s = r->sent ...) in one sendmmsg. */
static void
send_batch(struct run *r, int fd, unsigned n)
{
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	uint64_t t;
	unsigned i;
	int k;

	if (n > BATCH)
		n = BATCH;
	if (r->sent + n > r->max_sends)
		n = (unsigned)(r->max_sends - r->sent);
	if (n == 0)
		return;
	memset(mm, 0, sizeof(mm[0]) * n);
	for (i = 0; i < n; i++) {
		uint64_t s = r->sent + i;
		uint8_t *f = frame_of(r, s);
		uint32_t xid = r->xid_base + (uint32_t)s;

		if (r->o.v6)
			patch_xid6(f, xid & 0xffffff);
		else
			patch_xid4(f, xid);
		iov[i].iov_base = f;
		iov[i].iov_len = r->flen;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	/*
	 * Each frame is patched in place: a batch must not hold the same
	 * client twice, which holds as long as n <= nclients.
	 */
	t = now_ns(CLOCK_MONOTONIC);
	k = sendmmsg(fd, mm, n, MSG_DONTWAIT);
	if (k < 0) {
		if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR ||
		    errno == ENETDOWN)
			return;
		die("sendmmsg");
	}
	for (i = 0; i < (unsigned)k; i++)
		r->sent_at[r->sent + i] = t;
	r->sent += (unsigned)k;
}

/* The send a reply answers, or -1. */
static int64_t
match(struct run *r, const uint8_t *p, size_t len)
{
	uint8_t mac[6];
	uint64_t s;
	uint32_t xid;

	if (len >= 14 + 20 + 8 && p[12] == 0x08 && p[13] == 0x00) {
		size_t ihl = (size_t)(p[14] & 0xf) * 4;
		const uint8_t *b = p + 14 + ihl + 8, *o, *end = p + len;

		if (r->o.v6 || len < 14 + ihl + 8 + 240 || b[0] != 2)
			return -1;
		xid = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 |
		    (uint32_t)b[6] << 8 | b[7];
		s = (uint32_t)(xid - r->xid_base);
		for (o = b + 240; o + 2 <= end && *o != 255; ) {
			if (*o == 0) {
				o++;
				continue;
			}
			if (o[0] == 53 && o[1] == 1 && o + 3 <= end) {
				if (o[2] != 2)	/* DHCPOFFER */
					return -1;
				break;
			}
			o += 2 + o[1];
		}
		if (s >= r->sent)
			return -1;
		mac_bytes(r->o.basemac + s % r->o.nclients, mac);
		if (memcmp(b + 28, mac, 6) != 0)
			return -1;
		return (int64_t)s;
	}
	if (len >= 14 + 40 + 8 + 4 && p[12] == 0x86 && p[13] == 0xdd) {
		const uint8_t *d = p + 14 + 40 + 8, *o, *end = p + len;

		if (!r->o.v6 || (d[0] != 2 && d[0] != 7))
			return -1;	/* ADVERTISE, or REPLY (rapid commit) */
		xid = (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
		s = (xid - r->xid_base) & 0xffffff;
		if (s >= r->sent)
			return -1;
		mac_bytes(r->o.basemac + s % r->o.nclients, mac);
		for (o = d + 4; o + 4 <= end; ) {
			size_t olen = (size_t)(o[2] << 8 | o[3]);

			if (o + 4 + olen > end)
				return -1;
			if (o[0] == 0 && o[1] == 1)
				return olen == 10 && memcmp(o + 8, mac, 6) == 0 ?
				    (int64_t)s : -1;
			o += 4 + olen;
		}
	}
	return -1;
}

static void
receive(struct run *r, int fd)
{
	static uint8_t bufs[BATCH][RX_LEN];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	int i, n;

	for (;;) {
		uint64_t t;

		memset(mm, 0, sizeof(mm));
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = RX_LEN;
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		n = recvmmsg(fd, mm, BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		t = now_ns(CLOCK_MONOTONIC);
		for (i = 0; i < n; i++) {
			int64_t s = match(r, bufs[i], mm[i].msg_len);

			if (s < 0) {
				r->other++;
				continue;
			}
			if (r->sent_at[s] == 0) {
				r->stale++;	/* a second answer */
				continue;
			}
			r->lat_ns[r->answered++] = t - r->sent_at[s] > UINT32_MAX ?
			    UINT32_MAX : (uint32_t)(t - r->sent_at[s]);
			r->sent_at[s] = 0;
			if (r->first_rt_ns == 0) {
				r->first_rt_ns = now_ns(CLOCK_REALTIME);
				r->first_mono_ns = t;
			}
		}
		if (n < BATCH)
			return;
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double
pct_us(const uint32_t *v, uint64_t n, double p)
{
	uint64_t i;

	if (n == 0)
		return 0;
	i = (uint64_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i] / 1000.0;
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->nclients = 1000;
	o->basemac = 0x020000000000ull;
	o->rate = 1000;
	o->seconds = 5;
	o->drain_ms = 300;
	while ((c = getopt(argc, argv, "i:6n:m:r:t:w:1uq")) != -1) {
		switch (c) {
		case 'i': o->ifname = optarg; break;
		case '6': o->v6 = 1; break;
		case 'n': o->nclients = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'm':
			if (parse_mac(optarg, &o->basemac) < 0)
				usage();
			break;
		case 'r': o->rate = strtod(optarg, NULL); break;
		case 't': o->seconds = strtod(optarg, NULL); break;
		case 'w': o->drain_ms = atoi(optarg); break;
		case '1': o->first = 1; break;
		case 'u': o->link_up = 1; break;
		case 'q': o->quiet = 1; break;
		default: usage();
		}
	}
	if (o->ifname == NULL || o->nclients == 0 || o->nclients > 1u << 24 ||
	    o->rate < 0 || o->seconds <= 0 || o->drain_ms < 0)
		usage();
}

int
main(int argc, char **argv)
{
	struct run r;
	struct sockaddr_ll sll;
	struct in6_addr ll;
	uint8_t ifmac[6], mac[6];
	uint64_t start, end, deadline, k, up_rt_ns = 0;
	unsigned ifindex;
	int fd, one = 1, rcvbuf = 8 << 20, sndbuf = 4 << 20;
	double secs;

	memset(&r, 0, sizeof(r));
	parse_opts(argc, argv, &r.o);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if ((fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0)) == -1)
		die("socket AF_PACKET");
	iface_info(r.o.ifname, fd, &ifindex, ifmac, r.o.v6 ? &ll : NULL);
	attach_filter(fd);
	setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
	    sizeof(rcvbuf)) == -1)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf,
	    sizeof(sndbuf)) == -1)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1)
		die("bind AF_PACKET");
	if (r.o.v6)
		absorb_udp6();

	r.flen = r.o.v6 ? FRAME6_LEN : FRAME_LEN;
	if ((r.frames = malloc(r.flen * r.o.nclients)) == NULL)
		die("malloc");
	for (k = 0; k < r.o.nclients; k++) {
		mac_bytes(r.o.basemac + k, mac);
		if (r.o.v6)
			build_solicit(r.frames + k * r.flen, ifmac, &ll, mac);
		else
			build_discover(r.frames + k * r.flen, mac);
	}
	if (r.o.rate > 0)
		r.max_sends = (uint64_t)(r.o.rate * r.o.seconds) + BATCH;
	else
		r.max_sends = 8u << 20;
	if (r.max_sends > MAX_SENDS)
		r.max_sends = MAX_SENDS;
	r.sent_at = calloc(r.max_sends, sizeof(*r.sent_at));
	r.lat_ns = calloc(r.max_sends, sizeof(*r.lat_ns));
	if (r.sent_at == NULL || r.lat_ns == NULL)
		die("calloc");
	r.xid_base = (uint32_t)(now_ns(CLOCK_REALTIME) / 1000) & 0x7fffffff;
	if (r.o.link_up) {
		struct ifreq ifr;

		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", r.o.ifname);
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) == -1)
			die("SIOCGIFFLAGS");
		ifr.ifr_flags |= IFF_UP;
		up_rt_ns = now_ns(CLOCK_REALTIME);
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) == -1)
			die("SIOCSIFFLAGS");
	}

	start = now_ns(CLOCK_MONOTONIC);
	deadline = start + (uint64_t)(r.o.seconds * 1e9);
	while (!stop) {
		uint64_t t = now_ns(CLOCK_MONOTONIC);
		uint64_t due;
		struct pollfd pfd = { fd, POLLIN, 0 };
		struct timespec ts;
		unsigned burst;

		if (t >= deadline || r.sent >= r.max_sends)
			break;
		if (r.o.first && r.answered > 0)
			break;
		burst = BATCH < r.o.nclients ? BATCH : r.o.nclients;
		if (r.o.rate > 0) {
			due = (uint64_t)((double)(t - start) * r.o.rate / 1e9) + 1;
			if (due > r.sent)
				send_batch(&r, fd, (unsigned)(due - r.sent) <
				    burst ? (unsigned)(due - r.sent) : burst);
		} else
			send_batch(&r, fd, burst);
		receive(&r, fd);
		if (r.o.rate > 0) {
			/* sleep until the next send is due, or a reply */
			uint64_t next = start + (uint64_t)((double)r.sent *
			    1e9 / r.o.rate);

			t = now_ns(CLOCK_MONOTONIC);
			if (next > t) {
				ts.tv_sec = (time_t)((next - t) / 1000000000u);
				ts.tv_nsec = (long)((next - t) % 1000000000u);
				if (ppoll(&pfd, 1, &ts, NULL) > 0)
					receive(&r, fd);
			}
		}
	}
	end = now_ns(CLOCK_MONOTONIC);
	/* late answers still count, for a bounded time */
	deadline = now_ns(CLOCK_MONOTONIC) + (uint64_t)r.o.drain_ms * 1000000u;
	while (!stop && !(r.o.first && r.answered > 0)) {
		uint64_t t = now_ns(CLOCK_MONOTONIC);
		struct pollfd pfd = { fd, POLLIN, 0 };

		if (t >= deadline)
			break;
		if (poll(&pfd, 1, (int)((deadline - t) / 1000000u) + 1) > 0)
			receive(&r, fd);
	}

	secs = (double)(end - start) / 1e9;
	qsort(r.lat_ns, r.answered, sizeof(*r.lat_ns), cmp_u32);
	printf("mode=%s clients=%u rate=%.0f seconds=%.3f sent=%llu "
	    "answered=%llu loss_pct=%.2f sent_per_s=%.0f answers_per_s=%.0f "
	    "p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f dup=%llu "
	    "other=%llu", r.o.v6 ? "solicit" : "discover", r.o.nclients,
	    r.o.rate, secs, (unsigned long long)r.sent,
	    (unsigned long long)r.answered,
	    r.sent ? 100.0 * (double)(r.sent - r.answered) / (double)r.sent : 0,
	    (double)r.sent / secs, (double)r.answered / secs,
	    pct_us(r.lat_ns, r.answered, 50), pct_us(r.lat_ns, r.answered, 90),
	    pct_us(r.lat_ns, r.answered, 99),
	    r.answered ? r.lat_ns[r.answered - 1] / 1000.0 : 0,
	    (unsigned long long)r.stale, (unsigned long long)r.other);
	if (r.first_rt_ns != 0)
		printf(" first_answer_realtime_us=%llu first_answer_after_us=%llu",
		    (unsigned long long)(r.first_rt_ns / 1000),
		    (unsigned long long)((r.first_mono_ns - start) / 1000));
	if (r.first_rt_ns != 0 && up_rt_ns != 0)
		printf(" link_up_realtime_us=%llu first_answer_after_up_us=%llu",
		    (unsigned long long)(up_rt_ns / 1000),
		    (unsigned long long)((r.first_rt_ns - up_rt_ns) / 1000));
	printf("\n");
	return r.answered > 0 ? 0 : 1;
}
