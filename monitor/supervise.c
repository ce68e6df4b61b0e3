/*
 * The responder as a child process: fork, exec ourselves in responder mode
 * with the channel on fd 3, feed it configuration and every fd, and restart
 * it with back-off when it dies.  Its messages are whitelisted; anything
 * outside the protocol kills it (it is untrusted: it parses packets).
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/fdreaper.h"
#include "common/ipc.h"
#include "common/log.h"
#include "monitor/monitor.h"
#include "monitor/monitor_int.h"

#define RESTART_MIN_MS		250
#define HEALTHY_AFTER_S		30
#define STOP_WAIT_MS		2000

struct qmsg {
	TAILQ_ENTRY(qmsg)	 entry;
	uint32_t		 type;
	int			 fd;
	size_t			 len;
	uint8_t			 data[];
};

static struct {
	struct event_base	*base;
	struct msg_config	 cfg;
	pid_t			 pid;
	int			 sock;
	struct event		*ev_read;
	struct event		*ev_write;
	struct event		*ev_restart;
	TAILQ_HEAD(, qmsg)	 queue;
	int			 ready;
	int			 stopping;
	unsigned		 backoff_ms;
	unsigned		 backoff_max_ms;	/* responder_restart_max_delay */
	time_t			 started;
} sv = { .pid = -1, .sock = -1, .backoff_max_ms = 30000 };

static void
queue_clear(void)
{
	struct qmsg *q;

	while ((q = TAILQ_FIRST(&sv.queue)) != NULL) {
		TAILQ_REMOVE(&sv.queue, q, entry);
		fdreaper_close(q->fd);	/* maybe the last reference */
		free(q);
	}
}

static void
channel_close(void)
{
	if (sv.ev_read != NULL)
		event_free(sv.ev_read);
	if (sv.ev_write != NULL)
		event_free(sv.ev_write);
	sv.ev_read = sv.ev_write = NULL;
	if (sv.sock >= 0)
		close(sv.sock);
	sv.sock = -1;
	sv.ready = 0;
	queue_clear();
}

/* Send what is queued; arm EV_WRITE only while something is left. */
static void
flush(void)
{
	struct qmsg *q;
	int r;

	while (sv.sock >= 0 && (q = TAILQ_FIRST(&sv.queue)) != NULL) {
		r = ipc_send(sv.sock, q->type, q->data, q->len, q->fd);
		if (r == -EAGAIN) {
			event_add(sv.ev_write, NULL);
			return;
		}
		if (r < 0) {
			log_warnx("%s: sending %s to the responder: %s",
			    __func__, msg_type_name(q->type), strerror(-r));
			channel_close();
			return;
		}
		TAILQ_REMOVE(&sv.queue, q, entry);
		if (q->fd >= 0)
			close(q->fd);
		free(q);
	}
}

void
supervise_send(uint32_t type, const void *data, size_t len, int fd)
{
	struct qmsg *q;

	if (sv.sock < 0)
		return;		/* a new responder gets everything anew */
	if ((q = malloc(sizeof(*q) + len)) == NULL)
		fatal("%s", __func__);
	q->type = type;
	q->len = len;
	memcpy(q->data, data, len);
	q->fd = -1;
	/* our own copy: the original may be closed before this is sent */
	if (fd >= 0 && (q->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) == -1)
		fatal("%s: dup", __func__);
	TAILQ_INSERT_TAIL(&sv.queue, q, entry);
	flush();
}

static void
violation(const char *what)
{
	log_warnx("responder: protocol violation (%s): restarting it", what);
	if (sv.pid > 0)
		kill(sv.pid, SIGKILL);
	channel_close();
}

/* Its text is untrusted: no control characters into our log. */
static void
clean_line(char *clean, size_t size, const char *text)
{
	size_t i;

	for (i = 0; text[i] != '\0' && i < size - 1; i++)
		clean[i] = (text[i] >= 0x20 && text[i] < 0x7f) ? text[i] : '?';
	clean[i] = '\0';
}

static void
emit_responder_line(const struct msg_log *ml)
{
	char clean[LOG_LINE_MAX];

	clean_line(clean, sizeof(clean), ml->text);
	log_emit(ml->priority, clean);
}

