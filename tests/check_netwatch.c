/*
 * netwatch against the real kernel.  Every test runs in its own forked
 * child (Check's default) and moves it into a private network namespace,
 * plus a mount namespace with its own sysfs so /sys/class/net lists that
 * namespace's interfaces: nothing outside is ever touched.
 */
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <net/if.h>		/* before linux/if.h, which defers to it */
#include <linux/if.h>		/* IFF_LOWER_UP, IF_OPER_* */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "netwatch/netwatch.h"
#include "tests/testutil.h"

#define MAXIDX		65536
#define WAIT_MS		2000

struct rec_event {
	enum nw_event	ev;
	struct nw_iface	ifc;		/* copy taken in the callback */
};

/* What the callbacks saw; checks the contract on every call. */
static struct {
	struct netwatch	*nw;		/* set once nw_open has returned */
	struct rec_event *evs;
	size_t		 nevs, cap;
	size_t		 n[4];		/* per enum nw_event */
	uint8_t		 alive[MAXIDX];	/* NEW seen, DEL not yet */
	char		 tag[MAXIDX];	/* &tag[ifindex] is the user ptr */
} rec;

static char batch_path[PATH_MAX];

static void
rec_cb(enum nw_event ev, struct nw_iface *ifc, void *arg)
{
	struct nw_iface *found;
	uint32_t i = ifc->ifindex;

	ck_assert_ptr_eq(arg, &rec);
	ck_assert_uint_lt(i, MAXIDX);
	ck_assert_uint_le(ifc->n_addr4, IFACE_MAX_ADDR4);
	ck_assert_uint_le(ifc->n_addr6, IFACE_MAX_ADDR6);
	if (ev == NW_IFACE_NEW) {
		ck_assert_msg(!rec.alive[i], "NEW twice for %u", i);
		ck_assert_ptr_null(ifc->user);
		ifc->user = &rec.tag[i];
		rec.alive[i] = 1;
	} else {
		ck_assert_msg(rec.alive[i], "event %d for dead %u", ev, i);
		/* the monitor's pointer survives CHANGED and ADDR_CHANGED */
		ck_assert_ptr_eq(ifc->user, &rec.tag[i]);
		if (ev == NW_IFACE_DEL)
			rec.alive[i] = 0;
	}
	if (rec.nw != NULL) {
		found = nw_lookup(rec.nw, i);
		if (ev == NW_IFACE_DEL)
			ck_assert_ptr_null(found);
		else
			ck_assert_ptr_eq(found, ifc);
		ck_assert_int_eq(nw_dispatch(rec.nw), -EBUSY);
		ck_assert_int_eq(nw_resync(rec.nw), -EBUSY);
	}
	if (rec.nevs == rec.cap) {
		rec.cap = rec.cap ? rec.cap * 2 : 256;
		rec.evs = realloc(rec.evs, rec.cap * sizeof(*rec.evs));
		ck_assert_ptr_nonnull(rec.evs);
	}
	rec.evs[rec.nevs].ev = ev;
	rec.evs[rec.nevs].ifc = *ifc;
	rec.nevs++;
	rec.n[ev]++;
}

static void
sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	ck_assert_msg(rc == 0, "'%s' failed: %d", cmd, rc);
}

/* dummy where the kernel has it, else ifb: both are up in UNKNOWN
 * operstate with a random Ethernet address */
static const char *
kind(void)
{
	static const char *k;

	if (k == NULL) {
		if (system("ip link add nwprobe0 type dummy "
		    "2>/dev/null") == 0) {
			sh("ip link del nwprobe0");
			k = "dummy";
		} else
			k = "ifb";
	}
	return k;
}

/* Private network namespace (only lo, brought up) and sysfs.  0 when the
 * test must be skipped. */
static int
ns_setup(void)
{
	if (!tu_need_root("netwatch"))
		return 0;
	ck_assert_int_eq(unshare(CLONE_NEWNET | CLONE_NEWNS), 0);
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	ck_assert_int_eq(mount("sysfs", "/sys", "sysfs", 0, NULL), 0);
	sh("ip link set lo up");
	(void)kind();
	memset(&rec, 0, sizeof(rec));
	return 1;
}

static struct netwatch *
open_nw(int rcvbuf)
{
	struct netwatch *nw = nw_open(rec_cb, &rec, rcvbuf);

	ck_assert_msg(nw != NULL, "nw_open: %s", strerror(errno));
	rec.nw = nw;
	return nw;
}

