#ifndef STATICHCPD_CLIENT4_H
#define STATICHCPD_CLIENT4_H

#include "responder/db.h"
#include "responder/dhcp4.h"

/* Parse the rows of res (which must outlive *c: values point into it). */
void	client4_from_rows(const struct db_result *res, const char *mac,
	    struct client4 *c);

#endif
