/*
 * The monitor: start-up in privilege (configuration, database schema, UDP
 * sockets, netlink), then an event loop that decides which interfaces are
 * served, opens their packet sockets, tells the responder, supervises it,
 * and handles signals.  No protocol logic lives here.
 */
#include <sys/resource.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <event2/event.h>
#include <libgen.h>
/* RFC 2863 operstates (linux/if.h clashes with net/if.h) */
#define OPER_DOWN		2
#define OPER_LOWERLAYERDOWN	3
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/attrs.h"
#include "common/config.h"
#include "common/fdreaper.h"
#include "common/ipc.h"
#include "common/log.h"
#include "common/rootdir.h"
#include "monitor/caps.h"
#include "monitor/dbinit.h"
#include "monitor/dbkeep.h"
#include "monitor/monitor.h"
#include "monitor/monitor_int.h"
#include "monitor/sockets.h"
#include "netwatch/netwatch.h"

#define NETLINK_RCVBUF	(8 << 20)
#define NOFILE_WANTED	1048576
#define MONITOR_REAPERS	64	/* threads closing packet sockets */


static struct {
	const struct monitor_opts *opts;
	struct config		 cfg;
	regex_t			 re;
	struct event_base	*base;
	struct netwatch		*nw;
	struct event		*ev_resync;
	struct event		*ev_stats;
	struct event		*ev_dbkeep;
	struct event		*ev_reload;
	struct attr_table	 v4, v6;	/* for re-preparing the database */
	int			 udp4, udp6;
	uint32_t		 generation;
	int			 pid_fd;
	char			 pid_path[PATH_MAX];
} mon = { .udp4 = -1, .udp6 = -1, .pid_fd = -1 };

void
monitor_iface_msg(const struct nw_iface *ni, uint32_t generation,
    struct msg_iface *m)
{
	memset(m, 0, sizeof(*m));
	m->ifindex = ni->ifindex;
	m->generation = generation;
	memcpy(m->name, ni->name, sizeof(m->name));
	m->name[sizeof(m->name) - 1] = '\0';
	memcpy(m->mac, ni->mac, sizeof(m->mac));
	m->n_addr4 = ni->n_addr4;
	memcpy(m->addr4, ni->addr4, sizeof(m->addr4));
	m->n_addr6 = ni->n_addr6;
	memcpy(m->addr6, ni->addr6, sizeof(m->addr6));
}

/* SPEC 2: served = the regex matches (unanchored) and the link is up. */
static int
should_serve(const struct nw_iface *ni)
{
	return ni->has_mac && regexec(&mon.re, ni->name, 0, NULL, 0) == 0 &&
	    ni->operstate != OPER_DOWN &&
	    ni->operstate != OPER_LOWERLAYERDOWN;
}

static void
send_add(const struct nw_iface *ni, const struct mon_iface *mi)
{
	struct msg_iface m;

	monitor_iface_msg(ni, mi->generation, &m);
	supervise_send(MSG_IFACE_ADD, &m, sizeof(m), mi->fd);
}

static void
serve(struct nw_iface *ni, struct mon_iface *mi)
{
	int fd = pktsock_open(ni->ifindex);

	if (fd < 0) {
		log_warnx("cannot open a packet socket on %s: %s", ni->name,
		    strerror(-fd));
		return;
	}
	mi->served = 1;
	mi->fd = fd;
	mi->generation = ++mon.generation;
	log_info("serving interface %s (index %u)", ni->name, ni->ifindex);
	send_add(ni, mi);
}

static void
unserve(const struct nw_iface *ni, struct mon_iface *mi)
{
	struct msg_iface_del d = { ni->ifindex, mi->generation };

	supervise_send(MSG_IFACE_DEL, &d, sizeof(d), -1);
	fdreaper_close(mi->fd);
	mi->fd = -1;
	mi->served = 0;
	log_info("no longer serving interface %s (index %u)", ni->name,
	    ni->ifindex);
}