static void
close_nw(struct netwatch *nw)
{
	rec.nw = NULL;
	nw_close(nw);
	free(rec.evs);
	memset(&rec, 0, sizeof(rec));
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait up to ms for the fd, dispatch; 0 once nothing came in time. */
static int
pump(struct netwatch *nw, int ms)
{
	struct pollfd pfd = { nw_fd(nw), POLLIN, 0 };
	int r;

	if ((r = poll(&pfd, 1, ms)) == 0)
		return 0;
	ck_assert_int_eq(r, 1);
	r = nw_dispatch(nw);
	ck_assert_msg(r == 0 || r == -EAGAIN, "nw_dispatch: %d", r);
	return 1;
}

/* Dispatch until cond holds: bounded by WAIT_MS, no fixed sleeps. */
#define WAIT_FOR(nw, cond) do {						\
	long deadline_ = now_ms() + WAIT_MS;				\
	while (!(cond) && now_ms() < deadline_)				\
		(void)pump((nw), 50);					\
	ck_assert_msg((cond), "timed out waiting for %s", #cond);	\
} while (0)

/* Dispatch until 200 ms pass without a message (at most 20 s). */
static void
quiet(struct netwatch *nw)
{
	long deadline = now_ms() + 20000;

	while (now_ms() < deadline)
		if (!pump(nw, 200) && nw_dispatch(nw) == 0)
			return;
	ck_abort_msg("netlink never went quiet");
}

static uint32_t
idx(const char *name)
{
	uint32_t i = if_nametoindex(name);

	ck_assert_msg(i != 0, "no interface %s", name);
	return i;
}

/* The newest recorded copy of ev for ifindex, or NULL. */
static const struct nw_iface *
last_ev(enum nw_event ev, uint32_t ifindex)
{
	size_t i;

	for (i = rec.nevs; i-- > 0;)
		if (rec.evs[i].ev == ev && rec.evs[i].ifc.ifindex == ifindex)
			return &rec.evs[i].ifc;
	return NULL;
}

static void
assert_mac(const struct nw_iface *ifc, const char *want)
{
	char got[18];

	ck_assert_int_eq(ifc->has_mac, 1);
	snprintf(got, sizeof(got), "%02x:%02x:%02x:%02x:%02x:%02x",
	    ifc->mac[0], ifc->mac[1], ifc->mac[2], ifc->mac[3], ifc->mac[4],
	    ifc->mac[5]);
	ck_assert_str_eq(got, want);
}

/* addr4 as "a,b,c" for exact comparisons */
static const char *
v4list(const struct nw_iface *ifc)
{
	static char buf[IFACE_MAX_ADDR4 * 16 + 1];
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < ifc->n_addr4; i++) {
		if (i > 0)
			strcat(buf, ",");
		strcat(buf, inet_ntoa(ifc->addr4[i]));
	}
	return buf;
}

static int
has_v6(const struct nw_iface *ifc, const char *s)
{
	struct in6_addr a;
	uint32_t i;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	for (i = 0; i < ifc->n_addr6; i++)
		if (memcmp(&ifc->addr6[i], &a, sizeof(a)) == 0)
			return 1;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct names {
	char	**v;
	size_t	  n, cap;
};

static void
names_add(struct names *ns, const char *name)
{
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 64;
		ns->v = realloc(ns->v, ns->cap * sizeof(*ns->v));
		ck_assert_ptr_nonnull(ns->v);
	}
	ns->v[ns->n++] = strdup(name);
}

static void
names_free(struct names *ns)
{
	while (ns->n > 0)
		free(ns->v[--ns->n]);
	free(ns->v);
}

static void
collect_name(struct nw_iface *ifc, void *arg)
{
	/* and the callbacks' view agrees with the table */
	ck_assert_msg(rec.alive[ifc->ifindex], "%s in table, not alive",
	    ifc->name);
	names_add(arg, ifc->name);
}

