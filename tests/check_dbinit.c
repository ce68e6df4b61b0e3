#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/attrs.h"
#include "common/config.h"
#include "monitor/dbinit.h"
#include "tests/testutil.h"

static char	tmpdir[PATH_MAX];
static char	dbpath[PATH_MAX];
static struct attr_table *v4, *v6;

/*
 * A database of statichcpd before port groups: no groupID anywhere, no
 * client_groups, no triggers (our own SQL, after the 3.x table layout).
 */
static const char old_schema[] =
	"CREATE TABLE valid_attributes (opcode INT NOT NULL,"
	" max_count INT NOT NULL, datatype INT NOT NULL,"
	" CONSTRAINT unique_opcode UNIQUE (opcode));"
	"CREATE TABLE valid_v6attributes (opcode INT NOT NULL,"
	" max_count INT NOT NULL, datatype INT NOT NULL,"
	" CONSTRAINT unique_opcode UNIQUE (opcode));"
	"CREATE TABLE clients (ifname TEXT NOT NULL, mac TEXT NOT NULL,"
	" CONSTRAINT compkey_mac_if UNIQUE (ifname, mac));"
	"CREATE TABLE client_configuration (ifname TEXT NOT NULL,"
	" mac TEXT NOT NULL, attr_code INT NOT NULL, attr_val NOT NULL,"
	" CONSTRAINT compkey_mac_if_attr"
	"  UNIQUE (ifname, mac, attr_code, attr_val)"
	" FOREIGN KEY (ifname, mac) REFERENCES clients (ifname, mac)"
	"  ON DELETE CASCADE,"
	" FOREIGN KEY (attr_code) REFERENCES valid_attributes (opcode)"
	"  ON DELETE RESTRICT);"
	"CREATE TABLE client_v6configuration (ifname TEXT NOT NULL,"
	" duid TEXT NOT NULL, attr_code INT NOT NULL, attr_val NOT NULL,"
	" CONSTRAINT compkey_clientid_if_attr"
	"  UNIQUE (ifname, duid, attr_code, attr_val)"
	" FOREIGN KEY (ifname, duid) REFERENCES clients (ifname, mac)"
	"  ON DELETE CASCADE,"
	" FOREIGN KEY (attr_code) REFERENCES valid_v6attributes (opcode)"
	"  ON DELETE RESTRICT);"
	"INSERT INTO valid_attributes VALUES (3, 3, 1), (256, 1, 1);"
	"INSERT INTO valid_v6attributes VALUES (3, 100, 7);";

/* Some clients the way an old controller left them. */
static const char old_rows[] =
	/* it inserted into clients first, for A only */
	"INSERT INTO clients VALUES ('tap0', 'aa:aa:aa:aa:aa:aa');"
	/* and a client without any configuration */
	"INSERT INTO clients VALUES ('tap2', 'ee:ee:ee:ee:ee:ee');"
	"INSERT INTO client_configuration VALUES"
	" ('tap0', 'aa:aa:aa:aa:aa:aa', 256, '10.0.0.2'),"
	" ('tap0', 'aa:aa:aa:aa:aa:aa', 3, '10.0.0.1'),"
	" ('tap0', 'bb:bb:bb:bb:bb:bb', 256, '10.0.0.3'),"
	" ('tap1', 'cc:cc:cc:cc:cc:cc', 256, '10.0.1.2');"
	"INSERT INTO client_v6configuration VALUES"
	" ('tap1', '3112233445566', 3, '0x1,2001:db8::2'),"
	" ('tap1', '3112233445566', 3, '0x2,2001:db8::3');";

static void
mkpath(char *buf, const char *dir, const char *name)
{
	ck_assert_int_lt(snprintf(buf, PATH_MAX, "%s/%s", dir, name),
	    PATH_MAX);
}

