/*
 * Bounds-checked access to untrusted bytes.  A reader never moves past the
 * end of its buffer: every get fails (returns -EBADMSG) when short and leaves
 * the cursor where it was.  A writer has a fixed capacity and a sticky
 * overflow flag, so a builder can write a whole reply and check once.
 */
#ifndef STATICHCPD_CURSOR_H
#define STATICHCPD_CURSOR_H

#include <stddef.h>
#include <stdint.h>

struct cursor {
	const uint8_t	*buf;
	size_t		 len;
	size_t		 off;
};

void	cur_init(struct cursor *, const void *buf, size_t len);
size_t	cur_left(const struct cursor *);
const uint8_t *cur_ptr(const struct cursor *);
int	cur_get_u8(struct cursor *, uint8_t *);
int	cur_get_u16(struct cursor *, uint16_t *);	/* network order */
int	cur_get_u32(struct cursor *, uint32_t *);	/* network order */
int	cur_get_bytes(struct cursor *, void *dst, size_t n);
int	cur_skip(struct cursor *, size_t n);
/* Split off the next n bytes as their own cursor (an option body). */
int	cur_sub(struct cursor *, size_t n, struct cursor *ret_sub);

struct wbuf {
	uint8_t	*buf;
	size_t	 cap;
	size_t	 len;
	int	 overflow;
};

void	wb_init(struct wbuf *, void *buf, size_t cap);
size_t	wb_left(const struct wbuf *);
int	wb_put_u8(struct wbuf *, uint8_t);
int	wb_put_u16(struct wbuf *, uint16_t);		/* network order */
int	wb_put_u32(struct wbuf *, uint32_t);		/* network order */
int	wb_put_bytes(struct wbuf *, const void *, size_t);
int	wb_put_zero(struct wbuf *, size_t);
/* Patch a 16-bit field written earlier (a length known only later). */
int	wb_set_u16(struct wbuf *, size_t at, uint16_t);

#endif
