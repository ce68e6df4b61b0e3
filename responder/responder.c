/*
 * The responder's event loop: the IPC socket from the monitor, one packet
 * socket per served interface, the UDP sockets (drained: requests are taken
 * from the packet sockets only), and a one-second tick for the database.
 */
#include <sys/socket.h>

#include <linux/if_packet.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/fdreaper.h"
#include "common/ipc.h"
#include "common/log.h"
#include "responder/db.h"
#include "responder/frame.h"
#include "responder/iface.h"
#include "responder/responder.h"

#define PKT_BATCH	64	/* frames per wake-up per interface: fairness */
#define RESPONDER_REAPERS 32	/* threads closing packet sockets */

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
/*
 * LeakSanitizer's exit check reads /proc (the memory map, the threads),
 * which the chroot normally does not have: there the check would fail the
 * process, so it is off while the responder descends into the chroot and
 * stays off unless /proc is visible inside.  The soak (tests/soak/) mounts
 * /proc into the chroot so that the responder's leaks are checked too.
 */
int	__lsan_is_turned_off(void);
static int lsan_off;

int
__lsan_is_turned_off(void)
{
	return lsan_off;
}

static void
lsan_decide(int in_chroot)
{
	if (!in_chroot) {
		lsan_off = 1;
		return;
	}
	lsan_off = access("/proc/self/maps", R_OK) != 0;
	/* the soak requires this line "on" for every responder */
	log_info("sanitizer build: leak check at exit %s", lsan_off ?
	    "off (no /proc in the chroot)" : "on");
}
#define LSAN_DECIDE(in_chroot)	lsan_decide(in_chroot)
#endif
#endif
#ifndef LSAN_DECIDE
#define LSAN_DECIDE(in_chroot)	do { } while (0)
#endif

struct responder	responder_state = { .ipc = -1, .udp4 = -1, .udp6 = -1 };
static struct event_base *base;

/*
 * Log lines go to the monitor in batches (MSG_LOG_BATCH): one message per
 * line woke the monitor for every exchange, which cost more CPU than the
 * exchange itself.  A line waits at most LOG_FLUSH_MS; warnings and worse
 * go at once, and so does what is pending when the process exits.
 */
#define LOG_FLUSH_MS	10

static struct {
	uint8_t		 buf[IPC_MAX_PAYLOAD];
	size_t		 len;
	struct event	*ev;		/* the flush timer, once the loop runs */
	int		 armed;
} logq;

static void
log_flush(void)
{
	if (logq.len == 0)
		return;
	/* non-blocking: lines are lost rather than the packet path stalled */
	ipc_send(responder_state.ipc, MSG_LOG_BATCH, logq.buf, logq.len, -1);
	logq.len = 0;
}

static void
log_flush_timer(int fd, short what, void *arg)
{
	(void)fd; (void)what; (void)arg;
	logq.armed = 0;
	log_flush();
}

static void
forward_log(int priority, const char *line)
{
	struct timeval flush_in = { 0, LOG_FLUSH_MS * 1000 };

	if (ipc_log_append(logq.buf, sizeof(logq.buf), &logq.len, priority,
	    line) < 0) {
		log_flush();
		if (ipc_log_append(logq.buf, sizeof(logq.buf), &logq.len,
		    priority, line) < 0)
			return;
	}
	if (priority <= LOG_WARNING || logq.ev == NULL)
		log_flush();
	else if (!logq.armed) {
		logq.armed = 1;
		event_add(logq.ev, &flush_in);
	}
}

static enum frame_csum
aux_csum(const struct tpacket_auxdata *aux)
{
	if (aux->tp_status & TP_STATUS_CSUMNOTREADY)
		return CSUM_NOT_READY;
	if (aux->tp_status & TP_STATUS_CSUM_VALID)
		return CSUM_VALID;
	return CSUM_UNKNOWN;
}

void
responder_input(struct iface *ifp, const uint8_t *buf, size_t len,
    const struct tpacket_auxdata *aux)
{
	struct responder *r = &responder_state;
	struct frame_info fi;
	const char *reason;

	if (aux != NULL && ((aux->tp_status & TP_STATUS_VLAN_VALID) ||
	    aux->tp_vlan_tci != 0)) {
		COUNT(r, ifp, malformed);
		log_debug("%s: ignoring packet on %s: VLAN tagged", __func__,
		    ifp->info.name);
		return;
	}
	if (frame_parse(buf, len, aux != NULL ? aux_csum(aux) : CSUM_UNKNOWN,
	    &fi, &reason) < 0) {
		COUNT(r, ifp, malformed);
		log_debug("%s: ignoring packet on %s: %s", __func__,
		    ifp->info.name, reason);
		return;
	}
	if (fi.family == AF_INET && fi.dport == 67)
		serve4(r, ifp, &fi);
	else if (fi.family == AF_INET6 && fi.dport == 547)
		serve6(r, ifp, &fi);
	else {
		COUNT(r, ifp, malformed);
		log_debug("%s: ignoring packet on %s: not to port 67/547",
		    __func__, ifp->info.name);
	}
}

