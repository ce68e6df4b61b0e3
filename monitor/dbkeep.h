#ifndef STATICHCPD_DBKEEP_H
#define STATICHCPD_DBKEEP_H

#include "common/attrs.h"

/* Hold the database open (see dbkeep.c); 0 or -1 (logged). */
int	dbkeep_open(const char *path);
/* Every few seconds: notice a replaced database, prepare and reopen it. */
void	dbkeep_tick(const char *path, const struct attr_table *v4,
	    const struct attr_table *v6);
/* Prepare (dbinit_prepare) on the held connection if it is still that
 * file, else open and hold it anew; 0 or -1 (logged). */
int	dbkeep_prepare(const char *path, const struct attr_table *v4,
	    const struct attr_table *v6);
void	dbkeep_close(void);

#endif
