/*
 * Database set-up by the monitor.  The responder only ever reads the
 * database; everything that writes outside a controller lives here.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/attrs.h"
#include "common/config.h"
#include "common/log.h"
#include "monitor/dbinit.h"

extern const char schema_sql[];
extern const size_t schema_sql_len;

#define DBINIT_BUSY_TIMEOUT_MS	5000
#define DBINIT_WAL_TRIES	3
#define DBINIT_WAL_RETRY_NS	500000000L

/* The tables that gained a groupID column with port grouping. */
static const char *const grouped_tables[] = {
	"clients", "client_configuration", "client_v6configuration",
};

/*
 * Fill clients and client_groups from the configuration of a database
 * that had no groupID.  Each statement is one pass over its source with
 * index probes (the UNIQUE indexes on clients and client_groups), not a
 * query per row.  OR IGNORE also applies to the statements of the
 * client_insertion trigger these inserts fire.
 */
static const char migrate_sql[] =
	"INSERT OR IGNORE INTO clients (ifname, groupID, mac)"
	" SELECT DISTINCT ifname, groupID, mac FROM client_configuration AS s"
	" WHERE NOT EXISTS (SELECT 1 FROM clients AS c"
	"  WHERE c.ifname = s.ifname AND c.mac = s.mac"
	"  AND c.groupID IS s.groupID);"
	"INSERT OR IGNORE INTO clients (ifname, groupID, mac)"
	" SELECT DISTINCT ifname, groupID, duid"
	" FROM client_v6configuration AS s"
	" WHERE NOT EXISTS (SELECT 1 FROM clients AS c"
	"  WHERE c.ifname = s.ifname AND c.mac = s.duid"
	"  AND c.groupID IS s.groupID);"
	/* clients an old controller inserted itself never fired the trigger */
	"INSERT OR IGNORE INTO client_groups (ifname, groupID)"
	" SELECT DISTINCT ifname, groupID FROM clients;";

static void
db_warn(const char *func, const char *path, sqlite3 *db, const char *what)
{
	log_warnx("%s: %s: %s: %s", func, path, what,
	    db != NULL ? sqlite3_errmsg(db) : "out of memory");
}

static void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int
db_exec(sqlite3 *db, const char *path, const char *sql, const char *what)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		db_warn(__func__, path, db, what);
		return -1;
	}
	return 0;
}

/*
 * Whether table exists (column NULL) or has column.  Column names are
 * case-insensitive in SQL, so "groupid" counts.  Returns 0 or -1.
 */
static int
db_has(sqlite3 *db, const char *table, const char *column, int *ret)
{
	sqlite3_stmt *st;
	const char *sql;
	int rc;

	if (column == NULL)
		sql = "SELECT 1 FROM sqlite_master"
		    " WHERE type = 'table' AND name = ?1";
	else
		sql = "SELECT 1 FROM pragma_table_info(?1)"
		    " WHERE name = ?2 COLLATE NOCASE";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (column != NULL)
		sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	*ret = rc == SQLITE_ROW;
	return 0;
}

/*
 * Create a missing database file ourselves: 0640 whatever the umask, and
 * sqlite gives -wal and -shm the same mode (SPEC section 9).
 */
static int
db_create(const char *path)
{
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd == -1) {
		if (errno == EEXIST)
			return 0;
		log_warn("%s: cannot create %s", __func__, path);
		return -1;
	}
	if (fchmod(fd, 0640) == -1) {
		log_warn("%s: chmod %s", __func__, path);
		close(fd);
		return -1;
	}
	close(fd);
	log_info("%s: created database %s", __func__, path);
	return 0;
}

/*
 * Changing the journal mode needs an exclusive lock that a busy
 * controller can hold past the busy timeout: retry a few times, as 3.x
 * did.  A file system without WAL support keeps its mode with a warning
 * (3.x carried on too).  *ret_wal tells which it was.
 */
