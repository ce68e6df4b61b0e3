#ifndef STATICHCPD_FDREAPER_H
#define STATICHCPD_FDREAPER_H

/* Closing descriptors whose last close is slow (packet sockets) off the
 * event loop.  Not fork-safe: start it after any daemonising fork. */

#define FDREAPER_MAX_THREADS	64

/* Starts the pool; returns the number of threads or -errno. */
int	fdreaper_start(int nthreads);
/* Hands fd over (it is closed soon); closes inline when not running. */
void	fdreaper_close(int fd);
/* Waits until everything handed over is closed and stops the pool. */
void	fdreaper_drain(void);
/* Number of running threads, 0 when stopped. */
int	fdreaper_running(void);

#endif