static void
reevaluate(struct nw_iface *ni, int announce_update)
{
	struct mon_iface *mi = ni->user;
	int want = should_serve(ni);

	if (want && !mi->served)
		serve(ni, mi);
	else if (!want && mi->served)
		unserve(ni, mi);
	else if (mi->served && announce_update) {
		struct msg_iface m;

		monitor_iface_msg(ni, mi->generation, &m);
		supervise_send(MSG_IFACE_UPDATE, &m, sizeof(m), -1);
	}
}

static void
on_netwatch(enum nw_event ev, struct nw_iface *ni, void *arg)
{
	struct mon_iface *mi = ni->user;

	(void)arg;
	if (ev == NW_IFACE_DEL) {
		if (mi != NULL && mi->served)
			unserve(ni, mi);
		free(mi);
		ni->user = NULL;
		return;
	}
	if (mi == NULL) {
		if ((mi = calloc(1, sizeof(*mi))) == NULL)
			fatal("%s", __func__);
		mi->fd = -1;
		ni->user = mi;
	}
	reevaluate(ni, ev != NW_IFACE_NEW);
}

static void
send_one(struct nw_iface *ni, void *arg)
{
	struct mon_iface *mi = ni->user;

	(void)arg;
	if (mi != NULL && mi->served)
		send_add(ni, mi);
}

void
monitor_send_all(void)
{
	struct msg_udp_socket mu;

	mu.family = AF_INET;
	supervise_send(MSG_UDP_SOCKET, &mu, sizeof(mu), mon.udp4);
	if (mon.udp6 >= 0) {
		mu.family = AF_INET6;
		supervise_send(MSG_UDP_SOCKET, &mu, sizeof(mu), mon.udp6);
	}
	if (mon.nw != NULL)
		nw_foreach(mon.nw, send_one, NULL);
}

/* nw_close fires no callbacks: our per-interface state goes first. */
static void
forget_one(struct nw_iface *ni, void *arg)
{
	struct mon_iface *mi = ni->user;

	(void)arg;
	if (mi != NULL && mi->fd >= 0)
		fdreaper_close(mi->fd);
	free(mi);
	ni->user = NULL;
}

static void
reevaluate_one(struct nw_iface *ni, void *arg)
{
	(void)arg;
	if (ni->user != NULL)
		reevaluate(ni, 0);
}

/* A resync netwatch could not finish (dumps kept being interrupted, or
 * memory ran short) is retried once a second until it succeeds. */
static void
resync_retry(int fd, short what, void *arg)
{
	struct timeval one_second = { 1, 0 };
	int r;

	(void)fd; (void)what; (void)arg;
	if ((r = nw_resync(mon.nw)) == -EAGAIN)
		evtimer_add(mon.ev_resync, &one_second);
	else if (r < 0)
		log_warnx("netlink resync: %s", strerror(-r));
}

static void
netlink_readable(int fd, short what, void *arg)
{
	struct timeval one_second = { 1, 0 };
	int r;

	(void)fd; (void)what; (void)arg;
	r = nw_dispatch(mon.nw);
	if (r == -EAGAIN) {
		if (!evtimer_pending(mon.ev_resync, NULL))
			evtimer_add(mon.ev_resync, &one_second);
	} else if (r < 0)
		log_warnx("netlink: %s", strerror(-r));
}

static void	start_stats_timer(void);

