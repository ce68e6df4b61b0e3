/*
 * The responder as the frame harnesses see it: one fixed database with
 * clients of every attribute type and datatype (and rows that must be
 * skipped), three registered interfaces whose packet sockets are
 * socketpairs, and no UDP sockets at all (udp4/udp6 = -1: a fuzzer never
 * sends a packet on a real network; such sends fail with EBADF and are
 * counted).
 *
 * Interfaces (the server side of the lab captures is tap0's MAC, so Kea's
 * DUID-LL server id in the captured REQUESTs is ours):
 *   tap0  index 10  22:a8:14:ba:7c:05  192.0.2.1     no group
 *   tap1  index 11  22:a8:14:ba:7c:06  198.51.100.1  group grp1
 *   tap2  index 12  22:a8:14:ba:7c:07  (no IPv4)     group grp1
 *   tap9  in the database only (grp1): its clients are "not served".
 *
 * DHCPv4 clients (key = chaddr):
 *   02:00:00:00:00:10  tap0: every datatype, lists, 121 over 255 bytes,
 *                      several 119 names, a bad row per datatype; and on
 *                      tap1 with another address (two L2 networks)
 *   02:00:00:00:00:11  tap1 and tap2 (same group): ambiguous, no answer
 *   02:00:00:00:00:12  tap2: no 258 and no IPv4 on tap2: no server id
 *   02:00:00:00:00:13  tap9: server interface not served
 *   02:00:00:00:00:14  tap0: options only (INFORM), no address
 *   02:00:00:00:00:15  tap0: far more options than fit (overload, drops)
 *   02:00:00:00:00:16  tap1 (+ a row on an over-long ifname): grouped
 *   02:00:00:00:00:17  tap0: more rows than a lookup keeps
 * DHCPv6 clients (key = SPEC 4 DUID key, or the MAC text):
 *   11020000000010     DUID-LLT of :10 (every capture): tap0 full (IA and
 *                      PD with and without IAIDs, TA, 259-262, FQDN, lists,
 *                      bad rows) and tap1
 *   02:00:00:00:00:10  use_mac_as_client_duid: unicast 12, odd lifetimes
 *   31020000000011     DUID-LL :11 on tap1 and tap2: ambiguous
 *   31020000000012     DUID-LL :12 on tap2, asked on tap1 (group)
 *   31020000000013     DUID-LL :13 on tap9: not served
 *   DUID-EN, DUID-UUID, DUID-LL with hw type 6: tap0
 *   31020000000015     tap0: more than a reply holds
 *   31020000000017     tap0: more bytes than a lookup keeps
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/ipc.h"
#include "common/log.h"
#include "responder/db.h"
#include "responder/dhcp4.h"
#include "responder/dhcp6.h"
#include "responder/frame.h"
#include "responder/iface.h"
#include "responder/responder.h"
#include "tests/fuzz/fuzz.h"

extern const char schema_sql[];

struct if_def {
	const char	*name;
	uint32_t	 index;
	uint8_t		 mac[6];
	const char	*addr4;		/* NULL: none */
	const char	*addr6[2];
};

static const struct if_def if_defs[FZ_NIFACES] = {
	{ "tap0", 10, { 0x22, 0xa8, 0x14, 0xba, 0x7c, 0x05 }, "192.0.2.1",
	    { "fe80::20a8:14ff:feba:7c05", "2001:db8:1::1" } },
	{ "tap1", 11, { 0x22, 0xa8, 0x14, 0xba, 0x7c, 0x06 }, "198.51.100.1",
	    { "fe80::20a8:14ff:feba:7c06", "2001:db8:2::1" } },
	{ "tap2", 12, { 0x22, 0xa8, 0x14, 0xba, 0x7c, 0x07 }, NULL,
	    { "fe80::20a8:14ff:feba:7c07", NULL } },
};

static struct iface	*ifaces[FZ_NIFACES];
static int		 peers[FZ_NIFACES];
static sqlite3		*wdb;

/* --- building the database ----------------------------------------------- */

