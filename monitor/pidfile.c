#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "monitor/monitor.h"

/* The lock, not the file's existence, says whether we are running: a
 * stale file from a crash does not block a start. */
int
pidfile_create(const char *path)
{
	char old[32] = "";
	int fd, n;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		log_warn("cannot open pid file %s", path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		n = read(fd, old, sizeof(old) - 1);
		old[n > 0 ? n : 0] = '\0';
		old[strcspn(old, "\n")] = '\0';
		log_warnx("another statichcpd (pid %s) holds %s", old, path);
		close(fd);
		return -1;
	}
	if (pidfile_update(fd) < 0) {
		log_warn("cannot write pid file %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

int
pidfile_update(int fd)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (fd < 0)
		return 0;
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, n, 0) != n)
		return -1;
	return 0;
}

void
pidfile_remove(const char *path, int fd)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}
