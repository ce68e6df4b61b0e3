/*
 * Attribute definitions: datatype and opcode names, and the CSV files that
 * say which attribute codes a controller may use (SPEC section 4).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/attrs.h"
#include "common/log.h"

struct opname {
	const char	*name;
	uint16_t	 code;
};

/* Indexed by enum attr_datatype. */
static const char *const datatype_names[] = {
	[ATTR_IPV4] = "IPV4",
	[ATTR_IPV6] = "IPV6",
	[ATTR_INT16] = "INT16",
	[ATTR_INT32] = "INT32",
	[ATTR_STRING] = "STRING",
	[ATTR_STATICRT] = "STATICRT",
	[ATTR_IA] = "IA",
	[ATTR_PD] = "PD",
	[ATTR_DOMAIN] = "DOMAIN",
};

/*
 * The DHCP_OPT_* names of Python's dpkt.dhcp, which statichcpd 3.x resolved
 * CSV opcodes against; the numbers are those of RFC 2132.  Kept without
 * the prefix: the prefix is optional in a CSV.
 */
static const struct opname v4_names[] = {
	{ "NETMASK", 1 },		{ "TIMEOFFSET", 2 },
	{ "ROUTER", 3 },		{ "TIMESERVER", 4 },
	{ "NAMESERVER", 5 },		{ "DNS_SVRS", 6 },
	{ "LOGSERV", 7 },		{ "COOKIESERV", 8 },
	{ "LPRSERV", 9 },		{ "IMPSERV", 10 },
	{ "RESSERV", 11 },		{ "HOSTNAME", 12 },
	{ "BOOTFILESIZE", 13 },		{ "DUMPFILE", 14 },
	{ "DOMAIN", 15 },		{ "SWAPSERV", 16 },
	{ "ROOTPATH", 17 },		{ "EXTENPATH", 18 },
	{ "IPFORWARD", 19 },		{ "SRCROUTE", 20 },
	{ "POLICYFILTER", 21 },		{ "MAXASMSIZE", 22 },
	{ "IPTTL", 23 },		{ "MTUTIMEOUT", 24 },
	{ "MTUTABLE", 25 },		{ "MTUSIZE", 26 },
	{ "LOCALSUBNETS", 27 },		{ "BROADCASTADDR", 28 },
	{ "DOMASKDISCOV", 29 },		{ "MASKSUPPLY", 30 },
	{ "DOROUTEDISC", 31 },		{ "ROUTERSOLICIT", 32 },
	{ "STATICROUTE", 33 },		{ "TRAILERENCAP", 34 },
	{ "ARPTIMEOUT", 35 },		{ "ETHERENCAP", 36 },
	{ "TCPTTL", 37 },		{ "TCPKEEPALIVE", 38 },
	{ "TCPALIVEGARBAGE", 39 },	{ "NISDOMAIN", 40 },
	{ "NISSERVERS", 41 },		{ "NISTIMESERV", 42 },
	{ "VENDSPECIFIC", 43 },		{ "NBNS", 44 },
	{ "NBDD", 45 },			{ "NBTCPIP", 46 },
	{ "NBTCPSCOPE", 47 },		{ "XFONT", 48 },
	{ "XDISPLAYMGR", 49 },		{ "REQ_IP", 50 },
	{ "LEASE_SEC", 51 },		{ "OPTIONOVERLOAD", 52 },
	{ "MSGTYPE", 53 },		{ "SERVER_ID", 54 },
	{ "PARAM_REQ", 55 },		{ "MESSAGE", 56 },
	{ "MAXMSGSIZE", 57 },		{ "RENEWTIME", 58 },
	{ "REBINDTIME", 59 },		{ "VENDOR_ID", 60 },
	{ "CLIENT_ID", 61 },		{ "NISPLUSDOMAIN", 64 },
	{ "NISPLUSSERVERS", 65 },	{ "MOBILEIPAGENT", 68 },
	{ "SMTPSERVER", 69 },		{ "POP3SERVER", 70 },
	{ "NNTPSERVER", 71 },		{ "WWWSERVER", 72 },
	{ "FINGERSERVER", 73 },		{ "IRCSERVER", 74 },
	{ "STSERVER", 75 },		{ "STDASERVER", 76 },
};

