/*
 * The responder's read-only view of the controller's database (SPEC
 * sections 4, 8 and 9).  The controller writes while we serve, so every
 * lookup is one short read transaction that ends with sqlite3_reset; a
 * busy database costs a few milliseconds and drops the packet; any other
 * failure takes the database out of service until db_tick() manages to
 * open a working connection again.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "common/log.h"
#include "responder/db.h"

#define DB_BUSY_TIMEOUT_MS	5	/* SPEC 9: a few ms, then drop */
#define DB_BUSY_RETRIES		3	/* RECOVERY happens under a busy writer */
#define DB_KEY_MAX		1024	/* longer than any key we build */
#define DB_WHY_MAX		256

enum { COL_CODE, COL_MAX_COUNT, COL_DATATYPE, COL_VALUE, COL_IFNAME };
enum { STMT_V4, STMT_V6, STMT_N };

/*
 * SPEC 4: if the receiving interface ?2 is in client_groups with a NULL
 * groupID only its own rows count, otherwise the rows of every interface
 * of its group.  client_groups.ifname is its primary key, so exactly one
 * arm of the UNION yields names: the group's members, or ?2 alone.  Written
 * as an IN list so SQLite searches (mac, ifname) per name instead of
 * scanning the table (statichcpd 3.09's CASE form scans it per packet).
 * ORDER BY rowid keeps lists in the order the controller inserted them.
 */
#define LOOKUP_SQL(cfg, key, attrs)					\
	"SELECT c.attr_code, v.max_count, v.datatype,"			\
	" CAST(c.attr_val AS TEXT), c.ifname"				\
	" FROM " cfg " AS c"						\
	" JOIN " attrs " AS v ON v.opcode = c.attr_code"		\
	" WHERE c." key " = ?1 AND c.ifname IN ("			\
	"SELECT g.ifname FROM client_groups AS g"			\
	" WHERE g.groupID = (SELECT r.groupID FROM client_groups AS r"	\
	" WHERE r.ifname = ?2)"						\
	" UNION ALL "							\
	"SELECT n.ifname FROM client_groups AS n"			\
	" WHERE n.ifname = ?2 AND n.groupID IS NULL)"			\
	" ORDER BY c.rowid"

static const char *const lookup_sql[STMT_N] = {
	[STMT_V4] = LOOKUP_SQL("client_configuration", "mac",
	    "valid_attributes"),
	[STMT_V6] = LOOKUP_SQL("client_v6configuration", "duid",
	    "valid_v6attributes"),
};

struct db {
	char		*path;
	sqlite3		*conn;		/* kept until a new one works */
	sqlite3_stmt	*stmt[STMT_N];
	int		 ok;		/* conn serves lookups */
	int		 down_logged;	/* "unavailable" said, "back" owed */
	int		 opened_once;
	struct db_stats	 stats;
};

/* What one pass over the rows saw, logged only when the pass completes. */
struct scan {
	int		multi;
	char		others[128];	/* other interfaces, for the log */
	size_t		skipped;	/* unreadable values, bad ifnames */
	uint32_t	skipped_code;
	size_t		dropped;	/* did not fit in the result */
};

const char *
db_lookup_sql(enum attr_family family)
{
	return lookup_sql[family == ATTR_FAMILY_V6 ? STMT_V6 : STMT_V4];
}

static void
stmts_close(sqlite3 *conn, sqlite3_stmt **st)
{
	int i;

	for (i = 0; i < STMT_N; i++) {
		sqlite3_finalize(st[i]);
		st[i] = NULL;
	}
	sqlite3_close_v2(conn);
}

/*
 * A connection counts as open only when both statements prepare: that is
 * the first read of the file, so a missing file, a file that is not
 * sqlite and a database without our tables all fail here.
 */
