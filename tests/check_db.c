#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "responder/attrval.h"
#include "responder/db.h"
#include "tests/testutil.h"

extern const char schema_sql[];

#define MAC1	"52:54:00:00:00:01"
#define MAC2	"52:54:00:00:00:02"
#define DUID1	"100010203040506"

static char		 dir[PATH_MAX];
static char		 path[PATH_MAX + 16];
static sqlite3		*rw;		/* the controller's connection */
static struct db	*db;
static struct db_result	 res;		/* too big for a test's stack */

static void
exec_sql(sqlite3 *c, const char *sql)
{
	char *err = NULL;

	ck_assert_msg(sqlite3_exec(c, sql, NULL, NULL, &err) == SQLITE_OK,
	    "%s: %s", sql, err != NULL ? err : "?");
}

/* The attribute rows the monitor writes at start (a subset). */
static const char attrs_sql[] =
	"INSERT INTO valid_attributes VALUES (1, 1, 1);"
	"INSERT INTO valid_attributes VALUES (3, 3, 1);"
	"INSERT INTO valid_attributes VALUES (6, 100, 1);"
	"INSERT INTO valid_attributes VALUES (26, 1, 3);"
	"INSERT INTO valid_attributes VALUES (119, 100, 9);"
	"INSERT INTO valid_attributes VALUES (121, 100, 6);"
	"INSERT INTO valid_attributes VALUES (256, 1, 1);"
	"INSERT INTO valid_attributes VALUES (258, 1, 1);"
	"INSERT INTO valid_attributes VALUES (300, 100, 5);"
	"INSERT INTO valid_v6attributes VALUES (3, 100, 7);"
	"INSERT INTO valid_v6attributes VALUES (23, 100, 2);"
	"INSERT INTO valid_v6attributes VALUES (25, 100, 8);";

