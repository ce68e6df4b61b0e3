/*
 * The configuration and attribute CSV parsers on a file holding the
 * input: config_load on it alone, then with itself again as the one
 * *.conf of an additional directory; attr_csv_load on it for both
 * families.  What loads must be sane: strings terminated, attribute
 * definitions within their ranges.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/attrs.h"
#include "common/config.h"
#include "tests/fuzz/fuzz.h"

static char	dir[PATH_MAX], extra[PATH_MAX + 16];
static char	main_path[PATH_MAX + 32], extra_path[PATH_MAX + 32];

static void
cleanup(void)
{
	fz_rm_rf(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_logs();
	fz_mkdtemp(dir, sizeof(dir));
	snprintf(extra, sizeof(extra), "%s/conf.d", dir);
	snprintf(main_path, sizeof(main_path), "%s/statichcpd.conf", dir);
	snprintf(extra_path, sizeof(extra_path), "%s/50-fuzz.conf", extra);
	if (mkdir(extra, 0700) == -1)
		abort();
	atexit(cleanup);
	return 0;
}

static void
check_config(const struct config *c)
{
	char chroot[PATH_MAX];

	FZ_ASSERT(strnlen(c->db_path, sizeof(c->db_path)) <
	    sizeof(c->db_path));
	FZ_ASSERT(c->db_path[0] == '/');
	FZ_ASSERT(c->iface_regex[0] != '\0' && strnlen(c->iface_regex,
	    sizeof(c->iface_regex)) < sizeof(c->iface_regex));
	FZ_ASSERT(strnlen(c->user, sizeof(c->user)) < sizeof(c->user));
	FZ_ASSERT(strnlen(c->chroot_dir, sizeof(c->chroot_dir)) <
	    sizeof(c->chroot_dir));
	FZ_ASSERT(c->default_lease_time > 0 && c->max_lease_time > 0);
	FZ_ASSERT(!(c->disable_routing_udpsock && c->disable_routing_rawsock));
	config_chroot_dir(c, chroot, sizeof(chroot));
	FZ_ASSERT(chroot[0] != '\0');
}

static void
check_table(const struct attr_table *t)
{
	size_t i;

	FZ_ASSERT(t->n <= ATTR_TABLE_MAX);
	for (i = 0; i < t->n; i++)
		FZ_ASSERT(t->defs[i].max_count > 0 &&
		    t->defs[i].opcode <= UINT16_MAX &&
		    t->defs[i].datatype >= ATTR_IPV4 &&
		    t->defs[i].datatype <= ATTR_DOMAIN);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg;
	static struct attr_table t;

	fz_write_file(main_path, data, size);
	if (config_load(main_path, NULL, &cfg) == 0)
		check_config(&cfg);
	fz_write_file(extra_path, data, size);
	if (config_load(main_path, extra, &cfg) == 0)
		check_config(&cfg);
	unlink(extra_path);
	t.n = 0;
	attr_csv_load(main_path, ATTR_FAMILY_V4, &t);
	check_table(&t);
	t.n = 0;
	attr_csv_load(main_path, ATTR_FAMILY_V6, &t);
	check_table(&t);
	return 0;
}