/* A batch (checked by supervise_check_message): its lines in one go. */
static void
emit_responder_batch(const struct ipc_msg *m)
{
	static char clean[LOG_BATCH_MAX][LOG_LINE_MAX];
	const char *lines[LOG_BATCH_MAX], *text;
	int prios[LOG_BATCH_MAX], prio, n = 0;
	size_t off = 0;

	while (ipc_log_next(m->data, m->hdr.len, &off, &prio, &text) == 1) {
		clean_line(clean[n], sizeof(clean[n]), text);
		lines[n] = clean[n];
		prios[n++] = prio;
		if (n == LOG_BATCH_MAX) {
			log_emit_batch(prios, lines, n);
			n = 0;
		}
	}
	if (n > 0)
		log_emit_batch(prios, lines, n);
}

/*
 * The whitelist of what a responder may say (it parses hostile packets, so
 * it is not trusted): LOG with a sane priority, STATS, READY once; no fd
 * ever.  Returns NULL when m is acceptable, else what is wrong with it.
 */
const char *
supervise_check_message(const struct ipc_msg *m, int already_ready)
{
	const struct msg_log *ml = (const void *)m->data;
	const char *text;
	size_t off = 0;
	int prio, r;

	if (m->fd >= 0)
		return "a file descriptor from the responder";
	if (ipc_check_size(m) < 0)
		return "bad size or unknown type";
	switch (m->hdr.type) {
	case MSG_LOG:
		if (ml->priority < LOG_EMERG || ml->priority > LOG_DEBUG)
			return "bad log priority";
		return NULL;
	case MSG_LOG_BATCH:
		while ((r = ipc_log_next(m->data, m->hdr.len, &off, &prio,
		    &text)) == 1)
			if (prio < LOG_EMERG || prio > LOG_DEBUG)
				return "bad log priority";
		return r == 0 ? NULL : "bad log batch";
	case MSG_STATS:
		return NULL;
	case MSG_RESPONDER_READY:
		return already_ready ? "second READY" : NULL;
	default:
		return "a message only the monitor sends";
	}
}

static void
dispatch_responder(const struct ipc_msg *m)
{
	const char *bad = supervise_check_message(m, sv.ready);

	if (bad != NULL) {
		violation(bad);
		return;
	}
	switch (m->hdr.type) {
	case MSG_LOG:
		emit_responder_line((const void *)m->data);
		return;
	case MSG_LOG_BATCH:
		emit_responder_batch(m);
		return;
	case MSG_STATS:
		mstats_report((const void *)m->data);
		return;
	case MSG_RESPONDER_READY:
		sv.ready = 1;
		log_debug("%s: responder %d ready", __func__, (int)sv.pid);
		return;
	}
}

static void
channel_readable(int fd, short what, void *arg)
{
	static struct ipc_msg m;
	int i, r;

	(void)what; (void)arg;
	for (i = 0; i < 256 && sv.sock == fd; i++) {
		r = ipc_recv(fd, &m);
		if (r == -EAGAIN)
			return;
		if (r == 0) {
			channel_close();	/* it exits; SIGCHLD follows */
			return;
		}
		if (r < 0) {
			violation("bad framing");
			return;
		}
		dispatch_responder(&m);
	}
}

static void
channel_writable(int fd, short what, void *arg)
{
	(void)fd; (void)what; (void)arg;
	flush();
}

static void
exec_responder(int sock)
{
	char *const argv[] = { "statichcpd", "--responder", NULL };

	if (dup2(sock, 3) == -1)
		_exit(127);
	closefrom(4);
	signal(SIGPIPE, SIG_DFL);
	execv("/proc/self/exe", argv);
	_exit(127);
}

