#include <stdlib.h>
#include <string.h>

#include "responder/iface.h"

#define IFACE_BUCKETS	16384		/* power of two; 10k interfaces */

static struct iface	*by_index[IFACE_BUCKETS];
static struct iface	*by_name[IFACE_BUCKETS];
static size_t		 n_ifaces;

static size_t
hash_index(uint32_t ifindex)
{
	return (ifindex * 2654435761u) & (IFACE_BUCKETS - 1);
}

static size_t
hash_name(const char *name)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *name != '\0'; name++)
		h = (h ^ (uint8_t)*name) * 16777619u;
	return h & (IFACE_BUCKETS - 1);
}

struct iface *
iface_find_index(uint32_t ifindex)
{
	struct iface *i;

	for (i = by_index[hash_index(ifindex)]; i != NULL; i = i->next_by_index)
		if (i->info.ifindex == ifindex)
			return i;
	return NULL;
}

struct iface *
iface_find_name(const char *name)
{
	struct iface *i;

	for (i = by_name[hash_name(name)]; i != NULL; i = i->next_by_name)
		if (strcmp(i->info.name, name) == 0)
			return i;
	return NULL;
}

static void
unlink_name(struct iface *ifp)
{
	struct iface **pp = &by_name[hash_name(ifp->info.name)];

	for (; *pp != NULL; pp = &(*pp)->next_by_name)
		if (*pp == ifp) {
			*pp = ifp->next_by_name;
			return;
		}
}

static void
link_name(struct iface *ifp)
{
	size_t h = hash_name(ifp->info.name);

	ifp->next_by_name = by_name[h];
	by_name[h] = ifp;
}

struct iface *
iface_add(const struct msg_iface *info)
{
	struct iface *ifp = calloc(1, sizeof(*ifp));
	size_t h;

	if (ifp == NULL)
		return NULL;
	ifp->info = *info;
	ifp->fd = -1;
	h = hash_index(info->ifindex);
	ifp->next_by_index = by_index[h];
	by_index[h] = ifp;
	link_name(ifp);
	n_ifaces++;
	return ifp;
}

void
iface_update(struct iface *ifp, const struct msg_iface *info)
{
	unlink_name(ifp);
	ifp->info = *info;
	link_name(ifp);
}

void
iface_remove(struct iface *ifp)
{
	struct iface **pp = &by_index[hash_index(ifp->info.ifindex)];

	for (; *pp != NULL; pp = &(*pp)->next_by_index)
		if (*pp == ifp) {
			*pp = ifp->next_by_index;
			break;
		}
	unlink_name(ifp);
	n_ifaces--;
	free(ifp);
}

void
iface_foreach(void (*fn)(struct iface *, void *), void *arg)
{
	size_t b;

	for (b = 0; b < IFACE_BUCKETS; b++) {
		struct iface *i = by_index[b], *next;

		for (; i != NULL; i = next) {
			next = i->next_by_index;
			fn(i, arg);
		}
	}
}

size_t
iface_count(void)
{
	return n_ifaces;
}