/* The responder's view of the configuration; paths as seen in the chroot. */
static int
make_responder_config(const struct config *cfg, struct msg_config *mc)
{
	char root[PATH_MAX];
	size_t rl;

	memset(mc, 0, sizeof(*mc));
	config_chroot_dir(cfg, root, sizeof(root));
	rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		root[--rl] = '\0';
	if (strcmp(root, "/") == 0)
		rl = 0;
	if (strncmp(cfg->db_path, root, rl) != 0 || cfg->db_path[rl] != '/') {
		log_warnx("dhcp_db_filename %s is not inside chroot_dir %s",
		    cfg->db_path, root);
		return -1;
	}
	snprintf(mc->db_path, sizeof(mc->db_path), "%s", cfg->db_path + rl);
	snprintf(mc->chroot_dir, sizeof(mc->chroot_dir), "%s", root);
	snprintf(mc->user, sizeof(mc->user), "%s", cfg->user);
	mc->flags = (cfg->disable_routing_udpsock ? CONFIG_F_ROUTE_UDPSOCK : 0) |
	    (cfg->disable_routing_rawsock ? CONFIG_F_ROUTE_RAWSOCK : 0) |
	    (cfg->use_mac_as_client_duid ? CONFIG_F_MAC_AS_DUID : 0) |
	    (cfg->disable_ia_id ? CONFIG_F_NO_IA_ID : 0) |
	    (log_getverbose() ? CONFIG_F_VERBOSE : 0);
	mc->ratelimit = cfg->ratelimit;
	mc->default_lease_time = cfg->default_lease_time;
	mc->max_lease_time = cfg->max_lease_time;
	mc->renew_time = cfg->default_renew_time;
	mc->rebind_time = cfg->default_rebind_time;
	mc->pref_lifetime = cfg->default_pref_lifetime;
	mc->valid_lifetime = cfg->default_valid_lifetime;
	return 0;
}

/* Everything derived from a configuration file, checked before use. */
struct loaded {
	struct config		cfg;
	struct msg_config	mc;
	regex_t			re;
	struct attr_table	v4, v6;
};

static int
load_all(const struct monitor_opts *o, struct loaded *l)
{
	uid_t uid;
	gid_t gid;
	int r;

	if (config_load(o->config_file, o->config_dir, &l->cfg) < 0)
		return -1;
	if (make_responder_config(&l->cfg, &l->mc) < 0)
		return -1;
	if (rootdir_check(l->mc.chroot_dir, l->mc.user, &uid, &gid) < 0)
		return -1;
	if (dbinit_load_attrs(&l->cfg, &l->v4, &l->v6) < 0)
		return -1;
	if ((r = regcomp(&l->re, l->cfg.iface_regex, REG_EXTENDED |
	    REG_NOSUB)) != 0) {
		log_warnx("served_interface_regex: does not compile");
		return -1;
	}
	return 0;
}

/* SIGHUP: a broken file keeps the last good configuration (SPEC 3). */
static void
reload(void)
{
	static struct loaded l;

	log_info("reloading configuration from %s", mon.opts->config_file);
	if (load_all(mon.opts, &l) < 0) {
		log_warnx("reload failed: keeping the previous configuration");
		return;
	}
	if (dbkeep_prepare(l.cfg.db_path, &l.v4, &l.v6) < 0)
		log_warnx("reload: database %s not prepared; the responder "
		    "keeps retrying", l.cfg.db_path);
	mon.v4 = l.v4;
	mon.v6 = l.v6;
	regfree(&mon.re);
	mon.re = l.re;
	mon.cfg = l.cfg;
	supervise_set_config(&l.mc);
	supervise_set_max_delay(l.cfg.restart_max_delay);
	nw_foreach(mon.nw, reevaluate_one, NULL);
	start_stats_timer();
	/* the responder takes its configuration only at start */
	supervise_restart();
}

static void
count_served(struct nw_iface *ni, void *arg)
{
	struct mon_iface *mi = ni->user;

	if (mi != NULL && mi->served)
		(*(size_t *)arg)++;
}

static size_t
served_count(void)
{
	size_t n = 0;

	nw_foreach(mon.nw, count_served, &n);
	return n;
}

static void
reload_timer(int fd, short what, void *arg)
{
	(void)fd; (void)what; (void)arg;
	reload();
}