static void
load_defaults(struct attr_table *t4, struct attr_table *t6)
{
	char path[PATH_MAX];

	mkpath(path, tu_srcdir(), "schema/default_attr.csv");
	ck_assert_int_eq(attr_csv_load(path, ATTR_FAMILY_V4, t4), 0);
	mkpath(path, tu_srcdir(), "schema/default_v6attr.csv");
	ck_assert_int_eq(attr_csv_load(path, ATTR_FAMILY_V6, t6), 0);
}

static void
setup(void)
{
	tu_mkdtemp(tmpdir, sizeof(tmpdir));
	mkpath(dbpath, tmpdir, "Static_DHCP_DB.db");
	tu_log_capture();
	v4 = calloc(1, sizeof(*v4));
	v6 = calloc(1, sizeof(*v6));
	ck_assert_ptr_nonnull(v4);
	ck_assert_ptr_nonnull(v6);
	load_defaults(v4, v6);
}

static void
teardown(void)
{
	free(v4);
	free(v6);
	tu_rm_rf(tmpdir);
}

static sqlite3 *
db_open(int flags)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open_v2(dbpath, &db, flags, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static void
db_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK,
	    "%s: %s", sql, err != NULL ? err : "?");
}

/* The first column of the first row, as an integer. */
static long long
db_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: %s", sql,
	    sqlite3_errmsg(db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
make_old_db(const char *rows)
{
	sqlite3 *db = db_open(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

	db_exec(db, old_schema);
	db_exec(db, rows);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}

static void
prepare_ok(void)
{
	ck_assert_msg(dbinit_prepare(dbpath, v4, v6) == 0, "%s",
	    tu_log_text());
}

static int
has_column(sqlite3 *db, const char *table, const char *col)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM pragma_table_info"
	    "('%s') WHERE name = '%s'", table, col);
	return db_int(db, sql) != 0;
}

static mode_t
file_mode(const char *suffix)
{
	char path[PATH_MAX];
	struct stat sb;

	ck_assert_int_lt(snprintf(path, sizeof(path), "%s%s", dbpath, suffix),
	    PATH_MAX);
	ck_assert_msg(stat(path, &sb) == 0, "%s: %s", path, strerror(errno));
	return sb.st_mode & 07777;
}

/* The whole file, for "nothing was modified". */
static char *
slurp(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, n, f), (size_t)n);
	fclose(f);
	*ret_len = n;
	return buf;
}