static void
sql(const char *fmt, ...)
{
	char *q, *err = NULL;
	va_list ap;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (q == NULL || sqlite3_exec(wdb, q, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fuzz_env: %s: %s\n", q != NULL ? q : "?",
		    err != NULL ? err : "out of memory");
		abort();
	}
	sqlite3_free(q);
}

static void
v4(const char *ifname, const char *group, const char *mac, int code,
    const char *val)
{
	sql("INSERT INTO client_configuration (ifname, groupID, mac, "
	    "attr_code, attr_val) VALUES (%Q, %Q, %Q, %d, %Q)", ifname, group,
	    mac, code, val);
}

static void
v6(const char *ifname, const char *group, const char *key, int code,
    const char *val)
{
	sql("INSERT INTO client_v6configuration (ifname, groupID, duid, "
	    "attr_code, attr_val) VALUES (%Q, %Q, %Q, %d, %Q)", ifname, group,
	    key, code, val);
}

/* The SPEC 4 key of a DUID given in hex, computed by the code under test. */
static const char *
duid_key(const char *hex, char *buf, size_t len)
{
	uint8_t duid[DHCP6_DUID_MAX];
	size_t n = 0;
	unsigned b;

	while (hex[2 * n] != '\0' && sscanf(hex + 2 * n, "%2x", &b) == 1)
		duid[n++] = (uint8_t)b;
	if (dhcp6_duid_key(duid, n, buf, len) != 0)
		abort();
	return buf;
}

static void
attribute_defs(void)
{
	static const int defs4[][3] = {
		{ 1, 1, ATTR_IPV4 }, { 2, 1, ATTR_INT32 }, { 3, 3, ATTR_IPV4 },
		{ 4, 100, ATTR_IPV4 }, { 5, 100, ATTR_IPV4 },
		{ 6, 100, ATTR_IPV4 }, { 7, 100, ATTR_IPV4 },
		{ 12, 1, ATTR_STRING }, { 13, 1, ATTR_INT16 },
		{ 15, 1, ATTR_STRING }, { 26, 1, ATTR_INT16 },
		{ 28, 1, ATTR_IPV4 }, { 33, 100, ATTR_STATICRT },
		{ 42, 100, ATTR_IPV4 }, { 47, 1, ATTR_STRING },
		{ 69, 100, ATTR_IPV4 }, { 70, 100, ATTR_IPV4 },
		{ 119, 100, ATTR_DOMAIN }, { 121, 100, ATTR_STATICRT },
		{ 256, 1, ATTR_IPV4 }, { 258, 1, ATTR_IPV4 },
		/* definitions a controller could get wrong */
		{ 40, 0, ATTR_STRING }, { 43, -1, ATTR_STRING },
		{ 45, 1, 99 }, { 150, 1, ATTR_IPV6 }, { 151, 1, ATTR_IA },
		{ 152, 1, ATTR_PD },
	};
	static const int defs6[][3] = {
		{ 23, 100, ATTR_IPV6 }, { 24, 100, ATTR_DOMAIN },
		{ 31, 100, ATTR_IPV6 }, { 39, 100, ATTR_STRING },
		{ 3, 100, ATTR_IA }, { 4, 100, ATTR_IA }, { 25, 100, ATTR_PD },
		{ 259, 1, ATTR_INT32 }, { 260, 1, ATTR_INT32 },
		{ 261, 1, ATTR_INT32 }, { 262, 1, ATTR_INT32 },
		{ 12, 1, ATTR_IPV6 }, { 21, 100, ATTR_DOMAIN },
		{ 22, 100, ATTR_IPV6 }, { 44, 1, ATTR_INT16 },
		{ 64, 1, ATTR_STRING }, { 82, 1, ATTR_INT32 },
		{ 83, 1, ATTR_INT32 },
		{ 40, 0, ATTR_IPV6 }, { 41, 1, 99 }, { 42, 1, ATTR_IPV4 },
		{ 43, 1, ATTR_STATICRT },
	};
	size_t i;

	for (i = 0; i < sizeof(defs4) / sizeof(defs4[0]); i++)
		sql("INSERT INTO valid_attributes VALUES (%d, %d, %d)",
		    defs4[i][0], defs4[i][1], defs4[i][2]);
	for (i = 0; i < sizeof(defs6) / sizeof(defs6[0]); i++)
		sql("INSERT INTO valid_v6attributes VALUES (%d, %d, %d)",
		    defs6[i][0], defs6[i][1], defs6[i][2]);
	/* the wrong storage class: TEXT where INTEGER is expected */
	sql("INSERT INTO valid_attributes VALUES (44, 1, 'IPV4')");
}

