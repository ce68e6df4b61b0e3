/*
 * The monitor keeps one read-write connection to the database open for its
 * whole life, with SQLITE_FCNTL_PERSIST_WAL set.  SQLite deletes -wal and
 * -shm when the last connection closes unless that connection persists
 * them; a controller's connection could otherwise be the last (while the
 * responder restarts), and the read-only responder, which cannot write the
 * directory, could then not open the database at all (SPEC 9).  Once every
 * few seconds the connection checks that the file is still the one it
 * opened; a database replaced under it is prepared again (WAL mode and
 * attribute tables) and reopened.  A missing database is not recreated
 * while running: that is the controller's business.
 */
#include <sys/stat.h>

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "monitor/dbinit.h"
#include "monitor/dbkeep.h"

static sqlite3	*keeper;
static char	 keeper_path[PATH_MAX];

void
dbkeep_close(void)
{
	if (keeper != NULL)
		sqlite3_close_v2(keeper);
	keeper = NULL;
}

static int
keeper_open(const char *path)
{
	sqlite3 *db = NULL;
	int on = 1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		sqlite3_close_v2(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10);
	sqlite3_file_control(db, NULL, SQLITE_FCNTL_PERSIST_WAL, &on);
	/* a read maps -shm and opens -wal: they exist from now on */
	if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL,
	    NULL) != SQLITE_OK) {
		sqlite3_close_v2(db);
		return -1;
	}
	dbkeep_close();
	keeper = db;
	snprintf(keeper_path, sizeof(keeper_path), "%s", path);
	return 0;
}

int
dbkeep_open(const char *path)
{
	if (keeper_open(path) < 0) {
		log_warnx("database %s: cannot keep a connection open; its "
		    "-wal and -shm files may go away", path);
		return -1;
	}
	return 0;
}

static int
moved(void)
{
	int m = 0;

	if (keeper == NULL)
		return 1;
	if (sqlite3_file_control(keeper, NULL, SQLITE_FCNTL_HAS_MOVED, &m) !=
	    SQLITE_OK)
		return 1;
	return m;
}

/* -wal and -shm take the owner the database had when they were made; a
 * group changed afterwards leaves the responder unable to read them. */
static void
check_wal_owner(const char *path)
{
	static int warned;
	struct stat db, side;
	char name[4200];
	const char *suffix[] = { "-wal", "-shm" };
	int bad = 0;
	size_t i;

	if (stat(path, &db) == -1)
		return;
	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		if (stat(name, &side) == 0 && (side.st_gid != db.st_gid ||
		    side.st_uid != db.st_uid))
			bad = 1;
	}
	if (bad && !warned)
		log_warnx("database %s: its -wal/-shm files have another owner "
		    "or group than the database: the responder may not read "
		    "them (chown them like the database)", path);
	warned = bad;
}

/*
 * SIGHUP: prepare the database on the connection held since start-up when
 * it is still the same file.  A fresh open may fail: the monitor has no
 * CAP_DAC_OVERRIDE any more, and a controller may own the file (0640).
 */
int
dbkeep_prepare(const char *path, const struct attr_table *v4,
    const struct attr_table *v6)
{
	int rc;

	if (keeper != NULL && strcmp(path, keeper_path) == 0 && !moved()) {
		rc = dbinit_prepare_open(keeper, path, v4, v6);
		sqlite3_busy_timeout(keeper, 10);
		return rc;
	}
	if (dbinit_prepare(path, v4, v6) < 0)
		return -1;
	dbkeep_open(path);
	return 0;
}

void
dbkeep_tick(const char *path, const struct attr_table *v4,
    const struct attr_table *v6)
{
	static int announced;

	check_wal_owner(path);
	if (!moved())
		return;
	dbkeep_close();
	if (access(path, F_OK) == -1) {
		if (!announced)
			log_warnx("database %s is gone: waiting for the "
			    "controller to restore it", path);
		announced = 1;
		return;
	}
	announced = 0;
	log_info("database %s was replaced: preparing it again", path);
	if (dbinit_prepare(path, v4, v6) == 0)
		dbkeep_open(path);
}