START_TEST(test_fresh_database)
{
	static const char *const tables[] = { "valid_attributes",
	    "valid_v6attributes", "client_groups", "clients",
	    "client_configuration", "client_v6configuration" };
	static const char *const triggers[] = { "client_insertion",
	    "client_deletion", "client_del_config_cleanup",
	    "client_v4_cfg_insertion", "client_v4_cfg_replace",
	    "client_v6_cfg_insertion", "client_v6_cfg_replace",
	    "client_v4_cfg_deletion", "client_v6_cfg_deletion" };
	static const char *const indexes[] = { "statichcpd_cfg_mac_ifname",
	    "statichcpd_v6cfg_duid_ifname", "statichcpd_groups_groupid" };
	char sql[256];
	sqlite3 *db;
	size_t i;

	prepare_ok();
	ck_assert_uint_eq(file_mode(""), 0640);
	/* kept by SQLITE_FCNTL_PERSIST_WAL, with the database's mode */
	ck_assert_uint_eq(file_mode("-wal"), 0640);
	ck_assert_uint_eq(file_mode("-shm"), 0640);
	ck_assert(tu_log_contains("created database"));
	ck_assert(!tu_log_contains("migrated"));

	db = db_open(SQLITE_OPEN_READONLY);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master"
		    " WHERE type = 'table' AND name = '%s'", tables[i]);
		ck_assert_msg(db_int(db, sql) == 1, "no table %s", tables[i]);
	}
	for (i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master"
		    " WHERE type = 'trigger' AND name = '%s'", triggers[i]);
		ck_assert_msg(db_int(db, sql) == 1, "no trigger %s",
		    triggers[i]);
	}
	for (i = 0; i < sizeof(indexes) / sizeof(indexes[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master"
		    " WHERE type = 'index' AND name = '%s'", indexes[i]);
		ck_assert_msg(db_int(db, sql) == 1, "no index %s", indexes[i]);
	}
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'trigger'"), 9);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_attributes"),
	    19);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_v6attributes"),
	    12);
	ck_assert_int_eq(db_int(db, "SELECT max_count * 10 + datatype FROM"
	    " valid_attributes WHERE opcode = 3"), 31);
	ck_assert_int_eq(db_int(db, "SELECT datatype FROM valid_attributes"
	    " WHERE opcode = 121"), ATTR_STATICRT);
	ck_assert_int_eq(db_int(db, "SELECT datatype FROM valid_v6attributes"
	    " WHERE opcode = 25"), ATTR_PD);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 0);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_wal_mode)
{
	sqlite3_stmt *st;
	sqlite3 *db;

	prepare_ok();
	/* the mode is persistent: a new connection sees it */
	db = db_open(SQLITE_OPEN_READWRITE);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1,
	    &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	/* a read-only connection works on what is left */
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_attributes"),
	    19);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_refill_replaces_rows)
{
	struct attr_def d = { 3, 1, ATTR_IPV4 };
	sqlite3 *db;

	prepare_ok();
	prepare_ok();
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_attributes"),
	    19);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_v6attributes"),
	    12);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);

	/* a reload with other tables: rows replaced, none duplicated */
	ck_assert_int_eq(attr_table_set(v4, &d), 0);
	v6->n = 1;
	prepare_ok();
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert_int_eq(db_int(db, "SELECT count(DISTINCT opcode) ="
	    " count(*) FROM valid_attributes"), 1);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_attributes"),
	    19);
	ck_assert_int_eq(db_int(db, "SELECT max_count FROM valid_attributes"
	    " WHERE opcode = 3"), 1);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_v6attributes"),
	    1);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_load_attrs)
{
	struct attr_table *t4, *t6;
	struct config conf;
	char extra[PATH_MAX];

	t4 = calloc(1, sizeof(*t4));
	t6 = calloc(1, sizeof(*t6));
	ck_assert_ptr_nonnull(t4);
	ck_assert_ptr_nonnull(t6);
	memset(&conf, 0, sizeof(conf));
	mkpath(conf.default_attributes_file, tu_srcdir(),
	    "schema/default_attr.csv");
	mkpath(conf.default_v6attributes_file, tu_srcdir(),
	    "schema/default_v6attr.csv");
	ck_assert_int_eq(dbinit_load_attrs(&conf, t4, t6), 0);
	ck_assert_uint_eq(t4->n, 19);
	ck_assert_uint_eq(t6->n, 12);

	/* additional files come after the defaults and win */
	mkpath(extra, tmpdir, "extra.csv");
	tu_write_file(extra, "opcode,max_count,datatype\n"
	    "DHCP_OPT_ROUTER,1,IPV4\n224,1,STRING\n");
	memcpy(conf.additional_attributes_file, extra, sizeof(extra));
	mkpath(conf.additional_v6attributes_file, tmpdir, "extra6.csv");
	tu_write_file(conf.additional_v6attributes_file,
	    "opcode,max_count,datatype\nDHCP6_OPT_NTP_SERVER,4,IPV6\n");
	ck_assert_int_eq(dbinit_load_attrs(&conf, t4, t6), 0);
	ck_assert_uint_eq(t4->n, 20);
	ck_assert_uint_eq(t6->n, 13);
	ck_assert_uint_eq(t4->defs[7].opcode, 3);
	ck_assert_uint_eq(t4->defs[7].max_count, 1);

	/* one bad row anywhere: -1, every problem told, tables untouched */
	tu_write_file(extra, "opcode,max_count,datatype\n"
	    "DHCP_OPT_ROUTER,1,IPV9\n");
	tu_write_file(conf.additional_v6attributes_file, "nonsense\n");
	ck_assert_int_eq(dbinit_load_attrs(&conf, t4, t6), -1);
	ck_assert_msg(tu_log_contains("extra.csv:2: unknown datatype"), "%s",
	    tu_log_text());
	ck_assert(tu_log_contains("extra6.csv:1: header must be"));
	ck_assert_uint_eq(t4->n, 20);
	ck_assert_uint_eq(t6->n, 13);
	conf.additional_attributes_file[0] = '\0';
	conf.additional_v6attributes_file[0] = '\0';
	mkpath(conf.default_attributes_file, tmpdir, "nonexistent.csv");
	ck_assert_int_eq(dbinit_load_attrs(&conf, t4, t6), -1);
	ck_assert(tu_log_contains("nonexistent.csv: cannot read"));
	ck_assert_uint_eq(t4->n, 20);
	free(t4);
	free(t6);
}
END_TEST