static void
clients4_main(void)
{
	const char *k = "02:00:00:00:00:10";
	char v[300];
	int i;

	v4("tap0", NULL, k, 256, "192.0.2.10");
	v4("tap0", NULL, k, 258, "192.0.2.1");
	v4("tap0", NULL, k, 1, "255.255.255.0");
	v4("tap0", NULL, k, 1, "255.255.0.0");		/* max_count 1 */
	for (i = 1; i <= 4; i++) {			/* max_count 3 */
		snprintf(v, sizeof(v), "192.0.2.%d", i);
		v4("tap0", NULL, k, 3, v);
	}
	v4("tap0", NULL, k, 6, "192.0.2.53");
	v4("tap0", NULL, k, 6, "198.51.100.53");
	v4("tap0", NULL, k, 6, " 203.0.113.53\t");
	v4("tap0", NULL, k, 2, "-3600");
	v4("tap0", NULL, k, 12, "guest10");
	v4("tap0", NULL, k, 15, "example.com");
	v4("tap0", NULL, k, 28, "192.0.2.255");
	v4("tap0", NULL, k, 42, "192.0.2.123");
	v4("tap0", NULL, k, 47, " padded value ");
	v4("tap0", NULL, k, 69, "192.0.2.25");
	v4("tap0", NULL, k, 33, "10.0.0.0/8,192.0.2.1");
	v4("tap0", NULL, k, 33, "172.16.0.0/12, 192.0.2.2");
	/* 121: more than 255 bytes, every prefix-length class */
	v4("tap0", NULL, k, 121, "0.0.0.0/0,192.0.2.1");
	v4("tap0", NULL, k, 121, "100.64.0.0/10,192.0.2.1");
	v4("tap0", NULL, k, 121, "192.0.2.128/25,192.0.2.1");
	v4("tap0", NULL, k, 121, "203.0.113.7/32,192.0.2.1");
	for (i = 0; i < 36; i++) {
		snprintf(v, sizeof(v), "10.%d.0.0/16,192.0.2.1", i);
		v4("tap0", NULL, k, 121, v);
	}
	v4("tap0", NULL, k, 119, "example.com");
	v4("tap0", NULL, k, 119, "lab.example.com.");
	snprintf(v, sizeof(v), "%.63s.example.org", "label-of-sixty-three-"
	    "characters-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	v4("tap0", NULL, k, 119, v);
	v4("tap0", NULL, k, 119, "x.y.z");
	/* a bad value for every datatype: skipped, the rest still served */
	v4("tap0", NULL, k, 1, "255.255.255.256");
	v4("tap0", NULL, k, 26, "70000");
	v4("tap0", NULL, k, 2, "-2147483649");
	memset(v, 'h', 300);
	v[299] = '\0';
	v4("tap0", NULL, k, 12, v);
	v4("tap0", NULL, k, 121, "30.1.0.0/33,x");
	v4("tap0", NULL, k, 33, "10.0.0.1/8,192.0.2.1");
	v4("tap0", NULL, k, 119, "a..b");
	v4("tap0", NULL, k, 150, "2001:db8::1");
	v4("tap0", NULL, k, 151, "1,2001:db8::1");
	v4("tap0", NULL, k, 152, "2001:db8::/48");
	v4("tap0", NULL, k, 256, "not-an-address");
	v4("tap0", NULL, k, 40, "max_count 0");
	v4("tap0", NULL, k, 43, "max_count -1");
	v4("tap0", NULL, k, 44, "192.0.2.44");
	v4("tap0", NULL, k, 45, "unknown datatype");
	/* storage classes: INTEGER, REAL, BLOB with a NUL */
	sql("INSERT INTO client_configuration VALUES ('tap0', NULL, '%s', 26, "
	    "1500)", k);
	sql("INSERT INTO client_configuration VALUES ('tap0', NULL, '%s', 13, "
	    "3.5)", k);
	sql("INSERT INTO client_configuration VALUES ('tap0', NULL, '%s', 15, "
	    "X'6578616d00706c65')", k);
	/* the same MAC in another L2 network */
	v4("tap1", "grp1", k, 256, "198.51.100.10");
	v4("tap1", "grp1", k, 1, "255.255.255.0");
	v4("tap1", "grp1", k, 3, "198.51.100.1");
}

static void
clients4_other(void)
{
	char v[300];
	int i;

	v4("tap1", "grp1", "02:00:00:00:00:11", 256, "198.51.100.11");
	v4("tap2", "grp1", "02:00:00:00:00:11", 256, "198.51.100.111");
	v4("tap2", "grp1", "02:00:00:00:00:12", 256, "198.51.100.12");
	v4("tap2", "grp1", "02:00:00:00:00:12", 1, "255.255.255.0");
	v4("tap9", "grp1", "02:00:00:00:00:13", 256, "198.51.100.13");
	v4("tap0", NULL, "02:00:00:00:00:14", 6, "192.0.2.53");
	v4("tap0", NULL, "02:00:00:00:00:14", 15, "example.net");
	v4("tap0", NULL, "02:00:00:00:00:14", 119, "example.net");
	v4("tap1", "grp1", "02:00:00:00:00:16", 256, "198.51.100.16");
	v4("tap1", "grp1", "02:00:00:00:00:16", 258, "198.51.100.1");
	v4("tap1", "grp1", "02:00:00:00:00:16", 3, "198.51.100.1");
	v4("averyveryverylongifname0", "grp1", "02:00:00:00:00:16", 6,
	    "198.51.100.53");
	/* far more than a reply holds (but fewer than DB_MAX_ROWS rows) */
	v4("tap0", NULL, "02:00:00:00:00:15", 256, "192.0.2.15");
	for (i = 0; i < 80; i++) {
		snprintf(v, sizeof(v), "10.%d.%d.0/24,192.0.2.1", i / 10, i);
		v4("tap0", NULL, "02:00:00:00:00:15", 121, v);
		snprintf(v, sizeof(v), "10.%d.0.0/16,192.0.2.1", i);
		v4("tap0", NULL, "02:00:00:00:00:15", 33, v);
		snprintf(v, sizeof(v), "192.0.2.%d", i + 100);
		v4("tap0", NULL, "02:00:00:00:00:15", 6, v);
		v4("tap0", NULL, "02:00:00:00:00:15", 42, v);
		v4("tap0", NULL, "02:00:00:00:00:15", 4, v);
		snprintf(v, sizeof(v), "host%03d.a-fairly-long-subdomain-"
		    "name.example.com", i);
		v4("tap0", NULL, "02:00:00:00:00:15", 119, v);
	}
	memset(v, 's', 255);
	v[255] = '\0';
	v4("tap0", NULL, "02:00:00:00:00:15", 12, v);
	v4("tap0", NULL, "02:00:00:00:00:15", 15, v);
	v4("tap0", NULL, "02:00:00:00:00:15", 47, v);
	/* more rows than DB_MAX_ROWS */
	v4("tap0", NULL, "02:00:00:00:00:17", 256, "192.0.2.17");
	for (i = 0; i < DB_MAX_ROWS + 8; i++) {
		snprintf(v, sizeof(v), "10.1.%d.%d", i / 250, i % 250 + 1);
		v4("tap0", NULL, "02:00:00:00:00:17", 6, v);
	}
}

static void
clients6_main(void)
{
	static const char *const good[][2] = {
		{ "3", "2001:db8:1::10" }, { "3", "0x10,2001:db8:1::11" },
		{ "3", "1,2001:db8:1::12" },
		{ "3", " 0x00000010 , 2001:db8:1::13" },
		{ "4", "2001:db8:1::20" }, { "4", "7,2001:db8:1::21" },
		{ "25", "2001:db8:100:1200::/56" },
		{ "25", "1,2001:db8:100:1300::/56" },
		{ "25", "0x10,2001:db8:100:1400::/56" },
		{ "25", "2001:db8:100:1500::/64" },
		{ "23", "2001:db8::53" }, { "23", "2001:db8::54" },
		{ "23", "2001:4860:4860::8888" },
		{ "24", "example.com" }, { "24", "lab.example.com" },
		{ "24", "x.example.org." }, { "31", "2001:db8::123" },
		{ "39", "guest10.example.com" }, { "21", "sip.example.com" },
		{ "22", "2001:db8::5060" }, { "64", "aftr.example.com" },
		{ "82", "3600" }, { "83", "-1" }, { "44", "5" },
		{ "259", "1000" }, { "260", "2000" }, { "261", "3000" },
		{ "262", "4000" },
		/* bad rows: skipped */
		{ "23", "2001:db8::g" }, { "3", "0xzz,2001:db8::1" },
		{ "3", "4294967296,2001:db8::1" }, { "25", "2001:db8::/129" },
		{ "25", "2001:db8::1/64" }, { "25", "2001:db8::/0" },
		{ "24", "bad..name" }, { "259", "abc" }, { "42", "192.0.2.1" },
		{ "43", "10.0.0.0/8,192.0.2.1" }, { "41", "x" },
		{ "40", "2001:db8::40" }, { "12", "not-an-address" },
	};
	char key[300], v[300];
	size_t i;

	duid_key("0001000132950b56020000000010", key, sizeof(key));
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		v6("tap0", NULL, key, atoi(good[i][0]), good[i][1]);
	memset(v, 'f', 300);
	v[299] = '\0';
	v6("tap0", NULL, key, 39, v);
	v6("tap1", "grp1", key, 3, "2001:db8:2::10");
	v6("tap1", "grp1", key, 25, "2001:db8:200::/48");
}

static void
clients6_other(void)
{
	const char *m = "02:00:00:00:00:10";
	char key[300], v[300];
	int i;

	v6("tap0", NULL, m, 3, "2001:db8:1::110");
	v6("tap0", NULL, m, 25, "2001:db8:100:2200::/56");
	v6("tap0", NULL, m, 12, "2001:db8:1::1");
	v6("tap0", NULL, m, 23, "2001:db8::53");
	v6("tap0", NULL, m, 259, "5000");		/* T1 > T2 */
	v6("tap0", NULL, m, 260, "1000");
	v6("tap0", NULL, m, 261, "9000");		/* pref > valid */
	v6("tap0", NULL, m, 262, "100");
	duid_key("00030001020000000011", key, sizeof(key));
	v6("tap1", "grp1", key, 3, "2001:db8:2::11");
	v6("tap2", "grp1", key, 3, "2001:db8:2::111");
	duid_key("00030001020000000012", key, sizeof(key));
	v6("tap2", "grp1", key, 3, "2001:db8:2::12");
	v6("tap2", "grp1", key, 25, "0x12,2001:db8:200:1200::/56");
	duid_key("00030001020000000013", key, sizeof(key));
	v6("tap9", "grp1", key, 3, "2001:db8:2::13");
	duid_key("00020000ab110001020304050607", key, sizeof(key));
	v6("tap0", NULL, key, 3, "2001:db8:1::16");
	v6("tap0", NULL, key, 39, "en.example.com");
	duid_key("000400112233445566778899aabbccddeeff", key, sizeof(key));
	v6("tap0", NULL, key, 3, "2001:db8:1::19");
	duid_key("00030006020000000010", key, sizeof(key));
	v6("tap0", NULL, key, 3, "2001:db8:1::1a");
	/* more than a reply holds */
	duid_key("00030001020000000015", key, sizeof(key));
	for (i = 0; i < 100; i++) {
		if (i < 20) {
			snprintf(v, sizeof(v), "2001:db8:1::15:%x", i);
			v6("tap0", NULL, key, 3, v);
			snprintf(v, sizeof(v), "2001:db8:150:%x00::/56", i);
			v6("tap0", NULL, key, 25, v);
		}
		snprintf(v, sizeof(v), "2001:db8::53:%x", i);
		v6("tap0", NULL, key, 23, v);
		v6("tap0", NULL, key, 31, v);
		snprintf(v, sizeof(v), "host%03d.a-fairly-long-subdomain-"
		    "name.example.com", i);
		v6("tap0", NULL, key, 24, v);
	}
	/* more bytes than DB_ARENA_SIZE */
	duid_key("00030001020000000017", key, sizeof(key));
	v6("tap0", NULL, key, 3, "2001:db8:1::17");
	for (i = 0; i < 150; i++) {
		snprintf(v, sizeof(v), "n%03d.%.60s.%.60s.%.60s.example", i,
		    "a-label-of-sixty-characters-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "a-label-of-sixty-characters-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
		    "a-label-of-sixty-characters-cccccccccccccccccccccccccccccccc");
		v6("tap0", NULL, key, 24, v);
	}
}

static void
build_db(const char *path)
{
	if (sqlite3_open(path, &wdb) != SQLITE_OK)
		abort();
	sql("%s", schema_sql);
	sql("BEGIN");
	attribute_defs();
	clients4_main();
	clients4_other();
	clients6_main();
	clients6_other();
	sql("COMMIT");
	if (sqlite3_close(wdb) != SQLITE_OK)
		abort();
	wdb = NULL;
}

/* --- interfaces and the responder ---------------------------------------- */

static void
add_iface(size_t i)
{
	const struct if_def *d = &if_defs[i];
	struct msg_iface mi;
	int sv[2], k;

	memset(&mi, 0, sizeof(mi));
	mi.ifindex = d->index;
	mi.generation = 1;
	snprintf(mi.name, sizeof(mi.name), "%s", d->name);
	memcpy(mi.mac, d->mac, 6);
	if (d->addr4 != NULL && inet_pton(AF_INET, d->addr4,
	    &mi.addr4[mi.n_addr4++]) != 1)
		abort();
	for (k = 0; k < 2 && d->addr6[k] != NULL; k++)
		if (inet_pton(AF_INET6, d->addr6[k],
		    &mi.addr6[mi.n_addr6++]) != 1)
			abort();
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) == -1 ||
	    fcntl(sv[1], F_SETFL, O_NONBLOCK) == -1 ||
	    (ifaces[i] = iface_add(&mi)) == NULL)
		abort();
	ifaces[i]->fd = sv[0];
	peers[i] = sv[1];
}

