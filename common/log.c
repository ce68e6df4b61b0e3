#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"

static int		 log_foreground = 1;
static int		 log_verbose;
static const char	*log_procname = "statichcpd";
static log_sink_fn	 log_sink;

void
log_init(int foreground, int verbose)
{
	log_foreground = foreground;
	log_verbose = verbose;
	if (!foreground)
		openlog("statichcpd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_procinit(const char *procname)
{
	if (procname != NULL)
		log_procname = procname;
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

int
log_getverbose(void)
{
	return log_verbose;
}

void
log_set_sink(log_sink_fn sink)
{
	log_sink = sink;
}

void
log_emit(int priority, const char *line)
{
	if (log_foreground) {
		/* One write per line so lines of both processes never mix. */
		char buf[LOG_LINE_MAX + 64];
		int n = snprintf(buf, sizeof(buf), "%s\n", line);

		if (n > (int)sizeof(buf) - 1)
			n = sizeof(buf) - 1;
		if (n > 0 && write(STDERR_FILENO, buf, n) < 0) {
			/* nowhere left to report it */
		}
	} else
		syslog(priority, "%s", line);
}

void
log_emit_batch(const int *priorities, const char *const *lines, int n)
{
	static char buf[LOG_BATCH_MAX * (LOG_LINE_MAX + 1)];
	size_t off = 0, len;
	int i;

	if (!log_foreground || n > LOG_BATCH_MAX) {
		for (i = 0; i < n; i++)
			log_emit(priorities[i], lines[i]);
		return;
	}
	/* whole lines in one write: lines of both processes never mix */
	for (i = 0; i < n; i++) {
		len = strnlen(lines[i], LOG_LINE_MAX);
		memcpy(buf + off, lines[i], len);
		off += len;
		buf[off++] = '\n';
	}
	if (off > 0 && write(STDERR_FILENO, buf, off) < 0) {
		/* nowhere left to report it */
	}
}

static void
vlog(int priority, const char *fmt, va_list ap, const char *suffix)
{
	char line[LOG_LINE_MAX];
	int n;

	if (priority == LOG_DEBUG && !log_verbose)
		return;
	n = snprintf(line, sizeof(line), "%s: ", log_procname);
	if (n < 0 || n >= (int)sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (suffix != NULL) {
		size_t len = strlen(line);

		snprintf(line + len, sizeof(line) - len, ": %s", suffix);
	}
	if (log_sink != NULL)
		log_sink(priority, line);
	else
		log_emit(priority, line);
}

#define LOG_FN(name, prio, with_errno)					\
void									\
name(const char *fmt, ...)						\
{									\
	int saved = errno;						\
	va_list ap;							\
									\
	va_start(ap, fmt);						\
	vlog(prio, fmt, ap, with_errno ? strerror(saved) : NULL);	\
	va_end(ap);							\
	errno = saved;							\
}

LOG_FN(log_warn, LOG_WARNING, 1)
LOG_FN(log_warnx, LOG_WARNING, 0)
LOG_FN(log_info, LOG_INFO, 0)
LOG_FN(log_debug, LOG_DEBUG, 0)

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, strerror(saved));
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}

void
log_escape(char *dst, size_t dstlen, const void *src, size_t srclen)
{
	const unsigned char *s = src;
	size_t o = 0, i;

	if (dstlen == 0)
		return;
	for (i = 0; i < srclen; i++) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			if (o + 1 >= dstlen)
				break;
			dst[o++] = c;
		} else {
			if (o + 4 >= dstlen)
				break;
			snprintf(dst + o, dstlen - o, "\\x%02x", c);
			o += 4;
		}
	}
	dst[o] = '\0';
}