/* The table holds exactly the interfaces of /sys/class/net. */
static void
assert_table_is_kernel(struct netwatch *nw)
{
	struct names sys = { 0 }, tab = { 0 };
	struct dirent *d;
	struct stat st;
	size_t i, alive = 0;
	DIR *dir;

	ck_assert_ptr_nonnull(dir = opendir("/sys/class/net"));
	while ((d = readdir(dir)) != NULL)
		if (fstatat(dirfd(dir), d->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
			names_add(&sys, d->d_name);
	closedir(dir);
	nw_foreach(nw, collect_name, &tab);
	qsort(sys.v, sys.n, sizeof(*sys.v), cmp_str);
	qsort(tab.v, tab.n, sizeof(*tab.v), cmp_str);
	ck_assert_uint_eq(tab.n, sys.n);
	ck_assert_uint_eq(nw_count(nw), sys.n);
	for (i = 0; i < sys.n; i++)
		ck_assert_str_eq(tab.v[i], sys.v[i]);
	for (i = 0; i < MAXIDX; i++)
		alive += rec.alive[i];
	ck_assert_uint_eq(alive, sys.n);
	ck_assert_uint_eq(rec.n[NW_IFACE_NEW] - rec.n[NW_IFACE_DEL], sys.n);
	names_free(&sys);
	names_free(&tab);
}

static int
count_fds(void)
{
	struct dirent *d;
	DIR *dir;
	int n = 0;

	ck_assert_ptr_nonnull(dir = opendir("/proc/self/fd"));
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n - 1;	/* the directory's own */
}

static FILE *
batch_open(void)
{
	FILE *f;

	snprintf(batch_path, sizeof(batch_path), "%s/nw-batch.%d",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	ck_assert_ptr_nonnull(f = fopen(batch_path, "w"));
	return f;
}

static void
batch_run(FILE *f)
{
	ck_assert_int_eq(fclose(f), 0);
	sh("ip -batch %s", batch_path);
	unlink(batch_path);
}

/* Interfaces present before nw_open: names, MACs, addresses in order. */
START_TEST(test_initial_dump)
{
	const struct nw_iface *a, *lo, *v;
	struct netwatch *nw;

	if (!ns_setup())
		return;
	sh("ip link add a0 address 02:00:00:00:00:a0 type %s", kind());
	/* 10.0.0.2 is a secondary of 10.0.0.1 and the kernel keeps it after
	 * the primaries, whatever the order they came in */
	sh("ip addr add 10.0.0.1/24 dev a0");
	sh("ip addr add 192.168.5.5/24 dev a0");
	sh("ip addr add 10.0.0.2/24 dev a0");
	sh("ip addr add 172.16.0.1/16 dev a0");
	sh("ip -6 addr add 2001:db8::1/64 dev a0 nodad");
	sh("ip -6 addr add 2001:db8:1::5/64 dev a0 nodad");
	sh("ip link add v0 address 02:00:00:00:00:b0 type veth peer name v1 "
	    "address 02:00:00:00:00:b1");
	sh("ip addr add 10.9.0.1/24 dev v0");

	nw = open_nw(0);
	ck_assert_uint_eq(nw_count(nw), 4);
	ck_assert_uint_eq(rec.n[NW_IFACE_NEW], 4);
	ck_assert_uint_eq(rec.nevs, 4);

	/* the NEW callback already had the addresses */
	ck_assert_ptr_nonnull(a = last_ev(NW_IFACE_NEW, idx("a0")));
	ck_assert_str_eq(v4list(a), "10.0.0.1,192.168.5.5,172.16.0.1,10.0.0.2");
	ck_assert_ptr_nonnull(a = nw_lookup(nw, idx("a0")));
	ck_assert_str_eq(a->name, "a0");
	ck_assert_uint_eq(a->ifindex, idx("a0"));
	assert_mac(a, "02:00:00:00:00:a0");
	ck_assert_uint_eq(a->flags & IFF_UP, 0);
	ck_assert_uint_eq(a->operstate, IF_OPER_DOWN);
	ck_assert_str_eq(v4list(a), "10.0.0.1,192.168.5.5,172.16.0.1,10.0.0.2");
	ck_assert_uint_eq(a->n_addr6, 2);
	ck_assert(has_v6(a, "2001:db8::1"));
	ck_assert(has_v6(a, "2001:db8:1::5"));

	ck_assert_ptr_nonnull(lo = nw_lookup(nw, idx("lo")));
	ck_assert_str_eq(lo->name, "lo");
	ck_assert_int_eq(lo->has_mac, 0);	/* 00:00:00:00:00:00 */
	ck_assert_uint_eq(lo->flags & (IFF_LOOPBACK | IFF_UP),
	    IFF_LOOPBACK | IFF_UP);
	ck_assert_str_eq(v4list(lo), "127.0.0.1");
	ck_assert_uint_eq(lo->n_addr6, 1);
	ck_assert(has_v6(lo, "::1"));

	ck_assert_ptr_nonnull(v = nw_lookup(nw, idx("v0")));
	assert_mac(v, "02:00:00:00:00:b0");
	ck_assert_str_eq(v4list(v), "10.9.0.1");
	ck_assert_uint_eq(v->n_addr6, 0);
	ck_assert_ptr_nonnull(v = nw_lookup(nw, idx("v1")));
	assert_mac(v, "02:00:00:00:00:b1");
	ck_assert_uint_eq(v->n_addr4, 0);
	ck_assert_ptr_null(nw_lookup(nw, 9999));
	assert_table_is_kernel(nw);
	close_nw(nw);
}
END_TEST

START_TEST(test_new_link)
{
	const struct nw_iface *n;
	struct netwatch *nw;

	if (!ns_setup())
		return;
	nw = open_nw(0);
	ck_assert_uint_eq(rec.n[NW_IFACE_NEW], 1);
	sh("ip link add n0 address 02:00:00:00:00:10 type %s", kind());
	WAIT_FOR(nw, rec.n[NW_IFACE_NEW] == 2);
	ck_assert_ptr_nonnull(n = last_ev(NW_IFACE_NEW, idx("n0")));
	ck_assert_str_eq(n->name, "n0");
	assert_mac(n, "02:00:00:00:00:10");
	ck_assert_ptr_nonnull(n = nw_lookup(nw, idx("n0")));
	ck_assert_str_eq(n->name, "n0");
	ck_assert_uint_eq(nw_count(nw), 2);
	ck_assert_uint_eq(rec.n[NW_IFACE_DEL], 0);
	close_nw(nw);
}
END_TEST

static int
state_is(struct netwatch *nw, uint32_t i, unsigned int up, int oper)
{
	const struct nw_iface *f = nw_lookup(nw, i);

	return f != NULL && (f->flags & IFF_UP) == up &&
	    (oper < 0 || f->operstate == oper);
}

/* up/down: CHANGED with flags and operstate as the kernel reports them */
START_TEST(test_up_down)
{
	const struct nw_iface *c;
	struct netwatch *nw;
	uint32_t a, v0, v1;

	if (!ns_setup())
		return;
	sh("ip link add a0 type %s", kind());
	sh("ip link add v0 type veth peer name v1");
	a = idx("a0"), v0 = idx("v0"), v1 = idx("v1");
	nw = open_nw(0);

	sh("ip link set a0 up");
	WAIT_FOR(nw, state_is(nw, a, IFF_UP, IF_OPER_UNKNOWN));
	ck_assert_ptr_nonnull(c = last_ev(NW_IFACE_CHANGED, a));
	ck_assert_uint_eq(c->flags & IFF_UP, IFF_UP);
	ck_assert_uint_eq(c->operstate, IF_OPER_UNKNOWN);

	sh("ip link set a0 down");
	WAIT_FOR(nw, state_is(nw, a, 0, IF_OPER_DOWN));
	ck_assert_ptr_nonnull(c = last_ev(NW_IFACE_CHANGED, a));
	ck_assert_uint_eq(c->flags & IFF_UP, 0);
	ck_assert_uint_eq(c->operstate, IF_OPER_DOWN);

	/* veth up, peer down: no carrier */
	sh("ip link set v0 up");
	WAIT_FOR(nw, state_is(nw, v0, IFF_UP, -1) &&
	    (nw_lookup(nw, v0)->operstate == IF_OPER_LOWERLAYERDOWN ||
	    nw_lookup(nw, v0)->operstate == IF_OPER_DOWN));
	ck_assert_ptr_nonnull(c = last_ev(NW_IFACE_CHANGED, v0));
	ck_assert_uint_eq(c->flags & (IFF_UP | IFF_LOWER_UP), IFF_UP);
	ck_assert(c->operstate == IF_OPER_LOWERLAYERDOWN ||
	    c->operstate == IF_OPER_DOWN);

	sh("ip link set v1 up");
	WAIT_FOR(nw, state_is(nw, v0, IFF_UP, IF_OPER_UP) &&
	    state_is(nw, v1, IFF_UP, IF_OPER_UP));
	ck_assert_ptr_nonnull(c = last_ev(NW_IFACE_CHANGED, v0));
	ck_assert_uint_eq(c->operstate, IF_OPER_UP);
	ck_assert_uint_eq(c->flags & (IFF_UP | IFF_LOWER_UP | IFF_RUNNING),
	    IFF_UP | IFF_LOWER_UP | IFF_RUNNING);

	ck_assert_uint_eq(rec.n[NW_IFACE_NEW], 4);
	ck_assert_uint_eq(rec.n[NW_IFACE_DEL], 0);
	close_nw(nw);
}
END_TEST

/* A rename is RTM_NEWLINK on the same ifindex; MAC changes likewise. */
START_TEST(test_rename_and_mac)
{
	const struct nw_iface *c;
	struct netwatch *nw;
	uint32_t a;

	if (!ns_setup())
		return;
	/* veth: not every kind lets its address be changed (ifb does not) */
	sh("ip link add a0 address 02:00:00:00:00:a0 type veth peer name p0");
	a = idx("a0");
	nw = open_nw(0);
	sh("ip link set a0 name b0");
	WAIT_FOR(nw, strcmp(nw_lookup(nw, a)->name, "b0") == 0);
	ck_assert_ptr_nonnull(c = last_ev(NW_IFACE_CHANGED, a));
	ck_assert_str_eq(c->name, "b0");
	ck_assert_uint_eq(c->ifindex, a);
	ck_assert_uint_eq(idx("b0"), a);

	sh("ip link set b0 address 02:00:00:00:00:77");
	WAIT_FOR(nw, nw_lookup(nw, a)->mac[5] == 0x77);
	assert_mac(last_ev(NW_IFACE_CHANGED, a), "02:00:00:00:00:77");
	ck_assert_str_eq(nw_lookup(nw, a)->name, "b0");
	ck_assert_uint_eq(nw_count(nw), 3);
	ck_assert_uint_eq(rec.n[NW_IFACE_NEW], 3);
	ck_assert_uint_eq(rec.n[NW_IFACE_DEL], 0);
	ck_assert_uint_eq(rec.n[NW_ADDR_CHANGED], 0);
	close_nw(nw);
}
END_TEST

/* ADDR_CHANGED with the right list, and only when the list changed. */
START_TEST(test_addr_events)
{
	const struct nw_iface *c;
	struct netwatch *nw;
	uint32_t a;

	if (!ns_setup())
		return;
	sh("ip link add a0 type %s", kind());
	a = idx("a0");
	nw = open_nw(0);

	sh("ip addr add 10.1.0.1/24 dev a0");
	WAIT_FOR(nw, rec.n[NW_ADDR_CHANGED] == 1);
	ck_assert_str_eq(v4list(last_ev(NW_ADDR_CHANGED, a)), "10.1.0.1");
	sh("ip addr add 10.2.0.1/24 dev a0");
	WAIT_FOR(nw, rec.n[NW_ADDR_CHANGED] == 2);
	ck_assert_str_eq(v4list(last_ev(NW_ADDR_CHANGED, a)),
	    "10.1.0.1,10.2.0.1");
	sh("ip -6 addr add 2001:db8::7/64 dev a0 nodad");
	WAIT_FOR(nw, rec.n[NW_ADDR_CHANGED] == 3);
	c = last_ev(NW_ADDR_CHANGED, a);
	ck_assert_uint_eq(c->n_addr6, 1);
	ck_assert(has_v6(c, "2001:db8::7"));
	ck_assert_str_eq(v4list(c), "10.1.0.1,10.2.0.1");

	/* RTM_NEWADDR for a known address (new lifetimes): no callback.
	 * Events keep their order, so once the next one is in, any call
	 * for the first would have been seen. */
	sh("ip addr change 10.2.0.1/24 dev a0 valid_lft 3600 "
	    "preferred_lft 3600");
	sh("ip addr add 10.3.0.1/24 dev a0");
	WAIT_FOR(nw, rec.n[NW_ADDR_CHANGED] >= 4);
	ck_assert_uint_eq(rec.n[NW_ADDR_CHANGED], 4);
	ck_assert_str_eq(v4list(last_ev(NW_ADDR_CHANGED, a)),
	    "10.1.0.1,10.2.0.1,10.3.0.1");

	sh("ip addr del 10.1.0.1/24 dev a0");
	WAIT_FOR(nw, rec.n[NW_ADDR_CHANGED] == 5);
	ck_assert_str_eq(v4list(last_ev(NW_ADDR_CHANGED, a)),
	    "10.2.0.1,10.3.0.1");
	sh("ip -6 addr del 2001:db8::7/64 dev a0");
	WAIT_FOR(nw, rec.n[NW_ADDR_CHANGED] == 6);
	c = last_ev(NW_ADDR_CHANGED, a);
	ck_assert_uint_eq(c->n_addr6, 0);
	ck_assert_str_eq(v4list(c), "10.2.0.1,10.3.0.1");
	ck_assert_str_eq(v4list(nw_lookup(nw, a)), "10.2.0.1,10.3.0.1");
	ck_assert_uint_eq(rec.n[NW_IFACE_CHANGED], 0);
	close_nw(nw);
}
END_TEST

/* IPv4 addresses are told apart by local, peer and prefix length. */
START_TEST(test_addr_keys)
{
	struct netwatch *nw;
	uint32_t a;

	if (!ns_setup())
		return;
	sh("ip link add a0 type %s", kind());
	a = idx("a0");
	sh("ip addr add 10.5.0.1/24 dev a0");
	sh("ip addr add 10.5.0.1/16 dev a0");
	sh("ip addr add 10.6.0.1 peer 10.6.0.2/32 dev a0");
	sh("ip addr add 10.6.0.1 peer 10.6.0.3/32 dev a0");
	nw = open_nw(0);
	ck_assert_str_eq(v4list(nw_lookup(nw, a)),
	    "10.5.0.1,10.5.0.1,10.6.0.1,10.6.0.1");

	sh("ip addr del 10.5.0.1/24 dev a0");
	WAIT_FOR(nw, rec.n[NW_ADDR_CHANGED] == 1);
	ck_assert_str_eq(v4list(nw_lookup(nw, a)),
	    "10.5.0.1,10.6.0.1,10.6.0.1");
	sh("ip addr del 10.6.0.1 peer 10.6.0.2/32 dev a0");
	WAIT_FOR(nw, rec.n[NW_ADDR_CHANGED] == 2);
	ck_assert_str_eq(v4list(nw_lookup(nw, a)), "10.5.0.1,10.6.0.1");
	/* and a dump agrees with what the events built */
	ck_assert_int_eq(nw_resync(nw), 0);
	ck_assert_uint_eq(rec.n[NW_ADDR_CHANGED], 2);
	close_nw(nw);
}
END_TEST

START_TEST(test_delete)
{
	const struct nw_iface *d;
	struct netwatch *nw;
	uint32_t a;

	if (!ns_setup())
		return;
	sh("ip link add a0 type %s", kind());
	sh("ip addr add 10.1.0.1/24 dev a0");
	a = idx("a0");
	nw = open_nw(0);
	ck_assert_uint_eq(nw_count(nw), 2);
	sh("ip link del a0");
	WAIT_FOR(nw, rec.n[NW_IFACE_DEL] == 1);
	ck_assert_ptr_nonnull(d = last_ev(NW_IFACE_DEL, a));
	ck_assert_str_eq(d->name, "a0");
	ck_assert_ptr_null(nw_lookup(nw, a));
	ck_assert_uint_eq(nw_count(nw), 1);
	/* nothing more for it: the recorder fails any late callback */
	sh("ip link add a1 type %s", kind());
	WAIT_FOR(nw, rec.n[NW_IFACE_NEW] == 3);
	ck_assert_uint_eq(nw_count(nw), 2);

	/* an ifindex used again is a new interface: DEL, then NEW */
	sh("ip link add r0 index 100 type %s", kind());
	sh("ip link del r0");
	sh("ip link add r1 index 100 type %s", kind());
	WAIT_FOR(nw, rec.n[NW_IFACE_NEW] == 5);
	ck_assert_uint_eq(rec.n[NW_IFACE_DEL], 2);
	ck_assert_str_eq(last_ev(NW_IFACE_DEL, 100)->name, "r0");
	ck_assert_str_eq(nw_lookup(nw, 100)->name, "r1");
	ck_assert_uint_eq(nw_count(nw), 3);
	close_nw(nw);
}
END_TEST

/* Leaving a bridge sends an AF_BRIDGE RTM_DELLINK for a live port. */
START_TEST(test_bridge_port_stays)
{
	struct netwatch *nw;
	uint32_t v0;

	if (!ns_setup())
		return;
	sh("ip link add br0 type bridge");
	sh("ip link add v0 type veth peer name v1");
	v0 = idx("v0");
	nw = open_nw(0);
	sh("ip link set v0 master br0");
	sh("ip link set v0 nomaster");
	sh("ip link set v1 name v9");
	WAIT_FOR(nw, strcmp(nw_lookup(nw, idx("v9"))->name, "v9") == 0);
	ck_assert_ptr_nonnull(nw_lookup(nw, v0));
	ck_assert_uint_eq(rec.n[NW_IFACE_DEL], 0);
	ck_assert_uint_eq(nw_count(nw), 4);
	close_nw(nw);
}
END_TEST

/* A resync of an unchanged system tells the monitor nothing, even where
 * events gave IPv6 addresses in another order than a dump does. */
START_TEST(test_resync_quiet)
{
	struct nw_stats st;
	struct netwatch *nw;
	size_t before;

	if (!ns_setup())
		return;
	sh("ip link add a0 type %s", kind());
	nw = open_nw(0);
	sh("ip addr add 10.1.0.1/24 dev a0");
	sh("ip -6 addr add 2001:db8::1/64 dev a0 nodad");
	sh("ip -6 addr add 2001:db8::2/64 dev a0 nodad");
	sh("ip link set a0 up");
	/* the two, and the link-local address that comes with "up" */
	WAIT_FOR(nw, state_is(nw, idx("a0"), IFF_UP, IF_OPER_UNKNOWN) &&
	    nw_lookup(nw, idx("a0"))->n_addr6 == 3);
	quiet(nw);
	before = rec.nevs;
	ck_assert_int_eq(nw_resync(nw), 0);
	ck_assert_uint_eq(rec.nevs, before);
	nw_get_stats(nw, &st);
	ck_assert_uint_eq(st.resyncs, 2);
	ck_assert_uint_eq(st.overflows, 0);
	ck_assert_int_eq(nw_dispatch(nw), 0);
	assert_table_is_kernel(nw);
	close_nw(nw);
}
END_TEST

START_TEST(test_fds)
{
	struct netwatch *nw;
	int before, i, v;
	socklen_t len = sizeof(v);

	if (!ns_setup())
		return;
	before = count_fds();
	for (i = 0; i < 3; i++) {
		nw = open_nw(8 << 20);
		ck_assert_int_ne(fcntl(nw_fd(nw), F_GETFD) & FD_CLOEXEC, 0);
		ck_assert_int_ne(fcntl(nw_fd(nw), F_GETFL) & O_NONBLOCK, 0);
		/* forced past rmem_max; the kernel reports it doubled */
		ck_assert_int_eq(getsockopt(nw_fd(nw), SOL_SOCKET, SO_RCVBUF,
		    &v, &len), 0);
		ck_assert_int_eq(v, 16 << 20);
		ck_assert_int_eq(nw_dispatch(nw), 0);
		close_nw(nw);
	}
	ck_assert_int_eq(count_fds(), before);
}
END_TEST

/* Without CAP_NET_ADMIN the buffer falls back to SO_RCVBUF. */
START_TEST(test_rcvbuf_fallback)
{
	cap_value_t na = CAP_NET_ADMIN;
	struct netwatch *nw;
	cap_t caps;

	if (!ns_setup())
		return;
	ck_assert_ptr_nonnull(caps = cap_get_proc());
	ck_assert_int_eq(cap_set_flag(caps, CAP_EFFECTIVE, 1, &na, CAP_CLEAR),
	    0);
	ck_assert_int_eq(cap_set_proc(caps), 0);
	cap_free(caps);
	tu_log_capture();
	nw = open_nw(8 << 20);
	ck_assert_msg(tu_log_contains("nw_set_rcvbuf: SO_RCVBUFFORCE not "
	    "permitted"), "log: %s", tu_log_text());
	ck_assert_uint_eq(nw_count(nw), 1);
	close_nw(nw);
}
END_TEST

START_TEST(test_open_invalid)
{
	tu_log_capture();
	ck_assert_ptr_null(nw_open(NULL, NULL, 0));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(nw_open(rec_cb, &rec, -1));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert(tu_log_contains("nw_open: invalid arguments"));
}
END_TEST

/*
 * Overflow: a buffer at the kernel's minimum, 500 interfaces created and
 * 200 deleted before anything is read.  The hole must be noticed and
 * repaired by a dump.
 */
START_TEST(test_overflow)
{
	struct nw_stats st;
	struct netwatch *nw;
	FILE *f;
	int i;

	if (!ns_setup())
		return;
	tu_log_capture();
	nw = open_nw(4096);
	f = batch_open();
	for (i = 1; i <= 500; i++)
		fprintf(f, "link add x%d%s type %s\n", i,
		    i <= 200 ? " group 7" : "", kind());
	/* one bulk delete: one RCU grace period instead of 200 */
	fprintf(f, "link del group 7\n");
	batch_run(f);
	quiet(nw);
	nw_get_stats(nw, &st);
	ck_assert_uint_ge(st.overflows, 1);
	ck_assert_uint_ge(st.resyncs, 2);
	ck_assert_msg(tu_log_contains("nw_dispatch: netlink receive buffer "
	    "overflow"), "log: %s", tu_log_text());
	ck_assert_uint_eq(nw_count(nw), 301);
	for (i = 1; i <= 500; i++) {
		char name[IFNAMSIZ];
		uint32_t x;

		snprintf(name, sizeof(name), "x%d", i);
		x = if_nametoindex(name);
		ck_assert_int_eq(x != 0, i > 200);
		if (x != 0)
			ck_assert_str_eq(nw_lookup(nw, x)->name, name);
	}
	assert_table_is_kernel(nw);
	close_nw(nw);
}
END_TEST

/* 2,000 interfaces in the first dump and 2,000 more as events. */
START_TEST(test_scale)
{
	struct nw_stats st;
	struct netwatch *nw;
	long t0, t_open, t_ev, t_resync;
	size_t before;
	FILE *f;
	int i;

	if (!ns_setup())
		return;
	f = batch_open();
	for (i = 0; i < 2000; i++)
		fprintf(f, "link add s%d type %s\n", i, kind());
	batch_run(f);
	t0 = now_ms();
	nw = open_nw(8 << 20);
	t_open = now_ms() - t0;
	ck_assert_uint_eq(nw_count(nw), 2001);
	ck_assert_uint_eq(rec.n[NW_IFACE_NEW], 2001);

	f = batch_open();
	for (i = 0; i < 2000; i++)
		fprintf(f, "link add e%d type %s\n", i, kind());
	batch_run(f);
	t0 = now_ms();
	WAIT_FOR(nw, nw_count(nw) == 4001);
	t_ev = now_ms() - t0;
	ck_assert_uint_eq(rec.n[NW_IFACE_NEW], 4001);
	nw_get_stats(nw, &st);
	ck_assert_uint_eq(st.overflows, 0);

	before = rec.nevs;
	t0 = now_ms();
	ck_assert_int_eq(nw_resync(nw), 0);
	t_resync = now_ms() - t0;
	ck_assert_uint_eq(rec.nevs, before);
	assert_table_is_kernel(nw);
	fprintf(stderr, "netwatch scale: open 2001 ifaces %ld ms, 2000 events "
	    "%ld ms, resync 4001 %ld ms\n", t_open, t_ev, t_resync);
	close_nw(nw);
}
END_TEST

/* More addresses than IFACE_MAX_ADDR4: extra ignored, and the list is
 * refilled from a dump when a kept one goes. */
START_TEST(test_addr_cap)
{
	const struct nw_iface *c;
	struct nw_stats st;
	struct netwatch *nw;
	char want[512];
	uint32_t a;
	size_t n;
	FILE *f;
	int i;

	if (!ns_setup())
		return;
	sh("ip link add a0 type %s", kind());
	a = idx("a0");
	f = batch_open();
	for (i = 1; i <= IFACE_MAX_ADDR4 + 4; i++)
		fprintf(f, "addr add 10.0.0.%d/32 dev a0\n", i);
	for (i = 1; i <= IFACE_MAX_ADDR6 + 2; i++)
		fprintf(f, "addr add 2001:db8::%x/64 dev a0 nodad\n", i);
	batch_run(f);
	tu_log_capture();
	nw = open_nw(0);
	ck_assert(tu_log_contains("more than 16 IPv4 addresses"));
	c = nw_lookup(nw, a);
	ck_assert_uint_eq(c->n_addr4, IFACE_MAX_ADDR4);
	ck_assert_uint_eq(c->n_addr6, IFACE_MAX_ADDR6);
	want[0] = '\0';
	for (i = 1; i <= IFACE_MAX_ADDR4; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		    "%s10.0.0.%d", i > 1 ? "," : "", i);
	ck_assert_str_eq(v4list(c), want);

	/* one more: ignored, nothing to tell (the next event proves it) */
	sh("ip addr add 10.0.0.99/32 dev a0");
	sh("ip link set a0 up");
	WAIT_FOR(nw, rec.n[NW_IFACE_CHANGED] >= 1);
	n = rec.n[NW_ADDR_CHANGED];

	/* a kept one goes: told at once, then refilled from a dump */
	sh("ip addr del 10.0.0.3/32 dev a0");
	WAIT_FOR(nw, nw_lookup(nw, a)->n_addr4 == IFACE_MAX_ADDR4 &&
	    rec.n[NW_ADDR_CHANGED] >= n + 2);
	c = nw_lookup(nw, a);
	ck_assert_str_eq(v4list(c), "10.0.0.1,10.0.0.2,10.0.0.4,10.0.0.5,"
	    "10.0.0.6,10.0.0.7,10.0.0.8,10.0.0.9,10.0.0.10,10.0.0.11,"
	    "10.0.0.12,10.0.0.13,10.0.0.14,10.0.0.15,10.0.0.16,10.0.0.17");
	nw_get_stats(nw, &st);
	ck_assert_uint_eq(st.resyncs, 2);
	close_nw(nw);
}
END_TEST

/*
 * Fast churn: another process adds and bulk-deletes interfaces with
 * addresses while we read through a small buffer and resync now and then;
 * once it stops, the table must be the kernel's.
 */
START_TEST(test_churn)
{
	struct nw_stats st;
	struct netwatch *nw;
	int i, r, status;
	pid_t pid;
	FILE *f;

	if (!ns_setup())
		return;
	f = batch_open();
	for (i = 0; i < 60; i++)
		fprintf(f, "link add c%d group 9 type %s\n"
		    "addr add 10.%d.0.1/24 dev c%d\n"
		    "link set c%d up\n", i, kind(), i, i, i);
	ck_assert_int_eq(fclose(f), 0);
	tu_log_capture();	/* one warning per overflow */
	nw = open_nw(32768);
	ck_assert_int_ge(pid = fork(), 0);
	if (pid == 0) {
		char cmd[2 * PATH_MAX + 256];

		snprintf(cmd, sizeof(cmd), "for i in 1 2 3 4 5 6 7 8 9 10; do "
		    "ip -batch %s && ip link del group 9 || exit 1; done; "
		    "ip -batch %s", batch_path, batch_path);
		_exit(system(cmd) == 0 ? 0 : 1);
	}
	for (i = 0; waitpid(pid, &status, WNOHANG) == 0; i++) {
		(void)pump(nw, 20);
		if (i % 10 == 0) {
			r = nw_resync(nw);
			ck_assert_msg(r == 0 || r == -EAGAIN, "resync %d", r);
		}
	}
	unlink(batch_path);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	quiet(nw);
	nw_get_stats(nw, &st);
	fprintf(stderr, "netwatch churn: %ju messages, %ju overflows, "
	    "%ju resyncs, %ju dump retries\n", (uintmax_t)st.messages,
	    (uintmax_t)st.overflows, (uintmax_t)st.resyncs,
	    (uintmax_t)st.dump_retries);
	ck_assert_uint_eq(nw_count(nw), 61);
	assert_table_is_kernel(nw);
	ck_assert_str_eq(v4list(nw_lookup(nw, idx("c7"))), "10.7.0.1");
	close_nw(nw);
}
END_TEST

static Suite *
netwatch_suite(void)
{
	Suite *s = suite_create("netwatch");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");

	tcase_set_timeout(core, 20);
	tcase_set_timeout(limits, 120);
	tcase_add_test(core, test_open_invalid);
	tcase_add_test(core, test_initial_dump);
	tcase_add_test(core, test_new_link);
	tcase_add_test(core, test_up_down);
	tcase_add_test(core, test_rename_and_mac);
	tcase_add_test(core, test_addr_events);
	tcase_add_test(core, test_addr_keys);
	tcase_add_test(core, test_delete);
	tcase_add_test(core, test_bridge_port_stays);
	tcase_add_test(core, test_resync_quiet);
	tcase_add_test(core, test_fds);
	tcase_add_test(core, test_rcvbuf_fallback);
	tcase_add_test(limits, test_overflow);
	tcase_add_test(limits, test_scale);
	tcase_add_test(limits, test_addr_cap);
	tcase_add_test(limits, test_churn);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	return s;
}

int
main(void)
{
	return tu_run_suite(netwatch_suite()) == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