static void
self_test(void)
{
	static struct db_result res;
	char key[300];

	if (db_lookup(responder_state.db, ATTR_FAMILY_V4, "tap0",
	    "02:00:00:00:00:10", &res) != DB_FOUND || res.n < 40 ||
	    db_lookup(responder_state.db, ATTR_FAMILY_V6, "tap0",
	    duid_key("0001000132950b56020000000010", key, sizeof(key)),
	    &res) != DB_FOUND || res.n < 30 ||
	    db_lookup(responder_state.db, ATTR_FAMILY_V4, "tap1",
	    "02:00:00:00:00:11", &res) != DB_MULTI_IFACE) {
		fprintf(stderr, "fuzz_env: the database does not serve\n");
		abort();
	}
}

void
fz_env_init(void)
{
	struct responder *r = &responder_state;
	char dir[PATH_MAX - 16], path[PATH_MAX];
	size_t i;

	fz_quiet_logs();
	fz_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	build_db(path);
	memset(&r->cfg, 0, sizeof(r->cfg));
	r->cfg.flags = CONFIG_F_VERBOSE;
	r->cfg.ratelimit = 0;
	r->cfg.default_lease_time = 3600;
	r->cfg.max_lease_time = 7200;
	r->cfg.renew_time = 1000;
	r->cfg.rebind_time = 2000;
	r->cfg.pref_lifetime = 3000;
	r->cfg.valid_lifetime = 4000;
	snprintf(r->cfg.db_path, sizeof(r->cfg.db_path), "%s", path);
	r->ipc = -1;
	r->udp4 = -1;		/* never a real network */
	r->udp6 = -1;
	if ((r->db = db_open(path)) == NULL || !db_is_open(r->db))
		abort();
	/* the open connection keeps the file: nothing left behind on a crash */
	fz_rm_rf(dir);
	for (i = 0; i < FZ_NIFACES; i++)
		add_iface(i);
	self_test();
}