static void
on_signal(int sig, short what, void *arg)
{
	/* a burst of HUPs is one reload (H6): they arm one short timer */
	struct timeval settle = { 0, 200000 };

	(void)what; (void)arg;
	switch (sig) {
	case SIGHUP:
		if (!evtimer_pending(mon.ev_reload, NULL))
			evtimer_add(mon.ev_reload, &settle);
		break;
	case SIGCHLD:
		supervise_reap();
		break;
	case SIGUSR1:
		log_info("statistics: responder pid %d, %zu interfaces known, "
		    "%zu served", (int)supervise_pid(), nw_count(mon.nw),
		    served_count());
		mstats_log();
		break;
	default:
		log_info("received signal %d: exiting", sig);
		event_base_loopexit(mon.base, NULL);
	}
}

static void
stats_timer(int fd, short what, void *arg)
{
	(void)fd; (void)what; (void)arg;
	mstats_write(mon.cfg.stats_file);
}

static void
dbkeep_timer(int fd, short what, void *arg)
{
	(void)fd; (void)what; (void)arg;
	dbkeep_tick(mon.cfg.db_path, &mon.v4, &mon.v6);
}

static void
start_stats_timer(void)
{
	struct timeval tv = { mon.cfg.stats_interval, 0 };

	if (mon.ev_stats == NULL && (mon.ev_stats = event_new(mon.base, -1,
	    EV_PERSIST, stats_timer, NULL)) == NULL)
		fatalx("%s: event_new", __func__);
	event_del(mon.ev_stats);
	if (mon.cfg.stats_file[0] != '\0')
		event_add(mon.ev_stats, &tv);
}

