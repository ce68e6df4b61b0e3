/*
 * The kernel's share of start-up at scale: open one packet socket per
 * interface s1..sN of the current network namespace, the way the monitor
 * does (protocol 0, optionally a classic filter, bind with ETH_P_ALL), and
 * print the time per 1,000 sockets.  Each creation walks the namespace's
 * list of packet sockets, so the cost grows with the count already open.
 *
 *   sockfloor N [0|1]     (1: attach a filter, as the daemon does)
 *
 * Its exit closes N sockets, each waiting for an RCU grace period: it
 * hands them to threads, as the daemon does, so that it ends in seconds.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CLOSERS	64

static int *fds;
static int nfds;

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *
closer(void *arg)
{
	long k = (long)arg;
	int i;

	for (i = (int)k; i < nfds; i += CLOSERS)
		close(fds[i]);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { 4, insns };
	pthread_t t[CLOSERS];
	double t0, tl, tn;
	int n, filter, i;
	long k;

	if (argc < 2 || (n = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: sockfloor N [0|1]\n");
		return 2;
	}
	filter = argc > 2 && atoi(argv[2]) != 0;
	if ((fds = calloc((size_t)n, sizeof(*fds))) == NULL)
		return 1;
	t0 = tl = now_ms();
	for (i = 0; i < n; i++) {
		struct sockaddr_ll sll = { .sll_family = AF_PACKET,
		    .sll_protocol = htons(ETH_P_ALL) };
		char name[IF_NAMESIZE];

		snprintf(name, sizeof(name), "s%d", i + 1);
		sll.sll_ifindex = (int)if_nametoindex(name);
		fds[i] = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
		if (fds[i] < 0 || sll.sll_ifindex == 0 || (filter &&
		    setsockopt(fds[i], SOL_SOCKET, SO_ATTACH_FILTER, &prog,
		    sizeof(prog)) == -1) ||
		    bind(fds[i], (struct sockaddr *)&sll, sizeof(sll)) == -1) {
			perror(name);
			return 1;
		}
		nfds = i + 1;
		if (nfds % 1000 == 0) {
			tn = now_ms();
			printf("sockets %5d: %6.0f ms for the last 1000\n", nfds,
			    tn - tl);
			tl = tn;
		}
	}
	printf("opened %d packet sockets in %.0f ms\n", n, now_ms() - t0);
	fflush(stdout);
	t0 = now_ms();
	for (k = 0; k < CLOSERS; k++)
		pthread_create(&t[k], NULL, closer, (void *)k);
	for (k = 0; k < CLOSERS; k++)
		pthread_join(t[k], NULL);
	printf("closed them with %d threads in %.0f ms\n", CLOSERS,
	    now_ms() - t0);
	return 0;
}