/* Create the database at path as the monitor would; rw stays open. */
static void
create_db(int wal)
{
	ck_assert_int_eq(sqlite3_open_v2(path, &rw,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	/* no waiting: a read transaction we left open shows up as BUSY */
	sqlite3_busy_timeout(rw, 0);
	if (wal)
		exec_sql(rw, "PRAGMA journal_mode=WAL");
	exec_sql(rw, schema_sql);
	exec_sql(rw, attrs_sql);
}

static void
close_rw(void)
{
	ck_assert_int_eq(sqlite3_close(rw), SQLITE_OK);
	rw = NULL;
}

/* The way a controller inserts: the triggers make the other rows. */
static void
add_row(const char *table, const char *ifname, const char *group,
    const char *key, int code, const char *val)
{
	char sql[256];
	sqlite3_stmt *st;

	snprintf(sql, sizeof(sql), "INSERT INTO %s (ifname, groupID, %s, "
	    "attr_code, attr_val) VALUES (?, ?, ?, ?, ?)", table,
	    strcmp(table, "client_configuration") == 0 ? "mac" : "duid");
	ck_assert_int_eq(sqlite3_prepare_v2(rw, sql, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, ifname, -1, SQLITE_STATIC);
	if (group != NULL)
		sqlite3_bind_text(st, 2, group, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, code);
	sqlite3_bind_text(st, 5, val, -1, SQLITE_STATIC);
	ck_assert_msg(sqlite3_step(st) == SQLITE_DONE, "%s", sqlite3_errmsg(rw));
	sqlite3_finalize(st);
}

static void
add4(const char *ifname, const char *group, const char *mac, int code,
    const char *val)
{
	add_row("client_configuration", ifname, group, mac, code, val);
}

static void
add6(const char *ifname, const char *group, const char *duid, int code,
    const char *val)
{
	add_row("client_v6configuration", ifname, group, duid, code, val);
}

static void
setup(void)
{
	tu_log_capture();
	tu_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/dhcp.db", dir);
	rw = NULL;
	db = NULL;
}

static void
teardown(void)
{
	db_close(db);
	if (rw != NULL)
		sqlite3_close(rw);
	tu_rm_rf(dir);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
log_count(const char *needle)
{
	const char *p = tu_log_text();
	int n = 0;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* No read transaction may stay open: the controller can lock at once. */
static void
assert_no_lock_held(void)
{
	exec_sql(rw, "BEGIN EXCLUSIVE");
	exec_sql(rw, "COMMIT");
}

static void
assert_row(size_t i, uint32_t code, uint32_t max_count, int datatype,
    const char *val)
{
	ck_assert_uint_lt(i, res.n);
	ck_assert_uint_eq(res.rows[i].opcode, code);
	ck_assert_uint_eq(res.rows[i].max_count, max_count);
	ck_assert_int_eq(res.rows[i].datatype, datatype);
	ck_assert_str_eq(res.rows[i].value, val);
}

static struct db *
open_ok(void)
{
	struct db *d = db_open(path);

	ck_assert_ptr_nonnull(d);
	ck_assert_msg(db_is_open(d), "not open: %s", tu_log_text());
	return d;
}

START_TEST(test_plain_lookup)
{
	create_db(0);
	/* list values out of order: insertion order must survive */
	add4("tap0", "g1", MAC1, 3, "10.0.0.3");
	add4("tap0", "g1", MAC1, 256, "10.0.0.5");
	add4("tap0", "g1", MAC1, 3, "10.0.0.1");
	add4("tap0", "g1", MAC2, 256, "10.0.0.6");
	add4("tap0", "g1", MAC1, 3, "10.0.0.2");
	add4("tap0", "g1", MAC1, 1, "255.255.255.0");
	add4("tap0", "g1", MAC1, 121, "30.1.0.0/16,10.0.0.1");
	/* a code the attribute table does not know is not returned */
	add4("tap0", "g1", MAC1, 77, "whatever");
	db = open_ok();

	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_str_eq(res.ifname, "tap0");
	ck_assert_uint_eq(res.n, 6);
	assert_row(0, 3, 3, ATTR_IPV4, "10.0.0.3");
	assert_row(1, 256, 1, ATTR_IPV4, "10.0.0.5");
	assert_row(2, 3, 3, ATTR_IPV4, "10.0.0.1");
	assert_row(3, 3, 3, ATTR_IPV4, "10.0.0.2");
	assert_row(4, 1, 1, ATTR_IPV4, "255.255.255.0");
	assert_row(5, 121, 100, ATTR_STATICRT, "30.1.0.0/16,10.0.0.1");
	assert_no_lock_held();

	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC2, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 1);
	assert_row(0, 256, 1, ATTR_IPV4, "10.0.0.6");
	ck_assert_uint_eq(db_get_stats(db)->lookups, 2);
	ck_assert_uint_eq(db_get_stats(db)->errors, 0);
}
END_TEST

START_TEST(test_v6_lookup)
{
	create_db(1);
	add6("tap0", "g1", DUID1, 3, "0x1a2b,2001:db8::5");
	add6("tap0", "g1", DUID1, 23, "2001:db8::53");
	add6("tap0", "g1", DUID1, 25, "2001:db8:1::/48");
	/* the same key in the v4 table is not a v6 row, and vice versa */
	add4("tap0", "g1", MAC1, 256, "10.0.0.5");
	db = open_ok();

	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V6, "tap0", DUID1, &res),
	    DB_FOUND);
	ck_assert_str_eq(res.ifname, "tap0");
	ck_assert_uint_eq(res.n, 3);
	assert_row(0, 3, 100, ATTR_IA, "0x1a2b,2001:db8::5");
	assert_row(1, 23, 100, ATTR_IPV6, "2001:db8::53");
	assert_row(2, 25, 100, ATTR_PD, "2001:db8:1::/48");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V6, "tap0", MAC1, &res),
	    DB_NOT_FOUND);
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", DUID1, &res),
	    DB_NOT_FOUND);
}
END_TEST

START_TEST(test_not_found)
{
	create_db(0);
	add4("tap0", "g1", MAC1, 256, "10.0.0.5");
	db = open_ok();

	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC2, &res),
	    DB_NOT_FOUND);
	ck_assert_uint_eq(res.n, 0);
	/* known client, interface unknown to client_groups */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap9", MAC1, &res),
	    DB_NOT_FOUND);
	/* keys are compared exactly: lower-case is the form */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0",
	    "52:54:00:00:00:0A", &res), DB_NOT_FOUND);
	assert_no_lock_held();
}
END_TEST

