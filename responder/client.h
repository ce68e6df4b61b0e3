#ifndef STATICHCPD_CLIENT_H
#define STATICHCPD_CLIENT_H

#include "responder/db.h"
#include "responder/dhcp4.h"
#include "responder/dhcp6.h"

/* Parse the rows of res (which must outlive *c: values point into it). */
void	client4_from_rows(const struct db_result *res, const char *mac,
	    struct client4 *c);
void	client6_from_rows(const struct db_result *res, const char *key,
	    struct client6 *c);

#endif
