/*
 * Attribute definitions (SPEC section 4): datatypes, symbolic opcode names,
 * the special codes above 255 and the attribute CSV files that fill
 * valid_attributes / valid_v6attributes.
 */
#ifndef STATICHCPD_ATTRS_H
#define STATICHCPD_ATTRS_H

#include <stddef.h>
#include <stdint.h>

enum attr_datatype {
	ATTR_IPV4	= 1,
	ATTR_IPV6	= 2,
	ATTR_INT16	= 3,
	ATTR_INT32	= 4,
	ATTR_STRING	= 5,
	ATTR_STATICRT	= 6,
	ATTR_IA		= 7,
	ATTR_PD		= 8,
	ATTR_DOMAIN	= 9,
};

/* Codes outside the DHCP option space. */
#define ATTR_V4_ADDRESS		256
#define ATTR_V4_SERVER_ID	258
#define ATTR_V6_T1		259
#define ATTR_V6_T2		260
#define ATTR_V6_PREF_LIFETIME	261
#define ATTR_V6_VALID_LIFETIME	262

#define ATTR_TABLE_MAX		1024

struct attr_def {
	uint32_t	opcode;
	uint32_t	max_count;
	int		datatype;	/* enum attr_datatype */
};

struct attr_table {
	struct attr_def	defs[ATTR_TABLE_MAX];
	size_t		n;
};

enum attr_family { ATTR_FAMILY_V4 = 4, ATTR_FAMILY_V6 = 6 };

/* "IPV4" -> ATTR_IPV4 etc.; -1 when unknown.  Surrounding blanks ignored. */
int	attr_datatype_from_name(const char *);
const char *attr_datatype_name(int datatype);

/*
 * An opcode as written in a CSV: decimal, or a symbolic name of the family
 * (DHCP_OPT_ROUTER, ROUTER, DHCP6_OPT_DNS_SERVERS, DHCP6_NON_DEFAULT_T1...).
 * Returns 0 and sets *ret, or -1.
 */
int	attr_opcode_parse(const char *, enum attr_family, uint32_t *ret);

/* Add or replace (a later row for the same opcode wins). */
int	attr_table_set(struct attr_table *, const struct attr_def *);

/*
 * Read one CSV (header "opcode,max_count,datatype") into t, on top of what
 * it holds.  Problems are logged as "file:line: ...".  Returns 0, or -1 if
 * the file cannot be read or any row is bad (good rows are still added).
 */
int	attr_csv_load(const char *path, enum attr_family, struct attr_table *t);

#endif