/*
 * The DHCP6_OPT_* names statichcpd 3.x defined (RFC 8415 section 21 and
 * the IANA registry), again without the prefix.
 */
static const struct opname v6_names[] = {
	{ "CLIENTID", 1 },		{ "SERVERID", 2 },
	{ "IA_NA", 3 },			{ "IA_TA", 4 },
	{ "IAADDR", 5 },		{ "ORO", 6 },
	{ "PREFERENCE", 7 },		{ "ELAPSED_TIME", 8 },
	{ "RELAY_MSG", 9 },		{ "AUTH", 11 },
	{ "UNICAST", 12 },		{ "STATUS_CODE", 13 },
	{ "RAPID_COMMIT", 14 },		{ "USER_CLASS", 15 },
	{ "VENDOR_CLASS", 16 },		{ "VENDOR_OPTS", 17 },
	{ "INTERFACE_ID", 18 },		{ "RECONF_MSG", 19 },
	{ "RECONF_ACCEPT", 20 },	{ "SIP_SERVER_D", 21 },
	{ "SIP_SERVER_A", 22 },		{ "DNS_SERVERS", 23 },
	{ "DOMAIN_LIST", 24 },		{ "IA_PD", 25 },
	{ "IAPREFIX", 26 },		{ "NIS_SERVERS", 27 },
	{ "NISP_SERVERS", 28 },		{ "NIS_DOMAIN_NAME", 29 },
	{ "NISP_DOMAIN_NAME", 30 },	{ "SNTP_SERVERS", 31 },
	{ "INFORMATION_REFRESH_TIME", 32 },
	{ "BCMCS_SERVER_D", 33 },	{ "BCMCS_SERVER_A", 34 },
	{ "GEOCONF_CIVIC", 36 },	{ "REMOTE_ID", 37 },
	{ "SUBSCRIBER_ID", 38 },	{ "CLIENT_FQDN", 39 },
	{ "PANA_AGENT", 40 },		{ "NEW_POSIX_TIMEZONE", 41 },
	{ "NEW_TZDB_TIMEZONE", 42 },	{ "ERO", 43 },
	{ "LQ_QUERY", 44 },		{ "CLIENT_DATA", 45 },
	{ "CLT_TIME", 46 },		{ "LQ_RELAY_DATA", 47 },
	{ "LQ_CLIENT_LINK", 48 },	{ "MIP6_HNIDF", 49 },
	{ "MIP6_VDINF", 50 },		{ "V6_LOST", 51 },
	{ "CAPWAP_AC_V6", 52 },		{ "RELAY_ID", 53 },
	{ "ADDRESS_MOS", 54 },		{ "FQDN_MOS", 55 },
	{ "NTP_SERVER", 56 },		{ "V6_ACCESS_DOMAIN", 57 },
	{ "SIP_UA_CS_LIST", 58 },	{ "BOOTFILE_URL", 59 },
	{ "BOOTFILE_PARAM", 60 },	{ "CLIENT_ARCH_TYPE", 61 },
	{ "NII", 62 },			{ "GEOLOCATION", 63 },
	{ "AFTR_NAME", 64 },		{ "ERP_LOCAL_DOMAIN_NAME", 65 },
	{ "RSOO", 66 },			{ "PD_EXCLUDE", 67 },
	{ "VSS", 68 },			{ "MIP6_IDINF", 69 },
	{ "MIP6_UDINF", 70 },		{ "MIP6_HNP", 71 },
	{ "MIP6_HAA", 72 },		{ "MIP6_HAF", 73 },
	{ "RDNSS_SELECTION", 74 },	{ "KRB_PRINCIPAL_NAME", 75 },
	{ "KRB_REALM_NAME", 76 },	{ "KRB_DEFAULT_REALM_NAME", 77 },
	{ "KRB_KDC", 78 },		{ "CLIENT_LINKLAYER_ADDR", 79 },
	{ "LINK_ADDRESS", 80 },		{ "RADIUS", 81 },
	{ "SOL_MAX_RT", 82 },		{ "INF_MAX_RT", 83 },
	{ "ADDRSEL", 84 },		{ "ADDRSEL_TABLE", 85 },
	{ "V6_PCP_SERVER", 86 },	{ "DHCPV4_MSG", 87 },
	{ "DHCP4_O_DHCP6_SERVER", 88 },	{ "S46_RULE", 89 },
	{ "S46_BR", 90 },		{ "S46_DMR", 91 },
	{ "S46_V4V6BIND", 92 },		{ "S46_PORTPARAMS", 93 },
	{ "S46_CONT_MAPE", 94 },	{ "S46_CONT_MAPT", 95 },
	{ "S46_CONT_LW", 96 },		{ "4RD", 97 },
	{ "4RD_MAP_RULE", 98 },		{ "4RD_NON_MAP_RULE", 99 },
	{ "LQ_BASE_TIME", 100 },	{ "LQ_START_TIME", 101 },
	{ "LQ_END_TIME", 102 },		{ "MPL_PARAMETERS", 104 },
	{ "ANI_ATT", 105 },		{ "ANI_NETWORK_NAME", 106 },
	{ "ANI_AP_NAME", 107 },		{ "ANI_AP_BSSID", 108 },
	{ "ANI_OPERATOR_ID", 109 },	{ "ANI_OPERATOR_REALM", 110 },
	{ "S46_PRIORITY", 111 },	{ "MUD_URL_V6", 112 },
	{ "V6_PREFIX64", 113 },		{ "F_BINDING_STATUS", 114 },
	{ "F_CONNECT_FLAGS", 115 },	{ "F_DNS_REMOVAL_INFO", 116 },
	{ "F_DNS_HOST_NAME", 117 },	{ "F_DNS_ZONE_NAME", 118 },
	{ "F_DNS_FLAGS", 119 },		{ "F_EXPIRATION_TIME", 120 },
	{ "F_MAX_UNACKED_BNDUPD", 121 },{ "F_MCLT", 122 },
	{ "F_PARTNER_LIFETIME", 123 },	{ "F_PARTNER_LIFETIME_SENT", 124 },
	{ "F_PARTNER_DOWN_TIME", 125 },	{ "F_PARTNER_RAW_CLT_TIME", 126 },
	{ "F_PROTOCOL_VERSION", 127 },	{ "F_KEEPALIVE_TIME", 128 },
	{ "F_RECONFIGURE_DATA", 129 },	{ "F_RELATIONSHIP_NAME", 130 },
	{ "F_SERVER_FLAGS", 131 },	{ "F_SERVER_STATE", 132 },
	{ "F_START_TIME_OF_STATE", 133 },
	{ "F_STATE_EXPIRATION_TIME", 134 },
	{ "RELAY_PORT", 135 },		{ "V6_SZTP_REDIRECT", 136 },
	{ "S46_BIND_IPV6_PREFIX", 137 },{ "IA_LL", 138 },
	{ "LLADDR", 139 },		{ "SLAP_QUAD", 140 },
	{ "V6_DOTS_RI", 141 },		{ "V6_DOTS_ADDRESS", 142 },
};

