/*
 * One client lookup for both families, with what each outcome costs in
 * counters and log lines (SPEC 7): unknown clients are silent, a client
 * configured on two interfaces is an operator's error, a busy or broken
 * database is counted and the packet dropped.
 */
#include "common/attrs.h"
#include "common/log.h"
#include "responder/db.h"
#include "responder/iface.h"
#include "responder/responder.h"

int
serve_lookup(struct responder *r, struct iface *ifp, enum attr_family family,
    const char *key, struct db_result *res)
{
	const char *proto = family == ATTR_FAMILY_V6 ? "DHCPv6" : "DHCPv4";

	switch (db_lookup(r->db, family, ifp->info.name, key, res)) {
	case DB_FOUND:
		return 0;
	case DB_NOT_FOUND:
		COUNT(r, ifp, unknown_client);
		log_debug("%s: Client: %s Interface: %s: unknown client, "
		    "ignored", proto, key, ifp->info.name);
		return -1;
	case DB_MULTI_IFACE:
		COUNT(r, ifp, config_error);
		log_warnx("%s: Client: %s Interface: %s Status: Failed "
		    "(configured on more than one interface)", proto, key,
		    ifp->info.name);
		return -1;
	case DB_BUSY:
		COUNT(r, ifp, db_busy);
		return -1;
	default:
		COUNT(r, ifp, db_unavailable);
		return -1;
	}
}