START_TEST(test_triggers)
{
	sqlite3 *db;

	prepare_ok();
	db = db_open(SQLITE_OPEN_READWRITE);
	db_exec(db, "PRAGMA foreign_keys=ON");
	/* configuration rows make their client and group rows */
	db_exec(db, "INSERT INTO client_configuration VALUES"
	    " ('tap0', 'g1', 'aa:aa:aa:aa:aa:aa', 256, '10.0.0.2'),"
	    " ('tap0', 'g1', 'aa:aa:aa:aa:aa:aa', 3, '10.0.0.1'),"
	    " ('tap0', 'g1', 'bb:bb:bb:bb:bb:bb', 256, '10.0.0.3'),"
	    " ('tap1', 'g1', 'cc:cc:cc:cc:cc:cc', 256, '10.0.0.4')");
	db_exec(db, "INSERT INTO client_v6configuration VALUES"
	    " ('tap1', 'g1', '3112233445566', 3, '0x1,2001:db8::2')");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 4);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients WHERE"
	    " ifname = 'tap1' AND groupID = 'g1' AND mac = '3112233445566'"),
	    1);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups WHERE"
	    " groupID = 'g1'"), 2);

	/* the last row of a client takes the client; the group stays while
	 * another client uses it */
	db_exec(db, "DELETE FROM client_configuration WHERE"
	    " mac = 'aa:aa:aa:aa:aa:aa' AND attr_code = 3");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 4);
	db_exec(db, "DELETE FROM client_configuration WHERE"
	    " mac = 'aa:aa:aa:aa:aa:aa'");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 3);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"), 2);
	db_exec(db, "DELETE FROM client_configuration WHERE"
	    " mac = 'bb:bb:bb:bb:bb:bb'");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"
	    " WHERE ifname = 'tap0'"), 0);
	db_exec(db, "DELETE FROM client_configuration");
	db_exec(db, "DELETE FROM client_v6configuration");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 0);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"), 0);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_null_group_triggers)
{
	sqlite3 *db;

	prepare_ok();
	db = db_open(SQLITE_OPEN_READWRITE);
	db_exec(db, "PRAGMA foreign_keys=ON");
	/* an old controller: clients first, no groupID */
	db_exec(db, "INSERT INTO clients (ifname, mac) VALUES"
	    " ('tap5', 'aa:aa:aa:aa:aa:aa'), ('tap6', 'bb:bb:bb:bb:bb:bb')");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"
	    " WHERE groupID IS NULL"), 2);
	db_exec(db, "INSERT INTO client_configuration (ifname, mac, attr_code,"
	    " attr_val) VALUES ('tap5', 'aa:aa:aa:aa:aa:aa', 256, '10.0.0.2'),"
	    " ('tap5', 'aa:aa:aa:aa:aa:aa', 3, '10.0.0.1')");
	db_exec(db, "INSERT INTO client_v6configuration (ifname, duid,"
	    " attr_code, attr_val) VALUES ('tap5', 'aa:aa:aa:aa:aa:aa', 3,"
	    " '2001:db8::5')");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 2);

	/* with a NULL group nothing cascades: the cleanup trigger does it */
	db_exec(db, "DELETE FROM clients WHERE ifname = 'tap5'");
	ck_assert_int_eq(db_int(db, "SELECT count(*)"
	    " FROM client_configuration"),
	    0);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM"
	    " client_v6configuration"), 0);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"
	    " WHERE ifname = 'tap5'"), 0);

	/* a new controller names a group: the NULL group row is replaced */
	db_exec(db, "INSERT INTO client_configuration VALUES ('tap6', 'g7',"
	    " 'bb:bb:bb:bb:bb:bb', 256, '10.0.0.7')");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"
	    " WHERE ifname = 'tap6' AND groupID = 'g7'"), 1);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"), 1);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients WHERE"
	    " ifname = 'tap6' AND groupID = 'g7'"), 1);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