static int
db_set_wal(sqlite3 *db, const char *path, int *ret_wal)
{
	const struct timespec pause = { 0, DBINIT_WAL_RETRY_NS };
	const char *mode;
	sqlite3_stmt *st;
	int rc, try;

	for (try = 1; ; try++) {
		st = NULL;
		rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1,
		    &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			break;
		sqlite3_finalize(st);
		if (((rc & 0xff) != SQLITE_BUSY &&
		    (rc & 0xff) != SQLITE_LOCKED) || try == DBINIT_WAL_TRIES) {
			db_warn(__func__, path, db,
			    "cannot set journal_mode=WAL");
			return -1;
		}
		log_warnx("%s: %s: database is locked, retrying", __func__,
		    path);
		nanosleep(&pause, NULL);
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	*ret_wal = mode != NULL && strcasecmp(mode, "wal") == 0;
	if (!*ret_wal)
		log_warnx("%s: %s: journal mode stays %s: controller writes "
		    "can block lookups", __func__, path,
		    mode != NULL ? mode : "unknown");
	sqlite3_finalize(st);
	return 0;
}

/*
 * Add groupID where a table lacks it.  *ret_added counts the tables
 * changed.  Runs inside the caller's transaction.
 */
static int
db_add_groupid(sqlite3 *db, const char *path, int *ret_added)
{
	char sql[128], what[128];
	size_t i;
	int exists, has, added = 0;

	for (i = 0; i < sizeof(grouped_tables) / sizeof(grouped_tables[0]);
	    i++) {
		if (db_has(db, grouped_tables[i], NULL, &exists) == -1 ||
		    db_has(db, grouped_tables[i], "groupID", &has) == -1) {
			db_warn(__func__, path, db, "cannot read the schema");
			return -1;
		}
		if (!exists || has)
			continue;
		snprintf(sql, sizeof(sql), "ALTER TABLE %s ADD COLUMN groupID",
		    grouped_tables[i]);
		snprintf(what, sizeof(what), "cannot add groupID to %s",
		    grouped_tables[i]);
		if (db_exec(db, path, sql, what) == -1)
			return -1;
		added++;
	}
	*ret_added = added;
	return 0;
}

/*
 * One transaction: add missing groupID columns, apply the schema (every
 * statement is IF NOT EXISTS), and fill clients/client_groups when
 * columns were added.  A failure leaves the database as it was.
 */
static int
db_schema(sqlite3 *db, const char *path)
{
	int added, n, clients;

	if (db_exec(db, path, "BEGIN IMMEDIATE", "cannot lock") == -1)
		return -1;
	if (db_add_groupid(db, path, &added) == -1)
		goto fail;
	if (db_exec(db, path, schema_sql, "cannot apply the schema") == -1)
		goto fail;
	if (added > 0) {
		n = sqlite3_total_changes(db);
		if (db_exec(db, path, migrate_sql,
		    "cannot migrate to port groups") == -1)
			goto fail;
		clients = sqlite3_total_changes(db) - n;
		log_info("%s: %s: migrated to port groups: groupID added to "
		    "%d table%s, %d row%s added to clients and client_groups",
		    __func__, path, added, added == 1 ? "" : "s", clients,
		    clients == 1 ? "" : "s");
	}
	if (db_exec(db, path, "COMMIT", "cannot commit the schema") == -1)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

static int
db_insert_attrs(sqlite3 *db, const char *path, const char *sql,
    const struct attr_table *t)
{
	sqlite3_stmt *st;
	size_t i;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_warn(__func__, path, db, "cannot prepare attribute insert");
		return -1;
	}
	for (i = 0; i < t->n; i++) {
		sqlite3_bind_int64(st, 1, t->defs[i].opcode);
		sqlite3_bind_int64(st, 2, t->defs[i].max_count);
		sqlite3_bind_int(st, 3, t->defs[i].datatype);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_warn(__func__, path, db, "cannot insert attribute");
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

/*
 * Replace the validation tables in one transaction: other statichcpd
 * instances share them, and a reader must never see them half filled.
 */
static int
db_fill_attrs(sqlite3 *db, const char *path, const struct attr_table *v4,
    const struct attr_table *v6)
{
	if (db_exec(db, path, "BEGIN IMMEDIATE", "cannot lock") == -1)
		return -1;
	if (db_exec(db, path, "DELETE FROM valid_attributes;"
	    "DELETE FROM valid_v6attributes", "cannot clear attributes") == -1)
		goto fail;
	if (db_insert_attrs(db, path, "INSERT INTO valid_attributes"
	    " (opcode, max_count, datatype) VALUES (?1, ?2, ?3)", v4) == -1)
		goto fail;
	if (db_insert_attrs(db, path, "INSERT INTO valid_v6attributes"
	    " (opcode, max_count, datatype) VALUES (?1, ?2, ?3)", v6) == -1)
		goto fail;
	if (db_exec(db, path, "COMMIT", "cannot commit attributes") == -1)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/*
 * Keep -wal and -shm when the last connection closes: a responder that
 * cannot write the directory needs them (SPEC section 9).
 */
static void
db_close(sqlite3 *db, const char *path, int persist_wal)
{
	int on = 1;

	if (persist_wal && sqlite3_file_control(db, "main",
	    SQLITE_FCNTL_PERSIST_WAL, &on) != SQLITE_OK)
		log_warnx("%s: %s: cannot keep the WAL files", __func__, path);
	if (sqlite3_close(db) != SQLITE_OK)
		db_warn(__func__, path, db, "close");
}

/* The steps of dbinit_prepare on a connection that is already open. */
static int
prepare_conn(sqlite3 *db, const char *db_path, const struct attr_table *v4,
    const struct attr_table *v6, int *ret_wal)
{
	/*
	 * valid_attributes is replaced while configuration rows refer to it
	 * ON DELETE RESTRICT: enforcing foreign keys here, as a library built
	 * with SQLITE_DEFAULT_FOREIGN_KEYS=1 would, makes that impossible.
	 */
	if (db_exec(db, db_path, "PRAGMA foreign_keys=OFF",
	    "cannot switch off foreign keys") == -1)
		return -1;
	if (db_set_wal(db, db_path, ret_wal) == -1)
		return -1;
	if (db_schema(db, db_path) == -1)
		return -1;
	if (db_fill_attrs(db, db_path, v4, v6) == -1)
		return -1;
	log_debug("%s: %s: schema ready, %zu v4 and %zu v6 attributes",
	    "dbinit_prepare", db_path, v4->n, v6->n);
	return 0;
}

int
dbinit_prepare(const char *db_path, const struct attr_table *v4,
    const struct attr_table *v6)
{
	sqlite3 *db = NULL;
	int wal = 0, rc;

	if (db_create(db_path) == -1)
		return -1;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		db_warn(__func__, db_path, db, "cannot open");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, DBINIT_BUSY_TIMEOUT_MS);
	rc = prepare_conn(db, db_path, v4, v6, &wal);
	db_close(db, db_path, wal);
	return rc;
}

int
dbinit_prepare_open(sqlite3 *db, const char *db_path,
    const struct attr_table *v4, const struct attr_table *v6)
{
	int wal = 0;

	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, DBINIT_BUSY_TIMEOUT_MS);
	return prepare_conn(db, db_path, v4, v6, &wal);
}

int
dbinit_load_attrs(const struct config *conf, struct attr_table *v4,
    struct attr_table *v6)
{
	struct attr_table *t4, *t6;
	int rc = 0;

	t4 = calloc(1, sizeof(*t4));
	t6 = calloc(1, sizeof(*t6));
	if (t4 == NULL || t6 == NULL) {
		log_warn("%s", __func__);
		free(t4);
		free(t6);
		return -1;
	}
	/* read every file even after a bad one: report all problems */
	if (attr_csv_load(conf->default_attributes_file, ATTR_FAMILY_V4,
	    t4) == -1)
		rc = -1;
	if (conf->additional_attributes_file[0] != '\0' &&
	    attr_csv_load(conf->additional_attributes_file, ATTR_FAMILY_V4,
	    t4) == -1)
		rc = -1;
	if (attr_csv_load(conf->default_v6attributes_file, ATTR_FAMILY_V6,
	    t6) == -1)
		rc = -1;
	if (conf->additional_v6attributes_file[0] != '\0' &&
	    attr_csv_load(conf->additional_v6attributes_file, ATTR_FAMILY_V6,
	    t6) == -1)
		rc = -1;
	if (rc == 0) {
		*v4 = *t4;
		*v6 = *t6;
	}
	free(t4);
	free(t6);
	return rc;
}

/* What the daemon and controllers rely on; NULL ends a column list. */
static const struct {
	const char	*table;
	const char	*columns[6];
} required[] = {
	{ "valid_attributes", { "opcode", "max_count", "datatype" } },
	{ "valid_v6attributes", { "opcode", "max_count", "datatype" } },
	{ "client_groups", { "ifname", "groupID" } },
	{ "clients", { "ifname", "groupID", "mac" } },
	{ "client_configuration",
	    { "ifname", "groupID", "mac", "attr_code", "attr_val" } },
	{ "client_v6configuration",
	    { "ifname", "groupID", "duid", "attr_code", "attr_val" } },
};

/* Report each missing table or column; -1 if any, or on a read error. */
static int
db_check_tables(sqlite3 *db, const char *path)
{
	const char *col;
	size_t i, j;
	int has, rc = 0;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (db_has(db, required[i].table, NULL, &has) == -1) {
			db_warn(__func__, path, db, "cannot read");
			return -1;
		}
		if (!has) {
			/* the schema creates it at start */
			log_warnx("%s: %s: table %s is missing (created at "
			    "start)", __func__, path, required[i].table);
			continue;
		}
		for (j = 0; (col = required[i].columns[j]) != NULL; j++) {
			if (db_has(db, required[i].table, col, &has) == -1) {
				db_warn(__func__, path, db, "cannot read");
				return -1;
			}
			if (has)
				continue;
			log_warnx("%s: %s: table %s has no column %s%s",
			    __func__, path, required[i].table, col,
			    strcmp(col, "groupID") == 0 ? " (a database of "
			    "statichcpd before port groups: it is migrated "
			    "at start)" : "");
			/* only a missing groupID is something start repairs */
			if (strcmp(col, "groupID") != 0)
				rc = -1;
		}
	}
	return rc;
}

/* Page-level consistency, without the cost of checking every index. */
static int
db_quick_check(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st;
	const char *res;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st,
	    NULL) != SQLITE_OK) {
		db_warn(__func__, path, db, "cannot check");
		return -1;
	}
	if (sqlite3_step(st) != SQLITE_ROW)
		db_warn(__func__, path, db, "cannot check");
	else if ((res = (const char *)sqlite3_column_text(st, 0)) == NULL ||
	    strcmp(res, "ok") != 0)
		log_warnx("%s: %s: damaged: %s", __func__, path,
		    res != NULL ? res : "?");
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int
dbinit_check(const char *db_path)
{
	struct stat sb;
	sqlite3 *db = NULL;
	int rc;

	if (stat(db_path, &sb) == -1) {
		if (errno == ENOENT) {
			log_warnx("%s: %s: no such database (statichcpd "
			    "creates it at start)", __func__, db_path);
			return 0;
		}
		log_warn("%s: %s", __func__, db_path);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		log_warnx("%s: %s: not a regular file", __func__, db_path);
		return -1;
	}
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		db_warn(__func__, db_path, db, "cannot open");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, DBINIT_BUSY_TIMEOUT_MS);
	rc = db_check_tables(db, db_path);
	if (rc == 0)
		rc = db_quick_check(db, db_path);
	if (sqlite3_close(db) != SQLITE_OK)
		db_warn(__func__, db_path, db, "close");
	return rc;
}