START_TEST(test_group)
{
	create_db(0);
	add4("tapA", "g", MAC2, 256, "10.0.0.6");	/* puts tapA in g */
	add4("tapB", "g", MAC1, 256, "10.0.0.5");
	add4("tapC", "h", MAC2, 256, "10.9.0.6");	/* another group */
	db = open_ok();

	/* the packet arrives on tapA, the client lives on tapB */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tapA", MAC1, &res),
	    DB_FOUND);
	ck_assert_str_eq(res.ifname, "tapB");
	ck_assert_uint_eq(res.n, 1);
	assert_row(0, 256, 1, ATTR_IPV4, "10.0.0.5");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tapB", MAC1, &res),
	    DB_FOUND);
	ck_assert_str_eq(res.ifname, "tapB");
	/* another group does not see it */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tapC", MAC1, &res),
	    DB_NOT_FOUND);
	/* MAC2 exists in g and in h: each group sees its own */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tapB", MAC2, &res),
	    DB_FOUND);
	ck_assert_str_eq(res.ifname, "tapA");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tapC", MAC2, &res),
	    DB_FOUND);
	ck_assert_str_eq(res.ifname, "tapC");
	assert_row(0, 256, 1, ATTR_IPV4, "10.9.0.6");
}
END_TEST

START_TEST(test_null_group)
{
	create_db(0);
	add4("tap1", NULL, MAC1, 256, "10.0.0.5");
	add4("tap2", NULL, MAC2, 256, "10.0.0.6");
	add4("tapA", "g", MAC2, 256, "10.1.0.6");
	db = open_ok();

	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap1", MAC1, &res),
	    DB_FOUND);
	ck_assert_str_eq(res.ifname, "tap1");
	/* two NULL-group interfaces are not a group */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap2", MAC1, &res),
	    DB_NOT_FOUND);
	/* and a grouped interface does not see a NULL-group one */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tapA", MAC1, &res),
	    DB_NOT_FOUND);
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap1", MAC2, &res),
	    DB_NOT_FOUND);
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tapA", MAC2, &res),
	    DB_FOUND);
	ck_assert_str_eq(res.ifname, "tapA");
	assert_row(0, 256, 1, ATTR_IPV4, "10.1.0.6");
}
END_TEST

START_TEST(test_multi_iface)
{
	create_db(0);
	add4("tapA", "g", MAC1, 256, "10.0.0.5");
	add4("tapB", "g", MAC1, 3, "10.0.0.1");
	add4("tapC", "g", MAC1, 3, "10.0.0.2");
	db = open_ok();

	tu_log_reset();
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tapC", MAC1, &res),
	    DB_MULTI_IFACE);
	ck_assert_uint_eq(res.n, 0);
	ck_assert_msg(tu_log_contains("client " MAC1 " on tapC") &&
	    tu_log_contains("tapA") && tu_log_contains("tapB") &&
	    tu_log_contains("tapC"), "log: %s", tu_log_text());
	assert_no_lock_held();
}
END_TEST

START_TEST(test_storage_classes)
{
	create_db(0);
	/* an MTU written as an integer, as a real, and as a blob */
	exec_sql(rw, "INSERT INTO client_configuration (ifname, groupID, mac,"
	    " attr_code, attr_val) VALUES ('tap0', 'g', '" MAC1 "', 26, 1500)");
	exec_sql(rw, "INSERT INTO client_configuration (ifname, groupID, mac,"
	    " attr_code, attr_val) VALUES ('tap0', 'g', '" MAC1 "', 3, 1.5)");
	exec_sql(rw, "INSERT INTO client_configuration (ifname, groupID, mac,"
	    " attr_code, attr_val) VALUES ('tap0', 'g', '" MAC1 "', 256,"
	    " X'31302e302e302e35')");
	exec_sql(rw, "INSERT INTO client_configuration (ifname, groupID, mac,"
	    " attr_code, attr_val) VALUES ('tap0', 'g', '" MAC2 "', 26, '576')");
	db = open_ok();

	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 3);
	assert_row(0, 26, 1, ATTR_INT16, "1500");
	assert_row(1, 3, 3, ATTR_IPV4, "1.5");
	assert_row(2, 256, 1, ATTR_IPV4, "10.0.0.5");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC2, &res),
	    DB_FOUND);
	assert_row(0, 26, 1, ATTR_INT16, "576");
}
END_TEST