/* The query plan detail of sql mentions index. */
static int
plan_uses(sqlite3 *db, const char *sql, const char *index)
{
	sqlite3_stmt *st;
	int found = 0;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (strstr((const char *)sqlite3_column_text(st, 3), index) !=
		    NULL)
			found = 1;
	sqlite3_finalize(st);
	return found;
}

START_TEST(test_lookup_uses_index)
{
	sqlite3 *db;

	prepare_ok();
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert(plan_uses(db, "EXPLAIN QUERY PLAN SELECT attr_code, attr_val"
	    " FROM client_configuration WHERE mac = ?1",
	    "statichcpd_cfg_mac_ifname"));
	ck_assert(plan_uses(db, "EXPLAIN QUERY PLAN SELECT attr_code, attr_val"
	    " FROM client_v6configuration WHERE duid = ?1",
	    "statichcpd_v6cfg_duid_ifname"));
	ck_assert(plan_uses(db, "EXPLAIN QUERY PLAN SELECT ifname"
	    " FROM client_groups WHERE groupID = ?1",
	    "statichcpd_groups_groupid"));
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_migration)
{
	sqlite3 *db;

	make_old_db(old_rows);
	prepare_ok();
	ck_assert_msg(tu_log_contains("migrated to port groups: groupID added"
	    " to 3 tables"), "%s", tu_log_text());

	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert(has_column(db, "clients", "groupID"));
	ck_assert(has_column(db, "client_configuration", "groupID"));
	ck_assert(has_column(db, "client_v6configuration", "groupID"));
	/* existing rows kept, nothing duplicated */
	ck_assert_int_eq(db_int(db, "SELECT count(*)"
	    " FROM client_configuration"),
	    4);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM"
	    " client_v6configuration"), 2);
	/* A and E were there; B, C and the DUID are new */
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 5);
	ck_assert_int_eq(db_int(db, "SELECT count(DISTINCT ifname || mac)"
	    " FROM clients"), 5);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients WHERE"
	    " ifname = 'tap1' AND mac = '3112233445566'"), 1);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients WHERE"
	    " groupID IS NOT NULL"), 0);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"), 3);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups WHERE"
	    " groupID IS NULL AND ifname IN ('tap0', 'tap1', 'tap2')"), 3);
	/* the validation tables were replaced by the CSVs' */
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_attributes"),
	    19);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	ck_assert_int_eq(dbinit_check(dbpath), 0);

	/* second start: nothing to migrate, nothing changes */
	tu_log_reset();
	prepare_ok();
	ck_assert_msg(!tu_log_contains("migrat"), "%s", tu_log_text());
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 5);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"), 3);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_migrated_db_works)
{
	sqlite3 *db;

	make_old_db(old_rows);
	prepare_ok();
	db = db_open(SQLITE_OPEN_READWRITE);
	/* the old controller keeps working on the migrated tables */
	db_exec(db, "INSERT INTO client_configuration (ifname, mac, attr_code,"
	    " attr_val) VALUES ('tap0', 'bb:bb:bb:bb:bb:bb', 3, '10.0.0.1')");
	db_exec(db, "DELETE FROM clients WHERE mac = 'aa:aa:aa:aa:aa:aa'");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_configuration"
	    " WHERE mac = 'aa:aa:aa:aa:aa:aa'"), 0);
	/*
	 * and a new one can move an interface into a group.  ADD COLUMN put
	 * groupID last: on a migrated database only named columns work.
	 */
	db_exec(db, "INSERT INTO client_configuration (ifname, groupID, mac,"
	    " attr_code, attr_val) VALUES ('tap1', 'g1', 'dd:dd:dd:dd:dd:dd',"
	    " 256, '10.0.1.9')");
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"
	    " WHERE ifname = 'tap1' AND groupID = 'g1'"), 1);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_partial_migration)
{
	sqlite3 *db;

	/* a database where only clients lacks the column */
	db = db_open(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	db_exec(db, old_schema);
	db_exec(db, "ALTER TABLE client_configuration ADD COLUMN groupID;"
	    "ALTER TABLE client_v6configuration ADD COLUMN GROUPID;");
	db_exec(db, "INSERT INTO client_configuration VALUES"
	    " ('tap0', 'aa:aa:aa:aa:aa:aa', 256, '10.0.0.2', NULL)");
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	prepare_ok();
	ck_assert_msg(tu_log_contains("groupID added to 1 table,"), "%s",
	    tu_log_text());
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert(has_column(db, "clients", "groupID"));
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 1);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"), 1);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_existing_file_mode_kept)
{
	sqlite3 *db;

	/* a mode the operator chose is not ours to change */
	db = db_open(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	db_exec(db, "CREATE TABLE other (x)");
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	ck_assert_int_eq(chmod(dbpath, 0600), 0);
	prepare_ok();
	ck_assert_uint_eq(file_mode(""), 0600);
	ck_assert(!tu_log_contains("created database"));
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM sqlite_master WHERE"
	    " name = 'other'"), 1);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_new_file_mode_despite_umask)
{
	mode_t old = umask(077);

	prepare_ok();
	umask(old);
	ck_assert_uint_eq(file_mode(""), 0640);
	ck_assert_uint_eq(file_mode("-wal"), 0640);
}
END_TEST

