/*
 * Logging for both processes.  The monitor writes to syslog (LOG_DAEMON) or,
 * in the foreground, to stderr; the responder installs a sink that forwards
 * each line to the monitor, so its lines survive a syslog restart and never
 * need /dev/log inside the chroot.
 */
#ifndef STATICHCPD_LOG_H
#define STATICHCPD_LOG_H

#include <stdarg.h>
#include <syslog.h>

#define LOG_LINE_MAX	1024

typedef void (*log_sink_fn)(int priority, const char *line);

void	log_init(int foreground, int verbose);
void	log_procinit(const char *procname);
void	log_setverbose(int verbose);
int	log_getverbose(void);
/* Replace the output (NULL restores syslog/stderr).  Used by the responder
 * and by tests that capture lines. */
void	log_set_sink(log_sink_fn sink);
/* Write one finished line to syslog/stderr, bypassing any sink. */
void	log_emit(int priority, const char *line);
/* The same for n lines; in the foreground they go out in one write. */
#define LOG_BATCH_MAX	16
void	log_emit_batch(const int *priorities, const char *const *lines,
	    int n);

void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* Copy untrusted bytes into dst as printable text (\xNN escapes), always
 * NUL-terminated, truncated to fit. */
void	log_escape(char *dst, size_t dstlen, const void *src, size_t srclen);

#endif