START_TEST(test_bad_values_returned)
{
	struct attr_value v;

	create_db(0);
	add4("tap0", "g", MAC1, 121, "30.1.2.3/16,10.0.0.1");
	add4("tap0", "g", MAC1, 3, "not-an-address");
	add4("tap0", "g", MAC1, 119, "a..b");
	add4("tap0", "g", MAC1, 26, "65536");
	db = open_ok();

	/* the database layer returns them; rejecting is the caller's job */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 4);
	assert_row(0, 121, 100, ATTR_STATICRT, "30.1.2.3/16,10.0.0.1");
	ck_assert_int_eq(attrval_parse(res.rows[0].datatype,
	    res.rows[0].value, &v), -EINVAL);
	assert_row(1, 3, 3, ATTR_IPV4, "not-an-address");
	ck_assert_int_eq(attrval_parse(res.rows[1].datatype,
	    res.rows[1].value, &v), -EINVAL);
	assert_row(2, 119, 100, ATTR_DOMAIN, "a..b");
	ck_assert_int_eq(attrval_parse(res.rows[2].datatype,
	    res.rows[2].value, &v), -EINVAL);
	assert_row(3, 26, 1, ATTR_INT16, "65536");
	ck_assert_int_eq(attrval_parse(res.rows[3].datatype,
	    res.rows[3].value, &v), -EINVAL);
}
END_TEST

static void
live_change(int wal)
{
	create_db(wal);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db = open_ok();

	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 1);
	/* written by the controller: seen by the very next lookup */
	add4("tap0", "g", MAC1, 3, "10.0.0.1");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 2);
	assert_row(1, 3, 3, ATTR_IPV4, "10.0.0.1");
	exec_sql(rw, "UPDATE client_configuration SET attr_val = '10.0.0.7'"
	    " WHERE attr_code = 256");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	assert_row(0, 256, 1, ATTR_IPV4, "10.0.0.7");
	exec_sql(rw, "DELETE FROM client_configuration WHERE mac = '" MAC1
	    "'");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_NOT_FOUND);
	assert_no_lock_held();
}

START_TEST(test_live_change_rollback)
{
	live_change(0);
}
END_TEST

START_TEST(test_live_change_wal)
{
	live_change(1);
}
END_TEST

/* The plan of the lookup on this schema: index searches only. */
static void
check_plan(enum attr_family fam, const char *cfg_index)
{
	char sql[2048];
	sqlite3_stmt *st;
	char plan[4096] = "";
	int saw_cfg = 0, saw_group = 0;

	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s",
	    db_lookup_sql(fam));
	ck_assert_int_eq(sqlite3_prepare_v2(rw, sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);

		strncat(plan, d, sizeof(plan) - strlen(plan) - 2);
		strcat(plan, "\n");
		ck_assert_msg(strncmp(d, "SCAN", 4) != 0, "full scan: %s",
		    plan);
		if (strstr(d, cfg_index) != NULL)
			saw_cfg = 1;
		if (strstr(d, "statichcpd_groups_groupid") != NULL)
			saw_group = 1;
	}
	sqlite3_finalize(st);
	ck_assert_msg(saw_cfg && saw_group, "plan: %s", plan);
}

START_TEST(test_query_plan)
{
	int i;

	create_db(1);
	/* enough rows that a scan would show */
	exec_sql(rw, "BEGIN");
	for (i = 0; i < 200; i++) {
		char mac[32], ip[32];

		snprintf(mac, sizeof(mac), "52:54:00:00:%02x:%02x", i >> 8,
		    i & 0xff);
		snprintf(ip, sizeof(ip), "10.0.%d.%d", i >> 8, i & 0xff);
		add4(i % 2 ? "tapA" : "tapB", "g", mac, 256, ip);
	}
	exec_sql(rw, "COMMIT");
	check_plan(ATTR_FAMILY_V4, "statichcpd_cfg_mac_ifname");
	check_plan(ATTR_FAMILY_V6, "statichcpd_v6cfg_duid_ifname");
}
END_TEST