START_TEST(test_reload_with_reader)
{
	sqlite3_stmt *st;
	sqlite3 *rd;

	/* a responder in the middle of a lookup must not stop a reload */
	prepare_ok();
	rd = db_open(SQLITE_OPEN_READONLY);
	ck_assert_int_eq(sqlite3_prepare_v2(rd, "SELECT opcode FROM"
	    " valid_attributes", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v4->n = 2;
	prepare_ok();
	sqlite3_finalize(st);
	ck_assert_int_eq(db_int(rd, "SELECT count(*) FROM valid_attributes"),
	    2);
	ck_assert_int_eq(sqlite3_close(rd), SQLITE_OK);
}
END_TEST

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(test_migration_10k_clients)
{
	double t0, secs;
	sqlite3 *db;

	/* 10,000 clients on 2,500 interfaces, two v4 and one v6 row each */
	make_old_db(
	    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 9999)"
	    " INSERT INTO client_configuration SELECT 'tap' || (i / 4),"
	    " printf('02:00:00:00:%02x:%02x', i / 256, i % 256), 256,"
	    " printf('10.0.%d.%d', i / 256, i % 256) FROM n"
	    " UNION ALL SELECT 'tap' || (i / 4),"
	    " printf('02:00:00:00:%02x:%02x', i / 256, i % 256), 3,"
	    " '10.0.0.1' FROM n;"
	    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 9999)"
	    " INSERT INTO client_v6configuration SELECT 'tap' || (i / 4),"
	    " printf('31020000%04x', i), 3, printf('2001:db8::%x', i) FROM n;");
	t0 = now();
	prepare_ok();
	secs = now() - t0;
	/* 3.x took 17-35 s here; linear work takes well under a second */
	ck_assert_msg(secs < 5.0, "migration took %.1f s", secs);
	ck_assert(tu_log_contains("migrated"));
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM clients"), 20000);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM client_groups"),
	    2500);
	ck_assert_int_eq(db_int(db, "SELECT count(*)"
	    " FROM client_configuration"),
	    20000);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	/* and a normal start after it costs about nothing */
	t0 = now();
	prepare_ok();
	secs = now() - t0;
	ck_assert_msg(secs < 2.0, "second start took %.1f s", secs);
}
END_TEST

