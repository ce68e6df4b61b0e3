/*
 * Database set-up done by the privileged monitor at start and on reload
 * (SPEC sections 4 and 9): attribute CSVs, schema, migration of pre-groupID
 * databases, WAL, and the validation tables.
 */
#ifndef STATICHCPD_DBINIT_H
#define STATICHCPD_DBINIT_H

#include <sqlite3.h>

#include "common/attrs.h"
#include "common/config.h"

/*
 * Read the default and then the additional attribute file (if set) of each
 * family.  *v4 and *v6 are replaced only on success, so a failed reload
 * keeps the last good tables.  Problems are logged as "file:line: ...".
 * Returns 0 or -1.
 */
int	dbinit_load_attrs(const struct config *, struct attr_table *v4,
	    struct attr_table *v6);

/*
 * Open (creating it 0640 if missing) the database read-write, switch it to
 * WAL, migrate a pre-groupID database, apply the schema, replace the rows
 * of valid_attributes / valid_v6attributes in one transaction, and close it
 * with the -wal and -shm files left in place for the read-only responder.
 * Returns 0 or -1 (logged with the path and sqlite's message); no
 * transaction is left open.
 */
int	dbinit_prepare(const char *db_path, const struct attr_table *v4,
	    const struct attr_table *v6);

/*
 * The same on a read-write connection the caller holds (and keeps): after
 * start-up the monitor has no CAP_DAC_OVERRIDE and may not be able to open
 * a database its controller owns again.
 */
int	dbinit_prepare_open(sqlite3 *db, const char *db_path,
	    const struct attr_table *v4, const struct attr_table *v6);

/*
 * For "statichcpd -t": open read-only and report (log_warnx) a missing
 * file, a file that is not a database, and missing tables or columns.
 * Changes nothing.  Returns 0 if the daemon can use it as is, else -1.
 */
int	dbinit_check(const char *db_path);

#endif
