/*
 * Statistics in the monitor: the responder reports absolute counters since
 * it started; a restarted responder starts from zero, so what the previous
 * one reported is folded into a base first and nothing is lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/ipc.h"
#include "common/log.h"
#include "common/stats.h"
#include "monitor/monitor_int.h"
#include "netwatch/netwatch.h"

static struct netwatch		*nw;
static struct stats_counters	 total_base, total_cur;

void
mstats_init(struct netwatch *w)
{
	nw = w;
}

void
mstats_report(const struct msg_stats *ms)
{
	struct nw_iface *ni;

	if (ms->ifindex == 0) {
		total_cur = ms->c;
		return;
	}
	if (nw != NULL && (ni = nw_lookup(nw, ms->ifindex)) != NULL &&
	    ni->user != NULL)
		((struct mon_iface *)ni->user)->cur = ms->c;
}

static void
fold_one(struct nw_iface *ni, void *arg)
{
	struct mon_iface *mi = ni->user;

	(void)arg;
	if (mi == NULL)
		return;
	stats_add(&mi->base, &mi->cur);
	memset(&mi->cur, 0, sizeof(mi->cur));
}

void
mstats_responder_gone(void)
{
	stats_add(&total_base, &total_cur);
	memset(&total_cur, 0, sizeof(total_cur));
	if (nw != NULL)
		nw_foreach(nw, fold_one, NULL);
}

static void
iface_sum(const struct mon_iface *mi, struct stats_counters *ret)
{
	*ret = mi->base;
	stats_add(ret, &mi->cur);
}

static void
log_one(struct nw_iface *ni, void *arg)
{
	struct stats_counters c;
	char line[LOG_LINE_MAX];

	(void)arg;
	if (ni->user == NULL)
		return;
	iface_sum(ni->user, &c);
	if (stats_is_zero(&c))
		return;
	stats_format(line, sizeof(line), &c);
	log_info("statistics %s: %s", ni->name, line);
}

void
mstats_log(void)
{
	struct stats_counters c = total_base;
	char line[LOG_LINE_MAX];

	stats_add(&c, &total_cur);
	stats_format(line, sizeof(line), &c);
	log_info("statistics total: %s", line);
	if (nw != NULL)
		nw_foreach(nw, log_one, NULL);
}

static void
write_one(struct nw_iface *ni, void *arg)
{
	struct stats_counters c;

	if (ni->user == NULL)
		return;
	iface_sum(ni->user, &c);
	if (!stats_is_zero(&c))
		stats_write_prom(arg, ni->name, &c);
}

/* Written to a temporary file and renamed: readers never see half. */
int
mstats_write(const char *path)
{
	struct stats_counters c = total_base;
	char tmp[4200];
	FILE *f;
	int fd;

	if (path[0] == '\0')
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_warn("statistics file %s", tmp);
		if (fd != -1)
			close(fd);
		return -1;
	}
	stats_add(&c, &total_cur);
	stats_write_prom_header(f);
	stats_write_prom(f, NULL, &c);
	if (nw != NULL)
		nw_foreach(nw, write_one, f);
	if (fflush(f) != 0 || ferror(f) || fclose(f) != 0) {
		log_warn("statistics file %s", tmp);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) == -1) {
		log_warn("statistics file %s", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}
