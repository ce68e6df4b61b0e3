#include <stddef.h>
#include <string.h>

#include "common/stats.h"

#define NFIELDS	(sizeof(struct stats_counters) / sizeof(uint64_t))

void
stats_add(struct stats_counters *a, const struct stats_counters *b)
{
	uint64_t *pa = (uint64_t *)a;
	const uint64_t *pb = (const uint64_t *)b;
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		pa[i] += pb[i];
}

int
stats_is_zero(const struct stats_counters *c)
{
	const uint64_t *p = (const uint64_t *)c;
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static const char *v4_names[STATS_V4_TYPES] = { NULL, "discover", "offer",
    "request", "decline", "ack", "nak", "release", "inform" };
static const char *v6_names[STATS_V6_TYPES] = { NULL, "solicit",
    "advertise", "request", "confirm", "renew", "rebind", "reply",
    "release", "decline", "reconfigure", "information_request",
    "relay_forw", "relay_repl" };

static const struct {
	const char	*name;
	size_t		 off;
	const char	*help;
} scalars[] = {
	{ "unknown_clients", offsetof(struct stats_counters, unknown_client),
	    "Requests from clients not in the database" },
	{ "malformed", offsetof(struct stats_counters, malformed),
	    "Frames dropped as malformed or not for us" },
	{ "rate_limited", offsetof(struct stats_counters, rate_limited),
	    "Frames dropped while the interface was paused" },
	{ "rate_limit_pauses", offsetof(struct stats_counters, pauses),
	    "Times an interface was paused by dhcp_ratelimit" },
	{ "db_busy", offsetof(struct stats_counters, db_busy),
	    "Requests dropped because the database was locked" },
	{ "db_unavailable", offsetof(struct stats_counters, db_unavailable),
	    "Requests dropped because the database could not be read" },
	{ "config_errors", offsetof(struct stats_counters, config_error),
	    "Requests not answered because of inconsistent configuration" },
	{ "mac_mismatch", offsetof(struct stats_counters, mac_mismatch),
	    "Direct DHCPv4 requests whose Ethernet source is not chaddr" },
	{ "send_errors", offsetof(struct stats_counters, send_errors),
	    "Replies that could not be sent" },
};

#define NSCALARS	(sizeof(scalars) / sizeof(scalars[0]))

void
stats_write_prom_header(FILE *f)
{
	size_t i;

	fprintf(f, "# HELP statichcpd_dhcpv4_messages_total DHCPv4 messages "
	    "by direction and type\n"
	    "# TYPE statichcpd_dhcpv4_messages_total counter\n"
	    "# HELP statichcpd_dhcpv6_messages_total DHCPv6 messages "
	    "by direction and type\n"
	    "# TYPE statichcpd_dhcpv6_messages_total counter\n");
	for (i = 0; i < NSCALARS; i++)
		fprintf(f, "# HELP statichcpd_%s_total %s\n"
		    "# TYPE statichcpd_%s_total counter\n", scalars[i].name,
		    scalars[i].help, scalars[i].name);
}

static void
labels(char *buf, size_t len, const char *iface, const char *more)
{
	if (iface != NULL)
		snprintf(buf, len, "{interface=\"%s\"%s%s}", iface,
		    more[0] != '\0' ? "," : "", more);
	else if (more[0] != '\0')
		snprintf(buf, len, "{%s}", more);
	else
		buf[0] = '\0';
}

static void
write_types(FILE *f, const char *metric, const char *iface,
    const char **names, const uint64_t *in, const uint64_t *out, size_t n)
{
	char more[96], lab[160];
	size_t t;

	for (t = 1; t < n; t++) {
		if (in[t] != 0 || iface == NULL) {
			snprintf(more, sizeof(more),
			    "direction=\"in\",type=\"%s\"", names[t]);
			labels(lab, sizeof(lab), iface, more);
			fprintf(f, "%s%s %llu\n", metric, lab,
			    (unsigned long long)in[t]);
		}
		if (out[t] != 0 || iface == NULL) {
			snprintf(more, sizeof(more),
			    "direction=\"out\",type=\"%s\"", names[t]);
			labels(lab, sizeof(lab), iface, more);
			fprintf(f, "%s%s %llu\n", metric, lab,
			    (unsigned long long)out[t]);
		}
	}
}

void
stats_write_prom(FILE *f, const char *iface, const struct stats_counters *c)
{
	char lab[96];
	size_t i;

	write_types(f, "statichcpd_dhcpv4_messages_total", iface, v4_names,
	    c->v4_in, c->v4_out, STATS_V4_TYPES);
	write_types(f, "statichcpd_dhcpv6_messages_total", iface, v6_names,
	    c->v6_in, c->v6_out, STATS_V6_TYPES);
	labels(lab, sizeof(lab), iface, "");
	for (i = 0; i < NSCALARS; i++) {
		uint64_t v;

		memcpy(&v, (const char *)c + scalars[i].off, sizeof(v));
		if (v != 0 || iface == NULL)
			fprintf(f, "statichcpd_%s_total%s %llu\n",
			    scalars[i].name, lab, (unsigned long long)v);
	}
}

static uint64_t
sum(const uint64_t *a, size_t n)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += a[i];
	return s;
}

void
stats_format(char *buf, size_t len, const struct stats_counters *c)
{
	snprintf(buf, len, "v4 in %llu (discover %llu request %llu inform "
	    "%llu) out %llu (offer %llu ack %llu nak %llu); v6 in %llu out "
	    "%llu; unknown %llu malformed %llu rate-limited %llu (pauses "
	    "%llu) db-busy %llu db-unavailable %llu config-errors %llu "
	    "send-errors %llu",
	    (unsigned long long)sum(c->v4_in, STATS_V4_TYPES),
	    (unsigned long long)c->v4_in[1], (unsigned long long)c->v4_in[3],
	    (unsigned long long)c->v4_in[8],
	    (unsigned long long)sum(c->v4_out, STATS_V4_TYPES),
	    (unsigned long long)c->v4_out[2], (unsigned long long)c->v4_out[5],
	    (unsigned long long)c->v4_out[6],
	    (unsigned long long)sum(c->v6_in, STATS_V6_TYPES),
	    (unsigned long long)sum(c->v6_out, STATS_V6_TYPES),
	    (unsigned long long)c->unknown_client,
	    (unsigned long long)c->malformed,
	    (unsigned long long)c->rate_limited,
	    (unsigned long long)c->pauses, (unsigned long long)c->db_busy,
	    (unsigned long long)c->db_unavailable,
	    (unsigned long long)c->config_error,
	    (unsigned long long)c->send_errors);
}