void
supervise_start(void)
{
	int sp[2];

	if (sv.sock >= 0 || sv.pid > 0 || sv.stopping)
		return;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) == -1)
		fatal("%s: socketpair", __func__);
	switch ((sv.pid = fork())) {
	case -1:
		fatal("%s: fork", __func__);
	case 0:
		exec_responder(sp[1]);
	}
	close(sp[1]);
	sv.sock = sp[0];
	if (fcntl(sv.sock, F_SETFL, O_NONBLOCK) == -1)
		fatal("%s: fcntl", __func__);
	sv.ev_read = event_new(sv.base, sv.sock, EV_READ | EV_PERSIST,
	    channel_readable, NULL);
	sv.ev_write = event_new(sv.base, sv.sock, EV_WRITE, channel_writable,
	    NULL);
	if (sv.ev_read == NULL || sv.ev_write == NULL ||
	    event_add(sv.ev_read, NULL) == -1)
		fatalx("%s: event setup", __func__);
	sv.started = time(NULL);
	log_info("started responder (pid %d)", (int)sv.pid);
	supervise_send(MSG_CONFIG, &sv.cfg, sizeof(sv.cfg), -1);
	monitor_send_all();
}

static void
restart_timer(int fd, short what, void *arg)
{
	(void)fd; (void)what; (void)arg;
	supervise_start();
}

unsigned
supervise_backoff(unsigned last_ms, int healthy, unsigned max_ms)
{
	unsigned next = last_ms * 2;

	if (healthy || last_ms == 0)
		return RESTART_MIN_MS;
	if (next > max_ms)
		next = max_ms;
	/* never below the minimum, whatever the ceiling: no hot loop */
	return next < RESTART_MIN_MS ? RESTART_MIN_MS : next;
}

static void
schedule_restart(void)
{
	struct timeval tv;

	sv.backoff_ms = supervise_backoff(sv.backoff_ms,
	    time(NULL) - sv.started >= HEALTHY_AFTER_S, sv.backoff_max_ms);
	tv.tv_sec = sv.backoff_ms / 1000;
	tv.tv_usec = (sv.backoff_ms % 1000) * 1000;
	log_info("restarting the responder in %u ms", sv.backoff_ms);
	evtimer_add(sv.ev_restart, &tv);
}

static void
log_exit(pid_t pid, int status)
{
	if (WIFSIGNALED(status))
		log_warnx("responder (pid %d) killed by signal %d", (int)pid,
		    WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0 || !sv.stopping)
		log_warnx("responder (pid %d) exited with status %d", (int)pid,
		    WEXITSTATUS(status));
}

void
supervise_reap(void)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != sv.pid)
			continue;
		log_exit(pid, status);
		sv.pid = -1;
		mstats_responder_gone();
		channel_close();
		if (!sv.stopping)
			schedule_restart();
	}
}

void
supervise_stop(void)
{
	int i, status;

	sv.stopping = 1;
	channel_close();
	if (sv.ev_restart != NULL)
		evtimer_del(sv.ev_restart);
	for (i = 0; sv.pid > 0 && i < STOP_WAIT_MS / 10; i++) {
		if (waitpid(sv.pid, &status, WNOHANG) == sv.pid) {
			/* an unclean end (e.g. a sanitizer's report at exit)
			 * is worth a line also when we asked for it */
			log_exit(sv.pid, status);
			sv.pid = -1;
			break;
		}
		usleep(10000);
	}
	if (sv.pid > 0) {
		log_warnx("responder (pid %d) did not exit: killing it",
		    (int)sv.pid);
		kill(sv.pid, SIGKILL);
		waitpid(sv.pid, &status, 0);
		sv.pid = -1;
	}
}

void
supervise_restart(void)
{
	supervise_stop();
	sv.stopping = 0;
	sv.backoff_ms = 0;
	supervise_start();
}

void
supervise_init(struct event_base *base, const struct msg_config *cfg)
{
	sv.base = base;
	sv.cfg = *cfg;
	TAILQ_INIT(&sv.queue);
	sv.ev_restart = evtimer_new(base, restart_timer, NULL);
	if (sv.ev_restart == NULL)
		fatalx("%s: evtimer_new", __func__);
}

void
supervise_set_config(const struct msg_config *cfg)
{
	sv.cfg = *cfg;
}

void
supervise_set_max_delay(unsigned seconds)
{
	sv.backoff_max_ms = seconds * 1000;
}

pid_t
supervise_pid(void)
{
	return sv.pid;
}
