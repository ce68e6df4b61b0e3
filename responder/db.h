/*
 * The responder's read-only view of the controller's database (SPEC
 * sections 4 and 9): one SQLITE_OPEN_READONLY connection, statements
 * prepared once, reset right after each lookup so no read transaction stays
 * open; busy -> short retry then drop; any other error -> reopen (new
 * connection first, old closed only when the new one works), retried once
 * a second by db_tick().
 */
#ifndef STATICHCPD_DB_H
#define STATICHCPD_DB_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "common/attrs.h"

#define DB_MAX_ROWS	512
#define DB_ARENA_SIZE	32768

struct db_row {
	uint32_t	 opcode;
	uint32_t	 max_count;
	int		 datatype;
	const char	*value;		/* NUL-terminated text in the arena */
};

struct db_result {
	char		ifname[IFNAMSIZ];	/* server interface of the rows */
	size_t		n;
	struct db_row	rows[DB_MAX_ROWS];	/* in rowid (insertion) order */
	size_t		arena_used;
	char		arena[DB_ARENA_SIZE];
};

enum db_status {
	DB_FOUND = 0,		/* n > 0 rows, all from result->ifname */
	DB_NOT_FOUND,		/* unknown client */
	DB_MULTI_IFACE,		/* rows on more than one interface: logged */
	DB_BUSY,		/* locked by a writer: drop the packet */
	DB_UNAVAILABLE,		/* not open / failed: reopen pending */
};

struct db_stats {
	uint64_t	lookups;
	uint64_t	busy;
	uint64_t	errors;
	uint64_t	reopens;
};

struct db;

/* Never fails for a bad database: the handle starts closed and db_tick()
 * keeps trying.  NULL only when out of memory. */
struct db	*db_open(const char *path);
/* Look up the client: family picks client_configuration/valid_attributes
 * (key = "aa:bb:cc:dd:ee:ff") or client_v6configuration (key = DUID key);
 * ifname is the receiving interface (group rules of SPEC section 4). */
enum db_status	 db_lookup(struct db *, enum attr_family, const char *ifname,
		    const char *key, struct db_result *ret);
/* Once a second: reopen when needed, check SQLITE_FCNTL_HAS_MOVED. */
void		 db_tick(struct db *);
int		 db_is_open(const struct db *);
const struct db_stats *db_get_stats(const struct db *);
void		 db_close(struct db *);
/* The lookup statement's SQL (for EXPLAIN QUERY PLAN in tests and -t). */
const char	*db_lookup_sql(enum attr_family);

#endif