static void packet_readable(int, short, void *);

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * End of a pause: what queued meanwhile is dropped (with the frames read
 * in the same batch as the one that tripped it), then reading resumes.
 */
static void
ratelimit_resume(int fd, short what, void *arg)
{
	struct iface *ifp = arg;
	char buf[64];
	uint64_t dropped = ifp->paused_read;

	(void)what;
	ifp->paused_read = 0;
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC) >= 0)
		dropped++;
	ifp->cnt.rate_limited += dropped;
	responder_state.cnt.rate_limited += dropped;
	ifp->stats_dirty = 1;
	log_debug("rate limit: resuming %s, %ju queued frames dropped",
	    ifp->info.name, (uintmax_t)dropped);
	ifp->window_start_ms = now_ms();
	ifp->window_count = 0;
	event_add(ifp->ev, NULL);
}

/*
 * SPEC 7: more than dhcp_ratelimit frames in one second on one interface
 * stop reading it for a second.  Returns 1 when the frame must be dropped.
 * Called once per frame, in the order they were received.
 */
static int
ratelimit_exceeded(struct iface *ifp)
{
	struct timeval one_second = { 1, 0 };
	uint32_t limit = responder_state.cfg.ratelimit;
	uint64_t now;

	if (limit == 0)
		return 0;
	now = now_ms();
	if (now - ifp->window_start_ms >= 1000) {
		ifp->window_start_ms = now;
		ifp->window_count = 0;
	}
	if (++ifp->window_count <= limit)
		return 0;
	if (ifp->ev_resume == NULL && (ifp->ev_resume = event_new(base,
	    ifp->fd, 0, ratelimit_resume, ifp)) == NULL)
		fatalx("%s: event_new", __func__);
	event_del(ifp->ev);
	event_add(ifp->ev_resume, &one_second);
	COUNT(&responder_state, ifp, pauses);
	log_warnx("rate limit: more than %u packets/s on %s: paused for 1 s",
	    limit, ifp->info.name);
	return 1;
}

/*
 * Frames are read PKT_RECV at a time (recvmmsg): at high rates one call
 * instead of one per frame, and at low rates no second call that only
 * finds the queue empty.  Everything after the read is still per frame.
 */
#define PKT_RECV	16

static void
packet_readable(int fd, short what, void *arg)
{
	struct iface *ifp = arg;
	static uint8_t buf[PKT_RECV][FRAME_MAX + 4];
	static union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} cm[PKT_RECV];
	static struct iovec iov[PKT_RECV];
	static struct mmsghdr mm[PKT_RECV];
	int total = 0, got, i;

	(void)what;
	while (total < PKT_BATCH) {
		for (i = 0; i < PKT_RECV; i++) {
			iov[i].iov_base = buf[i];
			iov[i].iov_len = sizeof(buf[i]);
			memset(&mm[i], 0, sizeof(mm[i]));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
			mm[i].msg_hdr.msg_control = cm[i].buf;
			mm[i].msg_hdr.msg_controllen = sizeof(cm[i].buf);
		}
		got = recvmmsg(fd, mm, PKT_RECV, MSG_DONTWAIT | MSG_TRUNC,
		    NULL);
		if (got <= 0) {
			if (got < 0 && errno != EAGAIN && errno != EINTR)
				log_debug("%s: %s: %s", __func__,
				    ifp->info.name, strerror(errno));
			return;	/* ENETDOWN: link down, keep the socket */
		}
		total += got;
		for (i = 0; i < got; i++) {
			struct msghdr *mh = &mm[i].msg_hdr;
			const struct tpacket_auxdata *aux = NULL;
			size_t n = mm[i].msg_len;
			struct cmsghdr *c;

			if (ratelimit_exceeded(ifp)) {
				COUNT(&responder_state, ifp, rate_limited);
				/* the rest of this batch counts as queued */
				ifp->paused_read = got - i - 1;
				return;
			}
			if (n > sizeof(buf[i]) || (mh->msg_flags & MSG_TRUNC)) {
				COUNT(&responder_state, ifp, malformed);
				continue;	/* F4: oversized frame */
			}
			for (c = CMSG_FIRSTHDR(mh); c != NULL;
			    c = CMSG_NXTHDR(mh, c))
				if (c->cmsg_level == SOL_PACKET &&
				    c->cmsg_type == PACKET_AUXDATA &&
				    c->cmsg_len >= CMSG_LEN(sizeof(*aux)))
					aux = (const void *)CMSG_DATA(c);
			responder_input(ifp, buf[i], n, aux);
		}
		if (got < PKT_RECV)
			return;	/* the queue is empty */
	}
}