static void
raise_nofile(void)
{
	struct rlimit rl = { NOFILE_WANTED, NOFILE_WANTED };

	if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
		return;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int
open_udp_sockets(void)
{
	if ((mon.udp4 = udp4_open()) < 0) {
		log_warnx("cannot bind UDP 0.0.0.0:67: %s", strerror(-mon.udp4));
		return -1;
	}
	if ((mon.udp6 = udp6_open()) < 0) {
		/* a host without IPv6 still serves DHCPv4 */
		log_warnx("cannot bind UDP [::]:547: %s", strerror(-mon.udp6));
		mon.udp6 = -1;
	}
	return 0;
}

static void
add_signal(int sig)
{
	struct event *ev = evsignal_new(mon.base, sig, on_signal, NULL);

	if (ev == NULL || event_add(ev, NULL) == -1)
		fatalx("%s: signal %d", __func__, sig);
}

static int
start_event_loop(const struct msg_config *mc)
{
	struct timeval five_seconds = { 5, 0 };
	struct event *ev_nw;

	if ((mon.base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if ((mon.ev_reload = evtimer_new(mon.base, reload_timer, NULL)) == NULL)
		fatalx("evtimer_new");
	signal(SIGPIPE, SIG_IGN);
	add_signal(SIGHUP);
	add_signal(SIGTERM);
	add_signal(SIGINT);
	add_signal(SIGCHLD);
	add_signal(SIGUSR1);
	supervise_init(mon.base, mc);
	if ((mon.ev_resync = evtimer_new(mon.base, resync_retry, NULL)) == NULL)
		fatalx("evtimer_new");
	/* the first dump calls back before the responder exists: its sockets
	 * are opened now and handed over when the responder starts */
	if ((mon.nw = nw_open(on_netwatch, NULL, NETLINK_RCVBUF)) == NULL)
		return -1;
	ev_nw = event_new(mon.base, nw_fd(mon.nw), EV_READ | EV_PERSIST,
	    netlink_readable, NULL);
	if (ev_nw == NULL || event_add(ev_nw, NULL) == -1)
		fatalx("netlink event");
	mstats_init(mon.nw);
	start_stats_timer();
	mon.ev_dbkeep = event_new(mon.base, -1, EV_PERSIST, dbkeep_timer, NULL);
	if (mon.ev_dbkeep == NULL || event_add(mon.ev_dbkeep, &five_seconds))
		fatalx("dbkeep timer");
	if (caps_reduce() < 0)
		return -1;
	supervise_start();
	event_base_dispatch(mon.base);
	supervise_stop();
	mstats_responder_gone();
	mstats_write(mon.cfg.stats_file);
	dbkeep_close();
	return 0;
}

/*
 * Into the background.  The parent exits only once the child has written
 * its pid: whoever started us (an init script, start-stop-daemon) reads
 * the right pid as soon as we return.  The pid file's lock is shared with
 * the child through the inherited descriptor.
 */
static int
daemonise(int pid_fd)
{
	int p[2], fd;
	char ok = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1 || (pid = fork()) == -1) {
		log_warn("daemonise");
		return -1;
	}
	if (pid > 0) {
		close(p[1]);
		while (read(p[0], &ok, 1) == -1 && errno == EINTR)
			;
		_exit(ok == 'y' ? 0 : 1);
	}
	close(p[0]);
	if (setsid() == -1 || chdir("/") == -1 ||
	    (fd = open("/dev/null", O_RDWR)) == -1) {
		log_warn("daemonise");
		return -1;
	}
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	if (pidfile_update(pid_fd) < 0) {
		log_warn("pid file");
		return -1;
	}
	if (write(p[1], "y", 1) != 1)
		log_warn("daemonise: telling the parent");
	close(p[1]);
	return 0;
}

/* statichcpd -t: everything start-up checks, without starting. */
int
monitor_check_config(const struct monitor_opts *o)
{
	static struct loaded l;

	if (load_all(o, &l) < 0)
		return -1;
	regfree(&l.re);
	return 0;
}

int
monitor_main(const struct monitor_opts *o)
{
	static struct loaded l;
	int rc;

	mon.opts = o;
	log_procinit("monitor");
	if (load_all(o, &l) < 0)
		return 1;
	mon.cfg = l.cfg;
	mon.re = l.re;
	supervise_set_max_delay(l.cfg.restart_max_delay);
	snprintf(mon.pid_path, sizeof(mon.pid_path), "%s",
	    o->pid_file != NULL ? o->pid_file : l.cfg.pid_file);
	if (caps_check_startup() < 0) {
		log_warnx("statichcpd must start as root (or with the "
		    "capabilities above)");
		return 1;
	}
	/* the lock first: a second instance must not touch the database */
	if (mon.pid_path[0] != '\0' &&
	    (mon.pid_fd = pidfile_create(mon.pid_path)) < 0)
		return 1;
	raise_nofile();
	if (dbinit_prepare(l.cfg.db_path, &l.v4, &l.v6) < 0)
		log_warnx("database %s could not be prepared; serving "
		    "nothing until it can be read", l.cfg.db_path);
	else
		dbkeep_open(l.cfg.db_path);
	mon.v4 = l.v4;
	mon.v6 = l.v6;
	if (open_udp_sockets() < 0) {
		pidfile_remove(mon.pid_path, mon.pid_fd);
		return 1;
	}
	if (!o->foreground && daemonise(mon.pid_fd) < 0) {
		pidfile_remove(mon.pid_path, mon.pid_fd);
		return 1;
	}
	log_info("statichcpd %s starting (regex '%s', database %s)", VERSION,
	    l.cfg.iface_regex, l.cfg.db_path);
	/* after the fork of daemonise: threads do not survive a fork */
	if (fdreaper_start(MONITOR_REAPERS) < 0)
		log_warnx("closing packet sockets in the event loop");
	rc = start_event_loop(&l.mc) < 0 ? 1 : 0;
	if (mon.nw != NULL) {
		nw_foreach(mon.nw, forget_one, NULL);
		nw_close(mon.nw);
	}
	fdreaper_drain();
	regfree(&mon.re);
	pidfile_remove(mon.pid_path, mon.pid_fd);
	log_info("exiting");
	return rc;
}