static int
conn_open(const char *path, sqlite3 **ret_conn, sqlite3_stmt **ret_st,
    char *why, size_t whylen)
{
	sqlite3_stmt *st[STMT_N] = { NULL };
	sqlite3 *conn = NULL;
	int rc, i;

	/*
	 * Never immutable=1: the controller changes the file under us.
	 * NOMUTEX: only the event loop's thread uses the connection, and
	 * SQLite's per-call mutexes were 6 % of a lookup's instructions.
	 */
	rc = sqlite3_open_v2(path, &conn,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_extended_result_codes(conn, 1);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(conn, DB_BUSY_TIMEOUT_MS);
	for (i = 0; rc == SQLITE_OK && i < STMT_N; i++)
		rc = sqlite3_prepare_v3(conn, lookup_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &st[i], NULL);
	if (rc != SQLITE_OK) {
		snprintf(why, whylen, "%s",
		    conn != NULL ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
		stmts_close(conn, st);
		return -1;
	}
	*ret_conn = conn;
	memcpy(ret_st, st, sizeof(st));
	return 0;
}

/* Out of service until db_tick() reopens; said once per outage. */
static void
db_down(struct db *db, const char *why)
{
	db->ok = 0;
	if (!db->down_logged)
		log_warnx("%s: database %s unavailable: %s", __func__,
		    db->path, why);
	db->down_logged = 1;
}

/* Open and prepare a new connection; the old one goes only after. */
static int
db_reopen(struct db *db)
{
	sqlite3_stmt *st[STMT_N];
	sqlite3 *conn;
	char why[DB_WHY_MAX];

	if (conn_open(db->path, &conn, st, why, sizeof(why)) == -1) {
		if (db->down_logged)
			log_debug("%s: %s: %s", __func__, db->path, why);
		db_down(db, why);
		return -1;
	}
	if (db->conn != NULL)
		stmts_close(db->conn, db->stmt);
	db->conn = conn;
	memcpy(db->stmt, st, sizeof(st));
	db->ok = 1;
	if (db->opened_once)
		db->stats.reopens++;
	db->opened_once = 1;
	if (db->down_logged)
		log_info("%s: database %s available", __func__, db->path);
	db->down_logged = 0;
	return 0;
}

/* The file we read was deleted or renamed: we would serve stale data. */
static int
db_has_moved(struct db *db)
{
	int moved = 0;

	if (db->conn == NULL)
		return 0;
	if (sqlite3_file_control(db->conn, "main", SQLITE_FCNTL_HAS_MOVED,
	    &moved) != SQLITE_OK)
		return 0;
	return moved != 0;
}

struct db *
db_open(const char *path)
{
	struct db *db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->path = strdup(path)) == NULL) {
		free(db);
		return NULL;
	}
	if (db_reopen(db) == 0)
		log_debug("%s: database %s open", __func__, path);
	return db;
}

void
db_tick(struct db *db)
{
	if (db->ok && db_has_moved(db))
		db_down(db, "file deleted or renamed");
	if (!db->ok)
		db_reopen(db);
}

int
db_is_open(const struct db *db)
{
	return db->ok;
}

const struct db_stats *
db_get_stats(const struct db *db)
{
	return &db->stats;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		stmts_close(db->conn, db->stmt);
	free(db->path);
	free(db);
}

static void
result_clear(struct db_result *r)
{
	r->ifname[0] = '\0';
	r->n = 0;
	r->arena_used = 0;
}

/* Note an interface other than the first one for the multi-iface log. */
static void
scan_other_iface(struct scan *sc, const char *name, int len)
{
	char esc[IFNAMSIZ * 4 + 1];
	size_t used = strlen(sc->others);

	log_escape(esc, sizeof(esc), name, (size_t)len);
	if (strstr(sc->others, esc) != NULL)
		return;
	snprintf(sc->others + used, sizeof(sc->others) - used, "%s%s",
	    used > 0 ? ", " : "", esc);
}

static void
scan_skip(sqlite3_stmt *st, struct scan *sc)
{
	if (sc->skipped++ == 0)
		sc->skipped_code = (uint32_t)sqlite3_column_int64(st, COL_CODE);
}

/*
 * The row's interface: the first one becomes the server interface, any
 * other marks the lookup as ambiguous.  0 when the row can be used.
 */
static int
scan_iface(sqlite3_stmt *st, struct db_result *r, struct scan *sc)
{
	const char *name = (const char *)sqlite3_column_text(st, COL_IFNAME);
	int len = sqlite3_column_bytes(st, COL_IFNAME);

	if (name == NULL)
		return -1;
	/* A name that cannot be an interface's cannot be served from. */
	if (len <= 0 || len >= IFNAMSIZ ||
	    memchr(name, '\0', (size_t)len) != NULL) {
		scan_skip(st, sc);
		return -1;
	}
	if (r->ifname[0] == '\0') {
		memcpy(r->ifname, name, (size_t)len);
		r->ifname[len] = '\0';
		return 0;
	}
	if (strcmp(r->ifname, name) != 0) {
		sc->multi = 1;
		scan_other_iface(sc, name, len);
		return -1;
	}
	return 0;
}

static int
column_u32(sqlite3_stmt *st, int col, uint32_t *ret)
{
	sqlite3_int64 v;

	if (sqlite3_column_type(st, col) != SQLITE_INTEGER)
		return -1;
	v = sqlite3_column_int64(st, col);
	if (v < 0 || v > UINT32_MAX)
		return -1;
	*ret = (uint32_t)v;
	return 0;
}