/* 3.x's own names for codes outside the option space, full names only. */
static const struct opname v4_special[] = {
	{ "DHCP_IP_OPCODE", ATTR_V4_ADDRESS },
	{ "DHCP_NON_DEFAULT_SERVERID_OPCODE", ATTR_V4_SERVER_ID },
};

static const struct opname v6_special[] = {
	/* 3.x resolved every name in either file: keep these two for v6 */
	{ "DHCP_IP_OPCODE", ATTR_V4_ADDRESS },
	{ "DHCP_NON_DEFAULT_SERVERID_OPCODE", ATTR_V4_SERVER_ID },
	{ "DHCP6_NON_DEFAULT_T1", ATTR_V6_T1 },
	{ "DHCP6_NON_DEFAULT_T2", ATTR_V6_T2 },
	{ "DHCP6_NON_DEFAULT_PREF_LIFETIME", ATTR_V6_PREF_LIFETIME },
	{ "DHCP6_NON_DEFAULT_VALID_LIFETIME", ATTR_V6_VALID_LIFETIME },
};

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/* The part of s between leading and trailing blanks. */
static void
trim_span(const char *s, const char **ret_p, size_t *ret_n)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	*ret_p = s;
	*ret_n = n;
}

static int
span_eq(const char *p, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(p, name, n) == 0;
}