/* UDP sockets are for sending; what they receive is a copy: discard. */
static void
udp_drain(int fd, short what, void *arg)
{
	char buf[2048];
	int i;

	(void)what; (void)arg;
	for (i = 0; i < PKT_BATCH; i++)
		if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 0)
			break;
}

static void
iface_close(struct iface *ifp)
{
	if (ifp->ev_resume != NULL)
		event_free(ifp->ev_resume);
	ifp->ev_resume = NULL;
	if (ifp->ev != NULL)
		event_free(ifp->ev);
	ifp->ev = NULL;
	/* the last reference: its close waits for the kernel (fdreaper.c) */
	fdreaper_close(ifp->fd);
	ifp->fd = -1;
}

static int
valid_iface_msg(const struct msg_iface *mi)
{
	return mi->ifindex != 0 &&
	    memchr(mi->name, '\0', sizeof(mi->name)) != NULL &&
	    mi->name[0] != '\0' &&
	    mi->n_addr4 <= IFACE_MAX_ADDR4 && mi->n_addr6 <= IFACE_MAX_ADDR6;
}

static void
on_iface_add(const struct msg_iface *mi, int fd)
{
	struct iface *ifp = iface_find_index(mi->ifindex);

	if (ifp != NULL) {
		/* the monitor replaced the socket: the old one goes */
		iface_close(ifp);
		iface_update(ifp, mi);
	} else if ((ifp = iface_add(mi)) == NULL)
		fatal("%s", __func__);
	ifp->fd = fd;
	ifp->ev = event_new(base, fd, EV_READ | EV_PERSIST, packet_readable,
	    ifp);
	if (ifp->ev == NULL || event_add(ifp->ev, NULL) == -1)
		fatalx("%s: event_add", __func__);
	log_debug("%s: serving %s (index %u)", __func__, mi->name,
	    mi->ifindex);
}

static void
on_udp_socket(const struct msg_udp_socket *mu, int fd)
{
	struct event *ev;

	if (mu->family == AF_INET && responder_state.udp4 < 0)
		responder_state.udp4 = fd;
	else if (mu->family == AF_INET6 && responder_state.udp6 < 0)
		responder_state.udp6 = fd;
	else
		fatalx("%s: unexpected UDP socket", __func__);
	ev = event_new(base, fd, EV_READ | EV_PERSIST, udp_drain, NULL);
	if (ev == NULL || event_add(ev, NULL) == -1)
		fatalx("%s: event_add", __func__);
}

/* Anything off-protocol from the monitor is fatal: fail closed. */
static void
dispatch_monitor(const struct ipc_msg *m)
{
	const struct msg_iface *mi = (const void *)m->data;
	const struct msg_iface_del *md = (const void *)m->data;
	struct iface *ifp;

	if (ipc_check_size(m) < 0)
		fatalx("%s: bad %s from monitor", __func__,
		    msg_type_name(m->hdr.type));
	switch (m->hdr.type) {
	case MSG_IFACE_ADD:
		if (m->fd < 0 || !valid_iface_msg(mi))
			fatalx("%s: bad MSG_IFACE_ADD", __func__);
		on_iface_add(mi, m->fd);
		return;
	case MSG_IFACE_UPDATE:
		if (m->fd >= 0 || !valid_iface_msg(mi))
			fatalx("%s: bad MSG_IFACE_UPDATE", __func__);
		if ((ifp = iface_find_index(mi->ifindex)) != NULL)
			iface_update(ifp, mi);
		return;
	case MSG_IFACE_DEL:
		if (m->fd >= 0)
			fatalx("%s: bad MSG_IFACE_DEL", __func__);
		if ((ifp = iface_find_index(md->ifindex)) != NULL) {
			log_debug("%s: no longer serving %s", __func__,
			    ifp->info.name);
			iface_close(ifp);
			iface_remove(ifp);
		}
		return;
	case MSG_UDP_SOCKET:
		if (m->fd < 0)
			fatalx("%s: MSG_UDP_SOCKET without fd", __func__);
		on_udp_socket((const void *)m->data, m->fd);
		return;
	default:
		fatalx("%s: unexpected %s", __func__,
		    msg_type_name(m->hdr.type));
	}
}