START_TEST(test_too_many_rows)
{
	char ip[32];
	int i;

	create_db(0);
	exec_sql(rw, "BEGIN");
	for (i = 0; i < DB_MAX_ROWS + 10; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.1", i >> 8, i & 0xff);
		add4("tap0", "g", MAC1, 6, ip);
	}
	exec_sql(rw, "COMMIT");
	db = open_ok();

	tu_log_reset();
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, DB_MAX_ROWS);
	/* the first ones kept, in order */
	assert_row(0, 6, 100, ATTR_IPV4, "10.0.0.1");
	assert_row(DB_MAX_ROWS - 1, 6, 100, ATTR_IPV4, "10.1.255.1");
	ck_assert_msg(tu_log_contains("10 rows dropped"), "log: %s",
	    tu_log_text());
	assert_no_lock_held();
}
END_TEST

START_TEST(test_arena_full)
{
	char *big;
	size_t i, bigsz = 4000;

	big = malloc(bigsz + 1);
	ck_assert_ptr_nonnull(big);
	create_db(0);
	for (i = 0; i < 10; i++) {
		memset(big, 'a' + (int)i, bigsz);
		big[bigsz] = '\0';
		add4("tap0", "g", MAC1, 300, big);
	}
	add4("tap0", "g", MAC1, 256, "10.0.0.5");	/* small: fits */
	free(big);
	db = open_ok();

	tu_log_reset();
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	/* 8 x 4001 bytes fit in 32768, the 9th and 10th do not */
	ck_assert_uint_eq(res.n, 9);
	ck_assert_uint_le(res.arena_used, DB_ARENA_SIZE);
	ck_assert_uint_eq(strlen(res.rows[7].value), bigsz);
	ck_assert_int_eq(res.rows[7].value[0], 'h');
	assert_row(8, 256, 1, ATTR_IPV4, "10.0.0.5");
	ck_assert_msg(tu_log_contains("2 rows dropped"), "log: %s",
	    tu_log_text());
}
END_TEST

START_TEST(test_unreadable_rows_skipped)
{
	create_db(0);
	/* a datatype the INT column could not convert stays TEXT */
	exec_sql(rw, "INSERT INTO valid_attributes VALUES (77, 1, 'IPV4')");
	add4("tap0", "g", MAC1, 77, "10.0.0.9");
	/* a value with a NUL inside could parse as a shorter one */
	exec_sql(rw, "INSERT INTO client_configuration (ifname, groupID, mac,"
	    " attr_code, attr_val) VALUES ('tap0', 'g', '" MAC1 "', 3,"
	    " X'31302e302e302e3100787878')");
	/* an interface name no interface can have */
	add4("a-very-long-interface-name", "g", MAC1, 3, "10.0.0.3");
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db = open_ok();

	tu_log_reset();
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 1);
	assert_row(0, 256, 1, ATTR_IPV4, "10.0.0.5");
	ck_assert_msg(tu_log_contains("3 rows with unreadable values"),
	    "log: %s", tu_log_text());
}
END_TEST

START_TEST(test_busy_rollback)
{
	sqlite3 *w2;
	double t0, dt;

	create_db(0);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db = open_ok();
	ck_assert_int_eq(sqlite3_open_v2(path, &w2, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);

	/* a reserved lock with pending writes does not stop readers */
	exec_sql(w2, "BEGIN IMMEDIATE");
	exec_sql(w2, "INSERT INTO client_configuration (ifname, groupID, mac,"
	    " attr_code, attr_val) VALUES ('tap0', 'g', '" MAC1 "', 3, "
	    "'10.0.0.1')");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 1);
	exec_sql(w2, "COMMIT");

	/* an exclusive lock does: a few ms, then the packet is dropped */
	exec_sql(w2, "BEGIN EXCLUSIVE");
	t0 = now_ms();
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_BUSY);
	dt = now_ms() - t0;
	ck_assert_msg(dt < 100, "DB_BUSY took %.1f ms", dt);
	ck_assert_uint_eq(res.n, 0);
	ck_assert_uint_eq(db_get_stats(db)->busy, 1);
	ck_assert_uint_eq(db_get_stats(db)->errors, 0);
	/* busy is not broken: no reopen, next lookup works */
	ck_assert(db_is_open(db));
	exec_sql(w2, "COMMIT");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 2);
	ck_assert_uint_eq(db_get_stats(db)->reopens, 0);
	sqlite3_close(w2);
	assert_no_lock_held();
}
END_TEST

