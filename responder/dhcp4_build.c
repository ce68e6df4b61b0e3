/*
 * Laying out a reply: the fixed header, then options in order, each longer
 * than 255 bytes split into consecutive instances (RFC 3396).  When they do
 * not fit the client's maximum message size, the rest goes into `file' and
 * then `sname' with option 52 (RFC 2131 4.1, RFC 2132 9.3).
 */
#include <errno.h>
#include <string.h>

#include "common/cursor.h"
#include "common/log.h"
#include "responder/dhcp4.h"
#include "responder/dhcp4_build.h"

void
dhcp4_opts_init(struct dhcp4_opts *o)
{
	o->len = 0;
	o->n = 0;
	o->overflow = 0;
}

/* Append code+body as one or more TLVs, recorded as one unit for layout. */
int
dhcp4_opts_add(struct dhcp4_opts *o, uint8_t code, const void *body,
    size_t len)
{
	const uint8_t *p = body;
	struct wbuf w;
	size_t start = o->len;

	if (o->n >= DHCP4_OPTS_MAX) {
		o->overflow = 1;
		return -ENOBUFS;
	}
	wb_init(&w, o->buf + o->len, sizeof(o->buf) - o->len);
	do {
		size_t chunk = len > 255 ? 255 : len;

		wb_put_u8(&w, code);
		wb_put_u8(&w, chunk);
		wb_put_bytes(&w, p, chunk);
		p += chunk;
		len -= chunk;
	} while (len > 0);
	if (w.overflow) {
		o->overflow = 1;
		return -ENOBUFS;
	}
	o->len += w.len;
	o->units[o->n].off = start;
	o->units[o->n].len = w.len;
	o->n++;
	return 0;
}

struct area {
	uint8_t	*p;
	size_t	 cap;		/* bytes usable before the END byte */
	size_t	 used;
};

/* The body of a unit: the payloads of its TLVs, concatenated. */
static size_t
unit_body(const struct dhcp4_opts *o, size_t i, uint8_t *body)
{
	const uint8_t *p = o->buf + o->units[i].off;
	size_t left = o->units[i].len, n = 0;

	while (left >= 2) {
		memcpy(body + n, p + 2, p[1]);
		n += p[1];
		left -= 2 + (size_t)p[1];
		p += 2 + p[1];
	}
	return n;
}

/*
 * RFC 3396: an option may also be split across the fields, in the order
 * options, file, sname.  Writes it from area *a on when the rest of the
 * fields can hold it (returns 0), else writes nothing (-1).
 */
static int
place_split(const struct dhcp4_opts *o, size_t i, struct area *areas,
    int nareas, int *a)
{
	static uint8_t body[sizeof(((struct dhcp4_opts *)0)->buf)];
	uint8_t code = o->buf[o->units[i].off];
	size_t len = unit_body(o, i, body), left, done;
	int k, pass;

	for (pass = 0; pass < 2; pass++) {
		left = len;
		done = 0;
		for (k = *a; k < nareas && left > 0; k++) {
			size_t room = areas[k].cap - areas[k].used;

			while (room >= 3 && left > 0) {
				size_t chunk = left < room - 2 ? left : room - 2;

				if (chunk > 255)
					chunk = 255;
				if (pass == 1) {
					uint8_t *w = areas[k].p + areas[k].used;

					w[0] = code;
					w[1] = (uint8_t)chunk;
					memcpy(w + 2, body + done, chunk);
					areas[k].used += chunk + 2;
				}
				room -= chunk + 2;
				left -= chunk;
				done += chunk;
			}
		}
		if (left > 0)
			return -1;	/* does not fit: nothing written */
	}
	*a = k - 1;
	return 0;
}

/* Fill areas in order; a unit too big for what is left of one area moves
 * on to the next, or is split over the areas that remain.  Returns the
 * number of units that found no room. */
static int
place_units(const struct dhcp4_opts *o, struct area *areas, int nareas,
    int *ret_last_area)
{
	int a = 0, dropped = 0;
	size_t i;

	for (i = 0; i < o->n; i++) {
		size_t len = o->units[i].len;
		int k;

		for (k = a; k < nareas; k++)
			if (areas[k].cap - areas[k].used >= len)
				break;
		if (k == nareas) {
			if (place_split(o, i, areas, nareas, &a) < 0)
				dropped++;
			continue;
		}
		a = k;
		memcpy(areas[a].p + areas[a].used, o->buf + o->units[i].off,
		    len);
		areas[a].used += len;
	}
	*ret_last_area = 0;
	for (a = 0; a < nareas; a++)
		if (areas[a].used > 0)
			*ret_last_area = a;
	return dropped;
}

int
dhcp4_layout(uint8_t *msg, size_t limit, const struct dhcp4_opts *o,
    size_t *ret_len)
{
	struct area areas[3];
	size_t main_cap = limit - DHCP4_MIN_LEN - 1;	/* room for END */
	int last, dropped, i;

	memset(areas, 0, sizeof(areas));
	if (o->len <= main_cap) {
		memcpy(msg + DHCP4_MIN_LEN, o->buf, o->len);
		msg[DHCP4_MIN_LEN + o->len] = DHO_END;
		*ret_len = DHCP4_MIN_LEN + o->len + 1;
		return 0;
	}
	/* Overload: option 52 (3 bytes) first in the options field. */
	areas[0].p = msg + DHCP4_MIN_LEN + 3;
	areas[0].cap = main_cap - 3;
	areas[1].p = msg + DHCP4_FILE_OFF;
	areas[1].cap = DHCP4_FILE_LEN - 1;
	areas[2].p = msg + DHCP4_SNAME_OFF;
	areas[2].cap = DHCP4_SNAME_LEN - 1;
	dropped = place_units(o, areas, 3, &last);
	if (last == 0) {
		/*
		 * Only units that fit nowhere overflowed: file and sname
		 * stay unused, so no option 52 (RFC 2131 4.1: a field it
		 * declares must hold options ending with END).
		 */
		memmove(msg + DHCP4_MIN_LEN, areas[0].p, areas[0].used);
		msg[DHCP4_MIN_LEN + areas[0].used] = DHO_END;
		*ret_len = DHCP4_MIN_LEN + areas[0].used + 1;
		return dropped;
	}
	msg[DHCP4_MIN_LEN] = DHO_OVERLOAD;
	msg[DHCP4_MIN_LEN + 1] = 1;
	msg[DHCP4_MIN_LEN + 2] = last == 2 ? 3 : 1;
	for (i = 0; i <= last; i++)
		areas[i].p[areas[i].used] = DHO_END;
	if (last < 2)
		memset(msg + DHCP4_SNAME_OFF, 0, DHCP4_SNAME_LEN);
	*ret_len = DHCP4_MIN_LEN + 3 + areas[0].used + 1;
	return dropped;
}
