/*
 * Closing descriptors off the event loop.
 *
 * The last close of a packet socket waits for an RCU grace period in the
 * kernel (packet_release calls synchronize_net): about 12 ms each on these
 * machines.  2,000 interfaces deleted at once would stall the loop that
 * answers every other interface for 25 s, and a process exiting with
 * 10,000 sockets would take two minutes.  Such closes go to a few threads
 * that do nothing else; concurrent waiters share grace periods, so the
 * pool also multiplies the rate.
 *
 * The threads only read() descriptor numbers from a pipe and close() them:
 * no locks, no allocation, nothing the responder's seccomp filter does not
 * already allow.  They are started before the filter, which is installed
 * with SECCOMP_FILTER_FLAG_TSYNC so it covers them too.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "common/fdreaper.h"

#define REAPER_STACK	(64 * 1024)

static struct {
	int		 wr;		/* write end, -1 when not running */
	int		 rd;
	int		 nthreads;
	pthread_t	 threads[FDREAPER_MAX_THREADS];
	int		 started;	/* threads inside reaper_loop */
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
} reaper = { .wr = -1, .rd = -1, .lock = PTHREAD_MUTEX_INITIALIZER,
    .cond = PTHREAD_COND_INITIALIZER };

static void *
reaper_loop(void *arg)
{
	int fds[16];
	ssize_t n;
	size_t i;

	(void)arg;
	pthread_mutex_lock(&reaper.lock);
	reaper.started++;
	pthread_cond_signal(&reaper.cond);
	pthread_mutex_unlock(&reaper.lock);
	for (;;) {
		n = read(reaper.rd, fds, sizeof(fds));
		if (n == 0)
			break;		/* write end closed: drained */
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* writes of one int are atomic, so reads are whole ints */
		for (i = 0; i < (size_t)n / sizeof(int); i++)
			close(fds[i]);
	}
	return NULL;
}

int
fdreaper_start(int nthreads)
{
	pthread_attr_t attr;
	sigset_t all, old;
	int p[2], i, r;

	if (reaper.wr >= 0)
		return 0;
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > FDREAPER_MAX_THREADS)
		nthreads = FDREAPER_MAX_THREADS;
	if (pipe2(p, O_CLOEXEC) == -1)
		return -errno;
	/* a full pipe must not block the loop: fdreaper_close closes inline */
	if (fcntl(p[1], F_SETFL, O_NONBLOCK) == -1) {
		r = -errno;
		close(p[0]);
		close(p[1]);
		return r;
	}
	reaper.rd = p[0];
	reaper.wr = p[1];
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, REAPER_STACK);
	/* signals stay with the main thread's event loop */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < nthreads; i++) {
		r = pthread_create(&reaper.threads[i], &attr, reaper_loop,
		    NULL);
		if (r != 0)
			break;
		reaper.nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	/*
	 * A new thread makes calls of its own (rseq registration) before it
	 * reaches reaper_loop; a seccomp filter installed before that would
	 * kill it.  Return only once all of them are running.
	 */
	pthread_mutex_lock(&reaper.lock);
	while (reaper.started < reaper.nthreads)
		pthread_cond_wait(&reaper.cond, &reaper.lock);
	pthread_mutex_unlock(&reaper.lock);
	if (reaper.nthreads == 0) {
		close(reaper.rd);
		close(reaper.wr);
		reaper.rd = reaper.wr = -1;
		return -r;
	}
	return reaper.nthreads;
}

void
fdreaper_close(int fd)
{
	ssize_t n;

	if (fd < 0)
		return;
	if (reaper.wr >= 0) {
		do
			n = write(reaper.wr, &fd, sizeof(fd));
		while (n == -1 && errno == EINTR);
		if (n == (ssize_t)sizeof(fd))
			return;
	}
	close(fd);		/* not running, or 16,000 closes queued */
}

void
fdreaper_drain(void)
{
	int i;

	if (reaper.wr < 0)
		return;
	close(reaper.wr);
	reaper.wr = -1;
	for (i = 0; i < reaper.nthreads; i++)
		pthread_join(reaper.threads[i], NULL);
	reaper.nthreads = reaper.started = 0;
	close(reaper.rd);
	reaper.rd = -1;
}

int
fdreaper_running(void)
{
	return reaper.nthreads;
}
