/*
 * From database rows to a DHCPv4 client configuration.  Rows are only
 * semi-trusted: a value that does not parse for its datatype is skipped
 * with a log line naming interface, client, code and value; the others
 * still serve (SPEC section 4).
 */
#include <string.h>

#include "common/log.h"
#include "responder/client.h"

static void
bad_row(const char *proto, const char *ifname, const char *key,
    const struct db_row *row)
{
	char esc[128];

	log_escape(esc, sizeof(esc), row->value, strlen(row->value));
	log_warnx("%s: Client: %s Interface: %s: attribute %u value "
	    "'%s' is not a valid %s: row skipped", proto, key, ifname,
	    row->opcode, esc, attr_datatype_name(row->datatype));
}

void
client4_from_rows(const struct db_result *res, const char *mac,
    struct client4 *c)
{
	size_t i;

	memset(c, 0, offsetof(struct client4, values));
	for (i = 0; i < res->n; i++) {
		const struct db_row *row = &res->rows[i];
		struct attr_value v;

		if (attrval_parse(row->datatype, row->value, &v) < 0) {
			bad_row("DHCPv4", res->ifname, mac, row);
			continue;
		}
		if (row->opcode == ATTR_V4_ADDRESS && v.datatype == ATTR_IPV4) {
			if (!c->has_address) {
				c->has_address = true;
				c->address = v.u.ipv4;
			}
		} else if (row->opcode == ATTR_V4_SERVER_ID &&
		    v.datatype == ATTR_IPV4) {
			if (!c->has_server_id) {
				c->has_server_id = true;
				c->server_id = v.u.ipv4;
			}
		} else if (row->opcode >= 1 && row->opcode <= 254 &&
		    c->n < CLIENT4_MAX_VALUES) {
			c->values[c->n].code = row->opcode;
			c->values[c->n].max_count = row->max_count;
			c->values[c->n].val = v;
			c->n++;
		}
	}
}

void
client6_from_rows(const struct db_result *res, const char *key,
    struct client6 *c)
{
	size_t i;

	c->n = 0;
	for (i = 0; i < res->n; i++) {
		const struct db_row *row = &res->rows[i];
		struct attr_value v;

		if (attrval_parse(row->datatype, row->value, &v) < 0) {
			bad_row("DHCPv6", res->ifname, key, row);
			continue;
		}
		if (row->opcode > 0xffff || c->n >= CLIENT6_MAX_VALUES)
			continue;
		c->values[c->n].code = row->opcode;
		c->values[c->n].max_count = row->max_count;
		c->values[c->n].val = v;
		c->n++;
	}
}