static const struct opname *
opname_find(const struct opname *tab, size_t ntab, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < ntab; i++)
		if (span_eq(p, n, tab[i].name))
			return &tab[i];
	return NULL;
}

/* Decimal digits only (no sign, no blanks), at most max. */
static int
parse_decimal(const char *p, size_t n, uint32_t max, uint32_t *ret)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
		if (v > max)
			return -1;
	}
	*ret = (uint32_t)v;
	return 0;
}

int
attr_datatype_from_name(const char *name)
{
	const char *p;
	size_t i, n;

	trim_span(name, &p, &n);
	for (i = 0; i < nitems(datatype_names); i++)
		if (datatype_names[i] != NULL &&
		    span_eq(p, n, datatype_names[i]))
			return (int)i;
	return -1;
}

const char *
attr_datatype_name(int datatype)
{
	if (datatype <= 0 || (size_t)datatype >= nitems(datatype_names) ||
	    datatype_names[datatype] == NULL)
		return "UNKNOWN";
	return datatype_names[datatype];
}

int
attr_opcode_parse(const char *s, enum attr_family family, uint32_t *ret)
{
	const struct opname *names, *special, *o;
	const char *p, *prefix;
	size_t n, nnames, nspecial, plen;

	trim_span(s, &p, &n);
	if (n > 0 && p[0] >= '0' && p[0] <= '9')
		return parse_decimal(p, n, UINT16_MAX, ret);

	if (family == ATTR_FAMILY_V4) {
		names = v4_names;
		nnames = nitems(v4_names);
		special = v4_special;
		nspecial = nitems(v4_special);
		prefix = "DHCP_OPT_";
	} else if (family == ATTR_FAMILY_V6) {
		names = v6_names;
		nnames = nitems(v6_names);
		special = v6_special;
		nspecial = nitems(v6_special);
		prefix = "DHCP6_OPT_";
	} else
		return -1;

	if ((o = opname_find(special, nspecial, p, n)) != NULL) {
		*ret = o->code;
		return 0;
	}
	/* 3.x wanted the prefix; the bare name is a convenience of ours */
	plen = strlen(prefix);
	if (n > plen && strncasecmp(p, prefix, plen) == 0) {
		p += plen;
		n -= plen;
	}
	if ((o = opname_find(names, nnames, p, n)) == NULL)
		return -1;
	*ret = o->code;
	return 0;
}

int
attr_table_set(struct attr_table *t, const struct attr_def *def)
{
	size_t i;

	if (def->max_count == 0 || def->opcode > UINT16_MAX ||
	    def->datatype < ATTR_IPV4 || def->datatype > ATTR_DOMAIN)
		return -EINVAL;
	for (i = 0; i < t->n; i++) {
		if (t->defs[i].opcode == def->opcode) {
			t->defs[i] = *def;
			return 0;
		}
	}
	if (t->n >= ATTR_TABLE_MAX)
		return -ENOSPC;
	t->defs[t->n++] = *def;
	return 0;
}

#define CSV_MAXFIELDS	8

/*
 * Split line at commas into at most max fields, each trimmed of blanks and
 * of one pair of enclosing double quotes (Python's csv module, which 3.x
 * read these files with, removes them).  Returns the number of fields, or
 * -1 when there are more.
 */
static int
split_fields(char *line, char **fld, int max)
{
	char *p = line, *comma, *end;
	int n = 0;

	for (;;) {
		if (n == max)
			return -1;
		if ((comma = strchr(p, ',')) != NULL)
			*comma = '\0';
		while (is_blank(*p))
			p++;
		end = p + strlen(p);
		while (end > p && is_blank(end[-1]))
			*--end = '\0';
		if (end - p >= 2 && p[0] == '"' && end[-1] == '"') {
			end[-1] = '\0';
			p++;
		}
		fld[n++] = p;
		if (comma == NULL)
			return n;
		p = comma + 1;
	}
}

