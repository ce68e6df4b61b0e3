/*
 * Counters (SPEC section 7).  The responder counts, per interface and in
 * total, and reports to the monitor every STATS_REPORT_S seconds; the
 * monitor keeps the sums across responder restarts, dumps them to the log
 * on SIGUSR1 and writes them in Prometheus text format.  All 64-bit.
 */
#ifndef STATICHCPD_STATS_H
#define STATICHCPD_STATS_H

#include <net/if.h>
#include <stdint.h>
#include <stdio.h>

#define STATS_REPORT_S		2
#define STATS_V4_TYPES		9	/* DHCPv4 message types 1..8 */
#define STATS_V6_TYPES		14	/* DHCPv6 message types 1..13 */

struct stats_counters {
	uint64_t	v4_in[STATS_V4_TYPES];
	uint64_t	v4_out[STATS_V4_TYPES];
	uint64_t	v6_in[STATS_V6_TYPES];
	uint64_t	v6_out[STATS_V6_TYPES];
	uint64_t	unknown_client;
	uint64_t	malformed;
	uint64_t	rate_limited;	/* frames dropped while paused */
	uint64_t	pauses;
	uint64_t	db_busy;
	uint64_t	db_unavailable;
	uint64_t	config_error;	/* e.g. rows on two interfaces */
	uint64_t	mac_mismatch;	/* Ethernet source != chaddr */
	uint64_t	send_errors;
};

/* a += b, field by field */
void	stats_add(struct stats_counters *a, const struct stats_counters *b);
int	stats_is_zero(const struct stats_counters *);
/* One Prometheus sample group for c; iface NULL for the totals. */
void	stats_write_prom(FILE *, const char *iface,
	    const struct stats_counters *c);
/* The # HELP / # TYPE header lines, once per file. */
void	stats_write_prom_header(FILE *);
/* A one-line summary for the log. */
void	stats_format(char *buf, size_t len, const struct stats_counters *);

#endif