struct iface *
fz_env_control(uint8_t ctl, struct tpacket_auxdata *a,
    const struct tpacket_auxdata **ret_aux)
{
	uint32_t flags = CONFIG_F_VERBOSE;

	memset(a, 0, sizeof(*a));
	*ret_aux = a;
	switch (ctl & FZ_CTL_AUX_MASK) {
	case FZ_CTL_AUX_NONE:
		*ret_aux = NULL;
		break;
	case FZ_CTL_AUX_NOT_READY:
		a->tp_status = TP_STATUS_USER | TP_STATUS_CSUMNOTREADY;
		break;
	case FZ_CTL_AUX_VALID:
		a->tp_status = TP_STATUS_USER | TP_STATUS_CSUM_VALID;
		break;
	default:
		a->tp_status = TP_STATUS_USER | TP_STATUS_VLAN_VALID;
		a->tp_vlan_tci = 100;
		break;
	}
	if (ctl & FZ_CTL_MAC_AS_DUID)
		flags |= CONFIG_F_MAC_AS_DUID;
	if (ctl & FZ_CTL_NO_IA_ID)
		flags |= CONFIG_F_NO_IA_ID;
	if (ctl & FZ_CTL_RAWSOCK)
		flags |= CONFIG_F_ROUTE_RAWSOCK;
	responder_state.cfg.flags = flags;
	return ifaces[(ctl >> FZ_CTL_IFACE_SHIFT) % FZ_NIFACES];
}