START_TEST(test_check_good_db)
{
	size_t len1, len2;
	char *a, *b;

	prepare_ok();
	tu_log_reset();
	a = slurp(dbpath, &len1);
	ck_assert_msg(dbinit_check(dbpath) == 0, "%s", tu_log_text());
	ck_assert_msg(tu_log_text()[0] == '\0', "%s", tu_log_text());
	b = slurp(dbpath, &len2);
	ck_assert_uint_eq(len1, len2);
	ck_assert(memcmp(a, b, len1) == 0);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_check_missing_file)
{
	/* start-up creates it: a warning, not an error (a first boot's -t) */
	ck_assert_int_eq(dbinit_check(dbpath), 0);
	ck_assert_msg(tu_log_contains("no such database"), "%s", tu_log_text());
	/* and it was not created */
	ck_assert_int_eq(access(dbpath, F_OK), -1);
}
END_TEST

START_TEST(test_check_not_a_database)
{
	size_t len;
	char *a;

	tu_write_file(dbpath, "[statichcpd]\nserved_interface_regex = tap.*\n"
	    "# this is a configuration file, not a database; it is long "
	    "enough to hold an sqlite header if it were one.\n");
	ck_assert_int_eq(dbinit_check(dbpath), -1);
	ck_assert_msg(tu_log_contains("file is not a database"), "%s",
	    tu_log_text());
	ck_assert(tu_log_contains(dbpath));
	/* prepare refuses it too, and leaves it alone */
	tu_log_reset();
	a = slurp(dbpath, &len);
	ck_assert_int_eq(dbinit_prepare(dbpath, v4, v6), -1);
	ck_assert_msg(tu_log_contains("file is not a database"), "%s",
	    tu_log_text());
	ck_assert(tu_log_contains(dbpath));
	free(a);
	a = slurp(dbpath, &len);
	ck_assert(strncmp(a, "[statichcpd]", 12) == 0);
	free(a);
}
END_TEST