static void
ipc_readable(int fd, short what, void *arg)
{
	static struct ipc_msg m;
	int r;

	(void)what; (void)arg;
	for (;;) {
		r = ipc_recv(fd, &m);
		if (r == -EAGAIN)
			return;
		/*
		 * The monitor is gone: so are we.  When it closes the channel
		 * with our messages (log lines) still unread, the kernel
		 * resets it: that is an end too, not a bad message.
		 */
		if (r == 0 || r == -ECONNRESET) {
			event_base_loopexit(base, NULL);
			return;
		}
		if (r < 0)
			fatalx("%s: bad message from monitor", __func__);
		dispatch_monitor(&m);
	}
}

static void
report_iface(struct iface *ifp, void *arg)
{
	struct msg_stats ms;

	(void)arg;
	if (!ifp->stats_dirty)
		return;
	memset(&ms, 0, sizeof(ms));
	ms.ifindex = ifp->info.ifindex;
	ms.c = ifp->cnt;
	/* absolute values: a report lost to a full socket costs nothing */
	if (ipc_send(responder_state.ipc, MSG_STATS, &ms, sizeof(ms), -1) == 0)
		ifp->stats_dirty = 0;
}

static void
report_stats(void)
{
	struct msg_stats ms;

	memset(&ms, 0, sizeof(ms));
	ms.c = responder_state.cnt;
	ipc_send(responder_state.ipc, MSG_STATS, &ms, sizeof(ms), -1);
	iface_foreach(report_iface, NULL);
}

static void
tick(int fd, short what, void *arg)
{
	static unsigned ticks;

	(void)fd; (void)what; (void)arg;
	db_tick(responder_state.db);
	if (++ticks % STATS_REPORT_S == 0)
		report_stats();
}

/* The first message is the configuration; wait for it (bounded). */
static void
receive_config(int ipc)
{
	static struct ipc_msg m;
	struct pollfd pfd = { .fd = ipc, .events = POLLIN };
	int r;

	if (poll(&pfd, 1, 30000) != 1)
		fatalx("%s: no configuration from the monitor", __func__);
	r = ipc_recv(ipc, &m);
	if (r != 1 || m.hdr.type != MSG_CONFIG || ipc_check_size(&m) < 0 ||
	    m.fd >= 0)
		fatalx("%s: expected MSG_CONFIG", __func__);
	memcpy(&responder_state.cfg, m.data, sizeof(responder_state.cfg));
	responder_state.cfg.user[sizeof(responder_state.cfg.user) - 1] = '\0';
	responder_state.cfg.chroot_dir[PATH_MAX - 1] = '\0';
	responder_state.cfg.db_path[PATH_MAX - 1] = '\0';
}

int
responder_main(int ipc)
{
	struct responder *r = &responder_state;
	struct timeval one_second = { 1, 0 };
	struct event *ev_ipc, *ev_tick;

	r->ipc = ipc;
	log_procinit("responder");
	log_set_sink(forward_log);
	atexit(log_flush);	/* fatal() and the end of the loop */
	if (fcntl(ipc, F_SETFL, O_NONBLOCK) == -1)
		fatal("%s: fcntl", __func__);
	receive_config(ipc);
	log_setverbose(r->cfg.flags & CONFIG_F_VERBOSE);
	LSAN_DECIDE(0);
	responder_drop_privileges(&r->cfg);
	LSAN_DECIDE(1);
	/* after the drop (the threads share it), before the filter */
	if (fdreaper_start(RESPONDER_REAPERS) < 0)
		log_warnx("%s: closing sockets in the event loop", __func__);
	if ((base = event_base_new()) == NULL)
		fatalx("%s: event_base_new", __func__);
	if ((logq.ev = evtimer_new(base, log_flush_timer, NULL)) == NULL)
		fatalx("%s: evtimer_new", __func__);
	if ((r->db = db_open(r->cfg.db_path)) == NULL)
		fatal("%s: db_open", __func__);
	ev_ipc = event_new(base, ipc, EV_READ | EV_PERSIST, ipc_readable, NULL);
	ev_tick = event_new(base, -1, EV_PERSIST, tick, NULL);
	if (ev_ipc == NULL || ev_tick == NULL || event_add(ev_ipc, NULL) ||
	    event_add(ev_tick, &one_second))
		fatalx("%s: event setup", __func__);
	if (responder_sandbox() < 0)
		fatalx("%s: cannot confine the responder", __func__);
	if (ipc_send(ipc, MSG_RESPONDER_READY, NULL, 0, -1) < 0)
		fatal("%s: ready", __func__);
	event_base_dispatch(base);
	log_debug("%s: monitor closed the channel, exiting", __func__);
	db_close(r->db);
	return 0;
}