/* Every frame sent is a well-formed DHCPv4 reply from port 67. */
static void
check_sent(const uint8_t *buf, size_t len)
{
	struct frame_info fi;
	const char *reason;

	FZ_ASSERT(len <= FRAME_MAX);
	FZ_ASSERT(frame_parse(buf, len, CSUM_UNKNOWN, &fi, &reason) == 0);
	FZ_ASSERT(fi.family == AF_INET && fi.sport == 67);
	fz_check_dhcp4_reply(fi.payload, fi.payload_len, DHCP4_REPLY_MAX);
}

int
fz_env_drain(void)
{
	static uint8_t buf[FRAME_MAX + 64];
	int i, n = 0;

	for (i = 0; i < FZ_NIFACES; i++) {
		ssize_t len;

		while ((len = recv(peers[i], buf, sizeof(buf), 0)) >= 0) {
			check_sent(buf, (size_t)len);
			n++;
		}
		FZ_ASSERT(errno == EAGAIN || errno == EWOULDBLOCK);
	}
	return n;
}

void
fz_frame_input(const uint8_t *data, size_t size, uint16_t skip_ethertype)
{
	struct tpacket_auxdata auxbuf;
	const struct tpacket_auxdata *aux;
	struct iface *ifp;
	uint8_t *copy = NULL;
	const uint8_t *frame;
	size_t len;

	/* the packet socket's buffer (responder.c) bounds a frame */
	if (size < 1 || size - 1 > FRAME_MAX + 4)
		return;
	frame = data + 1;
	len = size - 1;
	if (len >= 14 && (frame[12] << 8 | frame[13]) == skip_ethertype)
		return;
	ifp = fz_env_control(data[0], &auxbuf, &aux);
	if (data[0] & FZ_CTL_FIX_CSUM) {
		/* an exact-size copy: ASan still sees a read past the end */
		if ((copy = malloc(len > 0 ? len : 1)) == NULL)
			abort();
		memcpy(copy, frame, len);
		fz_fix_checksums(copy, len);
		frame = copy;
	}
	responder_input(ifp, frame, len, aux);
	free(copy);
	fz_env_drain();
}