START_TEST(test_wal_writer_does_not_block)
{
	sqlite3_stmt *st;
	sqlite3 *w2;
	double t0, dt;

	create_db(1);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db = open_ok();
	ck_assert_int_eq(sqlite3_open_v2(path, &w2, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);

	exec_sql(w2, "BEGIN EXCLUSIVE");
	exec_sql(w2, "INSERT INTO client_configuration (ifname, groupID, mac,"
	    " attr_code, attr_val) VALUES ('tap0', 'g', '" MAC1 "', 3, "
	    "'10.0.0.1')");
	t0 = now_ms();
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	dt = now_ms() - t0;
	ck_assert_msg(dt < 50, "lookup under a WAL writer took %.1f ms", dt);
	ck_assert_uint_eq(res.n, 1);	/* not the uncommitted row */
	exec_sql(w2, "COMMIT");
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_uint_eq(res.n, 2);
	ck_assert_uint_eq(db_get_stats(db)->busy, 0);
	/* nothing of ours keeps a checkpoint from finishing */
	ck_assert_int_eq(sqlite3_prepare_v2(w2, "PRAGMA wal_checkpoint("
	    "TRUNCATE)", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 0);		/* not busy */
	sqlite3_finalize(st);
	sqlite3_close(w2);
}
END_TEST

START_TEST(test_long_key)
{
	char key[2048];

	create_db(0);
	db = open_ok();
	memset(key, 'a', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", key, &res),
	    DB_NOT_FOUND);
	ck_assert(db_is_open(db));
}
END_TEST

static void
deleted_file(int wal)
{
	char side[PATH_MAX + 32];

	create_db(wal);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db = open_ok();
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);

	close_rw();
	ck_assert_int_eq(unlink(path), 0);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	tu_log_reset();
	db_tick(db);
	ck_assert(!db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_UNAVAILABLE);
	ck_assert_msg(log_count("unavailable") == 1 &&
	    tu_log_contains(path), "log: %s", tu_log_text());
	/* still missing: retried, not logged again, never created by us */
	db_tick(db);
	db_tick(db);
	ck_assert_int_eq(log_count("unavailable"), 1);
	ck_assert_int_ne(access(path, F_OK), 0);

	create_db(wal);
	add4("tap0", "g", MAC1, 256, "10.0.0.8");
	db_tick(db);
	ck_assert(db_is_open(db));
	ck_assert_msg(tu_log_contains("available"), "log: %s", tu_log_text());
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	assert_row(0, 256, 1, ATTR_IPV4, "10.0.0.8");
	ck_assert_uint_eq(db_get_stats(db)->reopens, 1);
	assert_no_lock_held();
}

START_TEST(test_deleted_file_rollback)
{
	deleted_file(0);
}
END_TEST

START_TEST(test_deleted_file_wal)
{
	deleted_file(1);
}
END_TEST

START_TEST(test_renamed_file)
{
	char old[PATH_MAX + 32];

	create_db(0);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db = open_ok();
	snprintf(old, sizeof(old), "%s.old", path);
	ck_assert_int_eq(rename(path, old), 0);
	db_tick(db);
	ck_assert(!db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_UNAVAILABLE);
	ck_assert_int_eq(rename(old, path), 0);
	db_tick(db);
	ck_assert(db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
}
END_TEST

START_TEST(test_not_sqlite)
{
	tu_write_file(path, "this is not a database, just some text that is "
	    "long enough to look like a header\n");
	db = db_open(path);
	ck_assert_ptr_nonnull(db);
	ck_assert(!db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_UNAVAILABLE);
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V6, "tap0", DUID1, &res),
	    DB_UNAVAILABLE);
	ck_assert_msg(tu_log_contains(path) &&
	    log_count("unavailable") == 1, "log: %s", tu_log_text());
	db_tick(db);
	ck_assert_int_eq(log_count("unavailable"), 1);

	/* the monitor replaces it with a real one: back at the next tick */
	ck_assert_int_eq(unlink(path), 0);
	create_db(0);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db_tick(db);
	ck_assert(db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	/* the first open is not a reopen */
	ck_assert_uint_eq(db_get_stats(db)->reopens, 0);
}
END_TEST

START_TEST(test_wrong_schema)
{
	ck_assert_int_eq(sqlite3_open_v2(path, &rw,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	exec_sql(rw, "CREATE TABLE foo (x)");
	db = db_open(path);
	ck_assert_ptr_nonnull(db);
	ck_assert(!db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_UNAVAILABLE);
	ck_assert_msg(tu_log_contains(path) &&
	    tu_log_contains("client_configuration"), "log: %s", tu_log_text());

	/* the schema arrives later (monitor start-up): back at a tick */
	exec_sql(rw, schema_sql);
	exec_sql(rw, attrs_sql);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db_tick(db);
	ck_assert(db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
}
END_TEST

START_TEST(test_missing_file)
{
	db = db_open(path);
	ck_assert_ptr_nonnull(db);
	ck_assert(!db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_UNAVAILABLE);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_msg(tu_log_contains(path), "log: %s", tu_log_text());
	ck_assert_uint_eq(db_get_stats(db)->lookups, 1);
}
END_TEST

START_TEST(test_error_reopens)
{
	create_db(0);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db = open_ok();

	/* the table goes away under a prepared statement */
	exec_sql(rw, "DROP TABLE client_configuration");
	tu_log_reset();
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_UNAVAILABLE);
	ck_assert_uint_eq(db_get_stats(db)->errors, 1);
	ck_assert(!db_is_open(db));
	ck_assert_msg(log_count("unavailable") == 1 && tu_log_contains(path),
	    "log: %s", tu_log_text());
	/* while down, lookups do not touch the database */
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_UNAVAILABLE);
	ck_assert_uint_eq(db_get_stats(db)->errors, 1);
	db_tick(db);
	ck_assert(!db_is_open(db));
	ck_assert_int_eq(log_count("unavailable"), 1);
	assert_no_lock_held();

	exec_sql(rw, schema_sql);
	add4("tap0", "g", MAC1, 256, "10.0.0.6");
	db_tick(db);
	ck_assert(db_is_open(db));
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	assert_row(0, 256, 1, ATTR_IPV4, "10.0.0.6");
	ck_assert_uint_eq(db_get_stats(db)->reopens, 1);
}
END_TEST

START_TEST(test_tick_when_healthy)
{
	create_db(1);
	add4("tap0", "g", MAC1, 256, "10.0.0.5");
	db = open_ok();
	db_tick(db);
	db_tick(db);
	ck_assert(db_is_open(db));
	ck_assert_uint_eq(db_get_stats(db)->reopens, 0);
	ck_assert_int_eq(db_lookup(db, ATTR_FAMILY_V4, "tap0", MAC1, &res),
	    DB_FOUND);
	ck_assert_int_eq(log_count("unavailable"), 0);
}
END_TEST

static Suite *
db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *malformed = tcase_create("malformed");

	tcase_add_checked_fixture(core, setup, teardown);
	tcase_add_checked_fixture(limits, setup, teardown);
	tcase_add_checked_fixture(malformed, setup, teardown);
	tcase_add_test(core, test_plain_lookup);
	tcase_add_test(core, test_v6_lookup);
	tcase_add_test(core, test_not_found);
	tcase_add_test(core, test_group);
	tcase_add_test(core, test_null_group);
	tcase_add_test(core, test_multi_iface);
	tcase_add_test(core, test_storage_classes);
	tcase_add_test(core, test_bad_values_returned);
	tcase_add_test(core, test_live_change_rollback);
	tcase_add_test(core, test_live_change_wal);
	tcase_add_test(core, test_query_plan);
	tcase_add_test(core, test_tick_when_healthy);
	tcase_add_test(limits, test_too_many_rows);
	tcase_add_test(limits, test_arena_full);
	tcase_add_test(limits, test_busy_rollback);
	tcase_add_test(limits, test_wal_writer_does_not_block);
	tcase_add_test(limits, test_long_key);
	tcase_add_test(malformed, test_unreadable_rows_skipped);
	tcase_add_test(malformed, test_deleted_file_rollback);
	tcase_add_test(malformed, test_deleted_file_wal);
	tcase_add_test(malformed, test_renamed_file);
	tcase_add_test(malformed, test_not_sqlite);
	tcase_add_test(malformed, test_wrong_schema);
	tcase_add_test(malformed, test_missing_file);
	tcase_add_test(malformed, test_error_reopens);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, malformed);
	return s;
}

int
main(void)
{
	return tu_run_suite(db_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