/*
 * Exactly three fields; empty ones after them are tolerated (3.x ignored
 * extra columns, and spreadsheets like to leave a trailing comma).
 */
static int
split_row(char *line, char **fld)
{
	int i, n;

	if ((n = split_fields(line, fld, CSV_MAXFIELDS)) < 3)
		return -1;
	for (i = 3; i < n; i++)
		if (*fld[i] != '\0')
			return -1;
	return 0;
}

static int
csv_header_ok(char *line)
{
	char *fld[CSV_MAXFIELDS];

	return split_row(line, fld) == 0 &&
	    strcasecmp(fld[0], "opcode") == 0 &&
	    strcasecmp(fld[1], "max_count") == 0 &&
	    strcasecmp(fld[2], "datatype") == 0;
}

/* One data row into *ret; problems are logged as "file:line: ...". */
static int
csv_row(const char *path, unsigned lineno, char *line,
    enum attr_family family, struct attr_def *ret)
{
	char *fld[CSV_MAXFIELDS], esc[96];
	uint32_t opcode, count;
	int dt;

	if (split_row(line, fld) == -1) {
		log_warnx("%s:%u: expected 3 fields: opcode,max_count,datatype",
		    path, lineno);
		return -1;
	}
	if (attr_opcode_parse(fld[0], family, &opcode) == -1) {
		log_escape(esc, sizeof(esc), fld[0], strlen(fld[0]));
		log_warnx("%s:%u: unknown opcode \"%s\" (a number 0-65535 or a "
		    "DHCP%s option name)", path, lineno, esc,
		    family == ATTR_FAMILY_V6 ? "v6" : "v4");
		return -1;
	}
	if (parse_decimal(fld[1], strlen(fld[1]), INT32_MAX, &count) == -1 ||
	    count == 0) {
		log_escape(esc, sizeof(esc), fld[1], strlen(fld[1]));
		log_warnx("%s:%u: bad max_count \"%s\" (a positive integer)",
		    path, lineno, esc);
		return -1;
	}
	if ((dt = attr_datatype_from_name(fld[2])) == -1) {
		log_escape(esc, sizeof(esc), fld[2], strlen(fld[2]));
		log_warnx("%s:%u: unknown datatype \"%s\" (IPV4 IPV6 INT16 "
		    "INT32 STRING STATICRT IA PD DOMAIN)", path, lineno, esc);
		return -1;
	}
	ret->opcode = opcode;
	ret->max_count = count;
	ret->datatype = dt;
	return 0;
}

static void
chomp(char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
}

static int
is_blank_line(const char *s)
{
	while (is_blank(*s))
		s++;
	return *s == '\0';
}

int
attr_csv_load(const char *path, enum attr_family family, struct attr_table *t)
{
	struct attr_def def;
	char *line = NULL, *p;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	int rc = 0;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		log_warn("%s: cannot read attribute file", path);
		return -1;
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		lineno++;
		chomp(line, (size_t)len);
		p = line;
		if (lineno == 1) {
			/* a UTF-8 byte order mark, as some editors write */
			if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
				p += 3;
			if (!csv_header_ok(p)) {
				log_warnx("%s:1: header must be "
				    "\"opcode,max_count,datatype\"", path);
				rc = -1;
				break;
			}
			continue;
		}
		if (is_blank_line(p))
			continue;
		if (csv_row(path, lineno, p, family, &def) == -1) {
			rc = -1;
			continue;
		}
		if (attr_table_set(t, &def) < 0) {
			log_warnx("%s:%u: more than %d attributes", path,
			    lineno, ATTR_TABLE_MAX);
			rc = -1;
		}
	}
	if (ferror(f)) {
		log_warn("%s: read error", path);
		rc = -1;
	} else if (lineno == 0) {
		log_warnx("%s: empty file, expected the header "
		    "\"opcode,max_count,datatype\"", path);
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}