static void
scan_row(sqlite3_stmt *st, struct db_result *r, struct scan *sc)
{
	struct db_row *row;
	const char *val;
	uint32_t code, max_count, dtype;
	int len;

	if (scan_iface(st, r, sc) < 0)
		return;
	val = (const char *)sqlite3_column_text(st, COL_VALUE);
	len = sqlite3_column_bytes(st, COL_VALUE);
	/* A NUL inside would make a shorter value parse: not ours to guess. */
	if (val == NULL || len < 0 || memchr(val, '\0', (size_t)len) != NULL ||
	    column_u32(st, COL_CODE, &code) < 0 ||
	    column_u32(st, COL_MAX_COUNT, &max_count) < 0 ||
	    column_u32(st, COL_DATATYPE, &dtype) < 0 || dtype > INT32_MAX) {
		scan_skip(st, sc);
		return;
	}
	if (r->n >= DB_MAX_ROWS ||
	    (size_t)len + 1 > sizeof(r->arena) - r->arena_used) {
		sc->dropped++;
		return;
	}
	row = &r->rows[r->n++];
	row->opcode = code;
	row->max_count = max_count;
	row->datatype = (int)dtype;
	row->value = r->arena + r->arena_used;
	memcpy(r->arena + r->arena_used, val, (size_t)len);
	r->arena[r->arena_used + (size_t)len] = '\0';
	r->arena_used += (size_t)len + 1;
}

/* One pass: bind, read every row, reset.  Returns the sqlite code. */
static int
lookup_pass(sqlite3_stmt *st, const char *ifname, const char *key,
    struct db_result *r, struct scan *sc, char *why, size_t whylen)
{
	int rc;

	result_clear(r);
	memset(sc, 0, sizeof(*sc));
	rc = sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, ifname, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			scan_row(st, r, sc);
	if (rc != SQLITE_DONE)
		snprintf(why, whylen, "%s (%d)",
		    sqlite3_errmsg(sqlite3_db_handle(st)), rc);
	/* Ends the read transaction: the controller's checkpoints go on. */
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

static int
is_transient(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
	    rc == SQLITE_READONLY_RECOVERY || rc == SQLITE_READONLY_CANTINIT;
}

static enum db_status
lookup_done(const char *ifname, const char *key, struct db_result *r,
    const struct scan *sc)
{
	char first[IFNAMSIZ * 4 + 1];

	if (sc->multi) {
		log_escape(first, sizeof(first), r->ifname, strlen(r->ifname));
		log_warnx("%s: client %s on %s: configured on more than one "
		    "interface (%s, %s), not answering", __func__, key, ifname,
		    first, sc->others);
		/* nothing from an ambiguous configuration gets used */
		result_clear(r);
		return DB_MULTI_IFACE;
	}
	if (sc->skipped > 0)
		log_warnx("%s: client %s on %s: %zu rows with unreadable "
		    "values or interface names ignored (first code %u)",
		    __func__, key, ifname, sc->skipped, sc->skipped_code);
	if (sc->dropped > 0)
		log_warnx("%s: client %s on %s: %zu rows dropped, more than "
		    "%d rows or %d bytes", __func__, key, ifname, sc->dropped,
		    DB_MAX_ROWS, DB_ARENA_SIZE);
	return r->n > 0 ? DB_FOUND : DB_NOT_FOUND;
}

enum db_status
db_lookup(struct db *db, enum attr_family family, const char *ifname,
    const char *key, struct db_result *ret)
{
	sqlite3_stmt *st;
	struct scan sc;
	char why[DB_WHY_MAX];
	int rc, attempt;

	db->stats.lookups++;
	result_clear(ret);
	if (!db->ok)
		return DB_UNAVAILABLE;
	if ((family != ATTR_FAMILY_V4 && family != ATTR_FAMILY_V6) ||
	    ifname == NULL || key == NULL || strnlen(key, DB_KEY_MAX) ==
	    DB_KEY_MAX)
		return DB_NOT_FOUND;
	st = db->stmt[family == ATTR_FAMILY_V6 ? STMT_V6 : STMT_V4];
	/* READONLY_RECOVERY and friends clear up at once: retry at once. */
	for (attempt = 0;; attempt++) {
		rc = lookup_pass(st, ifname, key, ret, &sc, why, sizeof(why));
		if (rc == SQLITE_DONE)
			return lookup_done(ifname, key, ret, &sc);
		if (!is_transient(rc) || attempt == DB_BUSY_RETRIES)
			break;
	}
	result_clear(ret);
	if (is_transient(rc)) {
		db->stats.busy++;
		log_debug("%s: client %s on %s: %s", __func__, key, ifname,
		    why);
		if (db_has_moved(db))
			db_down(db, "file deleted or renamed");
		return DB_BUSY;
	}
	db->stats.errors++;
	db_down(db, db_has_moved(db) ? "file deleted or renamed" : why);
	return DB_UNAVAILABLE;
}