START_TEST(test_check_old_db)
{
	size_t len1, len2;
	char *a, *b;

	make_old_db(old_rows);
	a = slurp(dbpath, &len1);
	/* start-up migrates it: warnings, not an error */
	ck_assert_int_eq(dbinit_check(dbpath), 0);
	ck_assert_msg(tu_log_contains("table clients has no column groupID"),
	    "%s", tu_log_text());
	ck_assert(tu_log_contains("table client_configuration has no column"
	    " groupID"));
	ck_assert(tu_log_contains("table client_groups is missing"));
	b = slurp(dbpath, &len2);
	ck_assert_uint_eq(len1, len2);
	ck_assert(memcmp(a, b, len1) == 0);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_check_wrong_columns)
{
	sqlite3 *db;

	/* a clients table without its mac column is beyond repair */
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE clients (ifname TEXT, "
	    "groupID TEXT)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(dbinit_check(dbpath), -1);
	ck_assert_msg(tu_log_contains("table clients has no column mac"), "%s",
	    tu_log_text());
}
END_TEST

START_TEST(test_check_empty_and_dir)
{
	/* an empty file is an empty database: start-up fills it */
	tu_write_file(dbpath, "");
	ck_assert_int_eq(dbinit_check(dbpath), 0);
	ck_assert(tu_log_contains("table valid_attributes is missing"));
	ck_assert_int_eq(dbinit_check(tmpdir), -1);
	ck_assert(tu_log_contains("not a regular file"));
}
END_TEST

START_TEST(test_prepare_no_directory)
{
	mkpath(dbpath, tmpdir, "missing/db.sqlite");
	ck_assert_int_eq(dbinit_prepare(dbpath, v4, v6), -1);
	ck_assert_msg(tu_log_contains("cannot create"), "%s", tu_log_text());
	ck_assert(tu_log_contains(dbpath));
}
END_TEST

START_TEST(test_fill_failure_rolls_back)
{
	sqlite3 *db;

	prepare_ok();
	/* a controller-side trigger that refuses one v6 code */
	db = db_open(SQLITE_OPEN_READWRITE);
	db_exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON valid_v6attributes"
	    " WHEN new.opcode = 262 BEGIN SELECT RAISE(ABORT, 'refused 262');"
	    " END");
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	tu_log_reset();
	v4->n = 1;
	ck_assert_int_eq(dbinit_prepare(dbpath, v4, v6), -1);
	ck_assert_msg(tu_log_contains("refused 262"), "%s", tu_log_text());
	ck_assert(tu_log_contains(dbpath));
	/* the delete and the v4 inserts went with the failed transaction */
	db = db_open(SQLITE_OPEN_READWRITE);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_attributes"),
	    19);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_v6attributes"),
	    12);
	/* and no lock is left behind */
	sqlite3_busy_timeout(db, 0);
	db_exec(db, "BEGIN IMMEDIATE; COMMIT");
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_migration_failure_rolls_back)
{
	sqlite3 *db;

	make_old_db(old_rows);
	db = db_open(SQLITE_OPEN_READWRITE);
	db_exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON clients"
	    " BEGIN SELECT RAISE(ABORT, 'no new clients'); END");
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	ck_assert_int_eq(dbinit_prepare(dbpath, v4, v6), -1);
	ck_assert_msg(tu_log_contains("no new clients"), "%s", tu_log_text());
	/* the added columns and the new tables went too */
	db = db_open(SQLITE_OPEN_READONLY);
	ck_assert(!has_column(db, "clients", "groupID"));
	ck_assert(!has_column(db, "client_configuration", "groupID"));
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'client_groups'"), 0);
	ck_assert_int_eq(db_int(db, "SELECT count(*) FROM valid_attributes"),
	    2);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

static Suite *
dbinit_suite(void)
{
	Suite *s = suite_create("dbinit");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *malformed = tcase_create("malformed");

	tcase_add_checked_fixture(core, setup, teardown);
	tcase_add_checked_fixture(limits, setup, teardown);
	tcase_add_checked_fixture(malformed, setup, teardown);
	tcase_set_timeout(limits, 60);
	tcase_add_test(core, test_fresh_database);
	tcase_add_test(core, test_wal_mode);
	tcase_add_test(core, test_refill_replaces_rows);
	tcase_add_test(core, test_load_attrs);
	tcase_add_test(core, test_triggers);
	tcase_add_test(core, test_null_group_triggers);
	tcase_add_test(core, test_lookup_uses_index);
	tcase_add_test(core, test_migration);
	tcase_add_test(core, test_migrated_db_works);
	tcase_add_test(core, test_check_good_db);
	tcase_add_test(limits, test_partial_migration);
	tcase_add_test(limits, test_existing_file_mode_kept);
	tcase_add_test(limits, test_new_file_mode_despite_umask);
	tcase_add_test(limits, test_reload_with_reader);
	tcase_add_test(limits, test_migration_10k_clients);
	tcase_add_test(malformed, test_check_missing_file);
	tcase_add_test(malformed, test_check_not_a_database);
	tcase_add_test(malformed, test_check_old_db);
	tcase_add_test(malformed, test_check_empty_and_dir);
	tcase_add_test(malformed, test_check_wrong_columns);
	tcase_add_test(malformed, test_prepare_no_directory);
	tcase_add_test(malformed, test_fill_failure_rolls_back);
	tcase_add_test(malformed, test_migration_failure_rolls_back);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, malformed);
	return s;
}

int
main(void)
{
	return tu_run_suite(dbinit_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
