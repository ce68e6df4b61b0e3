#include <errno.h>
#include <string.h>

#include "common/cursor.h"

void
cur_init(struct cursor *c, const void *buf, size_t len)
{
	c->buf = buf;
	c->len = buf == NULL ? 0 : len;
	c->off = 0;
}

size_t
cur_left(const struct cursor *c)
{
	return c->len - c->off;
}

const uint8_t *
cur_ptr(const struct cursor *c)
{
	return c->buf == NULL ? NULL : c->buf + c->off;
}

int
cur_get_bytes(struct cursor *c, void *dst, size_t n)
{
	if (n > cur_left(c))
		return -EBADMSG;
	if (n > 0)
		memcpy(dst, c->buf + c->off, n);
	c->off += n;
	return 0;
}

int
cur_get_u8(struct cursor *c, uint8_t *v)
{
	return cur_get_bytes(c, v, 1);
}

int
cur_get_u16(struct cursor *c, uint16_t *v)
{
	uint8_t b[2];

	if (cur_get_bytes(c, b, sizeof(b)) < 0)
		return -EBADMSG;
	*v = (uint16_t)(b[0] << 8 | b[1]);
	return 0;
}

int
cur_get_u32(struct cursor *c, uint32_t *v)
{
	uint8_t b[4];

	if (cur_get_bytes(c, b, sizeof(b)) < 0)
		return -EBADMSG;
	*v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
	return 0;
}

int
cur_skip(struct cursor *c, size_t n)
{
	if (n > cur_left(c))
		return -EBADMSG;
	c->off += n;
	return 0;
}

int
cur_sub(struct cursor *c, size_t n, struct cursor *ret_sub)
{
	if (n > cur_left(c))
		return -EBADMSG;
	/* no arithmetic on a NULL buffer (only possible when n == 0) */
	cur_init(ret_sub, c->buf == NULL ? NULL : c->buf + c->off, n);
	c->off += n;
	return 0;
}

void
wb_init(struct wbuf *w, void *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->overflow = 0;
}

size_t
wb_left(const struct wbuf *w)
{
	return w->cap - w->len;
}

int
wb_put_bytes(struct wbuf *w, const void *src, size_t n)
{
	if (w->overflow || n > wb_left(w)) {
		w->overflow = 1;
		return -ENOBUFS;
	}
	if (n > 0)
		memcpy(w->buf + w->len, src, n);
	w->len += n;
	return 0;
}

int
wb_put_zero(struct wbuf *w, size_t n)
{
	if (w->overflow || n > wb_left(w)) {
		w->overflow = 1;
		return -ENOBUFS;
	}
	memset(w->buf + w->len, 0, n);
	w->len += n;
	return 0;
}

int
wb_put_u8(struct wbuf *w, uint8_t v)
{
	return wb_put_bytes(w, &v, 1);
}

int
wb_put_u16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v & 0xff };

	return wb_put_bytes(w, b, sizeof(b));
}

int
wb_put_u32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff,
	    v & 0xff };

	return wb_put_bytes(w, b, sizeof(b));
}

int
wb_set_u16(struct wbuf *w, size_t at, uint16_t v)
{
	if (at > w->len || w->len - at < 2)
		return -EINVAL;
	w->buf[at] = v >> 8;
	w->buf[at + 1] = v & 0xff;
	return 0;
}
