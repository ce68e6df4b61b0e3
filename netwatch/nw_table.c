/*
 * The interface table: chained hash keyed by ifindex.  Entries are
 * allocated one by one and never moved, so pointers handed to the monitor
 * stay valid while the table grows.
 */
#include <errno.h>
#include <stdlib.h>

#include "netwatch/nw_int.h"

#define NWT_MIN_BUCKETS	256

static size_t
nwt_slot(uint32_t ifindex, size_t nbuckets)
{
	/* ifindexes are mostly consecutive; a multiplicative hash spreads
	 * them evenly whatever the allocation pattern */
	return (size_t)((ifindex * 2654435761u) >> 8) & (nbuckets - 1);
}

int
nwt_init(struct nw_table *t)
{
	t->buckets = calloc(NWT_MIN_BUCKETS, sizeof(*t->buckets));
	if (t->buckets == NULL)
		return -ENOMEM;
	t->nbuckets = NWT_MIN_BUCKETS;
	t->count = 0;
	return 0;
}

void
nwt_destroy(struct nw_table *t, int free_entries)
{
	struct nw_entry *e, *next;
	size_t i;

	if (t->buckets == NULL)
		return;
	for (i = 0; free_entries && i < t->nbuckets; i++) {
		for (e = t->buckets[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(t->buckets);
	t->buckets = NULL;
	t->nbuckets = 0;
	t->count = 0;
}

struct nw_entry *
nwt_find(const struct nw_table *t, uint32_t ifindex)
{
	struct nw_entry *e;

	for (e = t->buckets[nwt_slot(ifindex, t->nbuckets)]; e != NULL;
	    e = e->next)
		if (e->ifc.ifindex == ifindex)
			return e;
	return NULL;
}

/* Double the buckets.  Best effort: without memory the chains just get
 * longer, which is slower but still correct. */
static void
nwt_grow(struct nw_table *t)
{
	struct nw_entry **nb, *e, *next;
	size_t n = t->nbuckets * 2, i, s;

	if ((nb = calloc(n, sizeof(*nb))) == NULL)
		return;
	for (i = 0; i < t->nbuckets; i++) {
		for (e = t->buckets[i]; e != NULL; e = next) {
			next = e->next;
			s = nwt_slot(e->ifc.ifindex, n);
			e->next = nb[s];
			nb[s] = e;
		}
	}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = n;
}

void
nwt_insert(struct nw_table *t, struct nw_entry *e)
{
	size_t s;

	if (t->count >= t->nbuckets)
		nwt_grow(t);
	s = nwt_slot(e->ifc.ifindex, t->nbuckets);
	e->next = t->buckets[s];
	t->buckets[s] = e;
	t->count++;
}

struct nw_entry *
nwt_remove(struct nw_table *t, uint32_t ifindex)
{
	struct nw_entry **pp, *e;

	for (pp = &t->buckets[nwt_slot(ifindex, t->nbuckets)];
	    (e = *pp) != NULL; pp = &e->next) {
		if (e->ifc.ifindex == ifindex) {
			*pp = e->next;
			e->next = NULL;
			t->count--;
			return e;
		}
	}
	return NULL;
}

struct nw_entry *
nwt_extract_missing(struct nw_table *t, const struct nw_table *keep)
{
	struct nw_entry **pp, *e, *gone = NULL;
	size_t i;

	for (i = 0; i < t->nbuckets; i++) {
		pp = &t->buckets[i];
		while ((e = *pp) != NULL) {
			if (nwt_find(keep, e->ifc.ifindex) != NULL) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			e->next = gone;
			gone = e;
			t->count--;
		}
	}
	return gone;
}

void
nwt_foreach(const struct nw_table *t, void (*fn)(struct nw_iface *, void *),
    void *arg)
{
	struct nw_entry *e, *next;
	size_t i;

	for (i = 0; i < t->nbuckets; i++) {
		for (e = t->buckets[i]; e != NULL; e = next) {
			next = e->next;
			fn(&e->ifc, arg);
		}
	}
}
