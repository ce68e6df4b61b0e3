/*
 * Attribute values from the database are text (SPEC section 4, "Values by
 * datatype"); this turns one into its typed form or rejects it.  The caller
 * logs and skips a row that does not parse.
 */
#ifndef STATICHCPD_ATTRVAL_H
#define STATICHCPD_ATTRVAL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/attrs.h"
#include "common/cursor.h"

struct attr_value {
	int	datatype;
	union {
		struct in_addr	ipv4;
		struct in6_addr	ipv6;
		uint16_t	int16;
		uint32_t	int32;		/* two's complement if negative */
		struct {
			const char	*ptr;	/* the row's text */
			size_t		 len;
		} string;
		struct {
			struct in_addr	net;
			uint8_t		plen;
			struct in_addr	gw;
		} route;			/* "a.b.c.d/len,gateway" */
		struct {
			bool		has_iaid;
			uint32_t	iaid;
			struct in6_addr	addr;
		} ia;				/* "[iaid,]address" */
		struct {
			bool		has_iaid;
			uint32_t	iaid;
			struct in6_addr	prefix;
			uint8_t		plen;
		} pd;				/* "[iaid,]prefix/len" */
		struct {
			const char	*ptr;	/* validated domain name text */
			size_t		 len;
		} domain;
	} u;
};

/* 0 and *ret filled, or -EINVAL.  text must stay alive while *ret is used. */
int	attrval_parse(int datatype, const char *text, struct attr_value *ret);

/* Append a domain name in RFC 1035 label form (no compression). 0 or
 * -EINVAL (bad name) / -ENOBUFS. */
int	attrval_domain_encode(const char *name, size_t len, struct wbuf *w);

#endif
