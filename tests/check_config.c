/*
 * The configuration reader: configparser-compatible syntax and merging,
 * validation of every key, and "file:line:" on every message.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/config.h"
#include "common/log.h"
#include "common/recost.h"
#include "tests/testutil.h"

#define REGEX_LINE	"served_interface_regex = ^tap\n"

static char	tmpdir[PATH_MAX];
static char	conf[PATH_MAX];		/* the main file */
static char	extra[PATH_MAX];	/* the -a directory */

/* buf (PATH_MAX) = dir/name */
static void
path_join(char *buf, const char *dir, const char *name)
{
	ck_assert_int_lt(snprintf(buf, PATH_MAX, "%s/%s", dir, name),
	    PATH_MAX);
}

static void
setup(void)
{
	tu_mkdtemp(tmpdir, sizeof(tmpdir));
	path_join(conf, tmpdir, "statichcpd.conf");
	path_join(extra, tmpdir, "conf.d");
	tu_log_capture();
}

static void
teardown(void)
{
	log_set_sink(NULL);
	tu_rm_rf(tmpdir);
}

static int
load(const char *text, struct config *c)
{
	tu_write_file(conf, text);
	return config_load(conf, NULL, c);
}

static void
extra_file(const char *name, const char *text)
{
	char path[PATH_MAX];

	ck_assert(mkdir(extra, 0700) == 0 || errno == EEXIST);
	path_join(path, extra, name);
	tu_write_file(path, text);
}

/* Some captured line holds "<file>:<line>: " followed by needle. */
static int
logged_at(const char *file, int line, const char *needle)
{
	char prefix[PATH_MAX + 32];
	const char *s, *p, *nl;

	if (line > 0)
		snprintf(prefix, sizeof(prefix), "%s:%d: ", file, line);
	else
		snprintf(prefix, sizeof(prefix), "%s: ", file);
	for (s = tu_log_text(); *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			break;
		p = strstr(s, prefix);
		if (p != NULL && p < nl && (p = strstr(p, needle)) != NULL &&
		    p < nl)
			return 1;
	}
	return 0;
}

#define ck_logged(file, line, needle)					\
	ck_assert_msg(logged_at(file, line, needle),			\
	    "no \"%s:%d: ...%s\" in log:\n%s", file, line, needle,	\
	    tu_log_text())

/* config_load fails and leaves *ret exactly as it was. */
static void
expect_failure(const char *dir)
{
	struct config c;
	size_t i;

	memset(&c, 0x5a, sizeof(c));
	ck_assert_int_eq(config_load(conf, dir, &c), -1);
	for (i = 0; i < sizeof(c); i++)
		ck_assert_msg(((unsigned char *)&c)[i] == 0x5a,
		    "struct config written at byte %zu on failure", i);
}

START_TEST(test_full_file)
{
	struct config c;

	ck_assert_int_eq(load(
	    "# every key, none at its default\n"
	    "[statichcpd]\n"
	    "dhcp_db_filename = /srv/dhcp/clients.db\n"
	    "served_interface_regex = ^(tap|veth)[0-9]+$\n"
	    "dhcp_ratelimit = 250\n"
	    "default_lease_time = 3600\n"
	    "max_lease_time = 86400\n"
	    "disable_routing_with_udpsock = True\n"
	    "disable_routing_with_rawsock = False\n"
	    "use_mac_as_client_duid = true\n"
	    "disable_ia_id = 1\n"
	    "default_renew_time = 1800\n"
	    "default_rebind_time = 2880\n"
	    "default_pref_lifetime = 3600\n"
	    "default_valid_lifetime = 7200\n"
	    "default_attributes_file = /opt/attr.csv\n"
	    "default_v6attributes_file = /opt/v6attr.csv\n"
	    "additional_attributes_file = /etc/statichcpd/extra.csv\n"
	    "additional_v6attributes_file = /etc/statichcpd/extra6.csv\n"
	    "user = _dhcp\n"
	    "chroot_dir = /var/empty\n"
	    "pid_file = /var/run/sd.pid\n"
	    "responder_restart_max_delay = 120\n", &c), 0);
	ck_assert_str_eq(c.db_path, "/srv/dhcp/clients.db");
	ck_assert_str_eq(c.iface_regex, "^(tap|veth)[0-9]+$");
	ck_assert_uint_eq(c.ratelimit, 250);
	ck_assert_uint_eq(c.default_lease_time, 3600);
	ck_assert_uint_eq(c.max_lease_time, 86400);
	ck_assert(c.disable_routing_udpsock);
	ck_assert(!c.disable_routing_rawsock);
	ck_assert(c.use_mac_as_client_duid);
	ck_assert(c.disable_ia_id);
	ck_assert_uint_eq(c.default_renew_time, 1800);
	ck_assert_uint_eq(c.default_rebind_time, 2880);
	ck_assert_uint_eq(c.default_pref_lifetime, 3600);
	ck_assert_uint_eq(c.default_valid_lifetime, 7200);
	ck_assert_str_eq(c.default_attributes_file, "/opt/attr.csv");
	ck_assert_str_eq(c.default_v6attributes_file, "/opt/v6attr.csv");
	ck_assert_str_eq(c.additional_attributes_file,
	    "/etc/statichcpd/extra.csv");
	ck_assert_str_eq(c.additional_v6attributes_file,
	    "/etc/statichcpd/extra6.csv");
	ck_assert_str_eq(c.user, "_dhcp");
	ck_assert_str_eq(c.chroot_dir, "/var/empty");
	ck_assert_str_eq(c.pid_file, "/var/run/sd.pid");
	ck_assert_uint_eq(c.restart_max_delay, 120);
	ck_assert_str_eq(tu_log_text(), "");
}
END_TEST

/* The SPEC section 3 table, spelled out rather than taken from the code. */
static void
assert_spec_defaults(const struct config *c)
{
	ck_assert_str_eq(c->db_path, "/var/lib/statichcpd/Static_DHCP_DB.db");
	ck_assert_uint_eq(c->ratelimit, 1000);
	ck_assert_uint_eq(c->default_lease_time, 600);
	ck_assert_uint_eq(c->max_lease_time, 7200);
	ck_assert(!c->disable_routing_udpsock);
	ck_assert(!c->disable_routing_rawsock);
	ck_assert(!c->use_mac_as_client_duid);
	ck_assert(!c->disable_ia_id);
	ck_assert_uint_eq(c->default_renew_time, 1000);
	ck_assert_uint_eq(c->default_rebind_time, 2000);
	ck_assert_uint_eq(c->default_pref_lifetime, 3000);
	ck_assert_uint_eq(c->default_valid_lifetime, 4000);
	ck_assert_str_eq(c->default_attributes_file,
	    DATADIR "/default_attr.csv");
	ck_assert_str_eq(c->default_v6attributes_file,
	    DATADIR "/default_v6attr.csv");
	ck_assert_str_eq(c->additional_attributes_file, "");
	ck_assert_str_eq(c->additional_v6attributes_file, "");
	ck_assert_str_eq(c->user, "statichcpd");
	ck_assert_str_eq(c->chroot_dir, "");
	ck_assert_str_eq(c->pid_file, "/run/statichcpd.pid");
	/* not in the table: the monitor's old built-in 30 s */
	ck_assert_uint_eq(c->restart_max_delay, 30);
}

START_TEST(test_defaults)
{
	struct config c;

	config_defaults(&c);
	assert_spec_defaults(&c);
	ck_assert_str_eq(c.iface_regex, "");
	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE, &c), 0);
	assert_spec_defaults(&c);
	ck_assert_str_eq(c.iface_regex, "^tap");
}
END_TEST

START_TEST(test_default_fallback_and_override)
{
	struct config c;

	/* [statichcpd] wins even when [DEFAULT] comes later in the file. */
	ck_assert_int_eq(load(
	    "[statichcpd]\n"
	    "default_lease_time = 900\n"
	    "[DEFAULT]\n"
	    REGEX_LINE
	    "default_lease_time = 100\n"
	    "max_lease_time = 8000\n", &c), 0);
	ck_assert_str_eq(c.iface_regex, "^tap");
	ck_assert_uint_eq(c.default_lease_time, 900);
	ck_assert_uint_eq(c.max_lease_time, 8000);
}
END_TEST

START_TEST(test_syntax_forms)
{
	struct config c;

	ck_assert_int_eq(load(
	    "# comment\n"
	    "; comment\n"
	    "\n"
	    "[statichcpd] trailing text after the header is ignored\n"
	    "    # indented comment\n"
	    "Served_Interface_REGEX: ^tap # not a comment\n"
	    "DHCP_RATELIMIT=5\n"
	    "max_lease_time   :   9000   \r\n"
	    "user=a:b\n"
	    "\t\n", &c), -1);
	/* "a:b" is the value of user (split at the first ':'): invalid */
	ck_logged(conf, 9, "user: 'a:b' is not a user name");
	tu_log_reset();
	ck_assert_int_eq(load(
	    "[statichcpd]\n"
	    "Served_Interface_REGEX: ^tap # not a comment\n"
	    "DHCP_RATELIMIT=5\n"
	    "max_lease_time   :   9000   \r\n"
	    "pid_file = /run/a=b:c\n", &c), 0);
	ck_assert_str_eq(c.iface_regex, "^tap # not a comment");
	ck_assert_uint_eq(c.ratelimit, 5);
	ck_assert_uint_eq(c.max_lease_time, 9000);
	ck_assert_str_eq(c.pid_file, "/run/a=b:c");
}
END_TEST

START_TEST(test_booleans)
{
	struct config c;

	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "disable_routing_with_rawsock = TRUE\n"
	    "use_mac_as_client_duid = 1\n"
	    "disable_ia_id = tRuE\n", &c), 0);
	ck_assert(c.disable_routing_rawsock);
	ck_assert(c.use_mac_as_client_duid);
	ck_assert(c.disable_ia_id);
	ck_assert_int_eq(load("[DEFAULT]\n" REGEX_LINE
	    "disable_routing_with_rawsock = true\n"
	    "use_mac_as_client_duid = true\n"
	    "[statichcpd]\n"
	    "disable_routing_with_rawsock = FALSE\n"
	    "use_mac_as_client_duid = 0\n", &c), 0);
	ck_assert(!c.disable_routing_rawsock);
	ck_assert(!c.use_mac_as_client_duid);
}
END_TEST

START_TEST(test_extra_dir_sorted)
{
	char sub[PATH_MAX];
	struct config c;

	tu_write_file(conf, "[statichcpd]\n" REGEX_LINE
	    "dhcp_ratelimit = 1\n"
	    "max_lease_time = 1\n");
	/* created out of order: only the name decides */
	extra_file("20-b.conf", "[statichcpd]\ndhcp_ratelimit = 20\n");
	extra_file("10-a.conf", "[statichcpd]\ndhcp_ratelimit = 10\n"
	    "default_lease_time = 111\n");
	extra_file("30-c.conf.bak", "[statichcpd]\ndhcp_ratelimit = 30\n");
	extra_file("40-d.txt", "[statichcpd]\ndhcp_ratelimit = 40\n");
	extra_file("B.conf", "[statichcpd]\nmax_lease_time = 66\n");
	extra_file("a.conf", "[statichcpd]\nmax_lease_time = 97\n");
	path_join(sub, extra, "50-dir.conf");
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(config_load(conf, extra, &c), 0);
	ck_assert_uint_eq(c.ratelimit, 20);
	ck_assert_uint_eq(c.default_lease_time, 111);
	/* strcmp order: "B.conf" < "a.conf" whatever the locale */
	ck_assert_uint_eq(c.max_lease_time, 97);
}
END_TEST

START_TEST(test_extra_dir_sections_merge)
{
	struct config c;

	tu_write_file(conf, "[DEFAULT]\n" REGEX_LINE
	    "default_lease_time = 200\n"
	    "[statichcpd]\n"
	    "dhcp_ratelimit = 5\n");
	/*
	 * One shared parser state: a later [DEFAULT] replaces the earlier
	 * [DEFAULT] value, but never an earlier [statichcpd] one.
	 */
	extra_file("10.conf", "[DEFAULT]\ndhcp_ratelimit = 7\n"
	    "default_lease_time = 300\n");
	ck_assert_int_eq(config_load(conf, extra, &c), 0);
	ck_assert_uint_eq(c.ratelimit, 5);
	ck_assert_uint_eq(c.default_lease_time, 300);
}
END_TEST

START_TEST(test_extra_dir_absent)
{
	struct config c;

	tu_write_file(conf, "[statichcpd]\n" REGEX_LINE);
	ck_assert_int_eq(config_load(conf, extra, &c), 0);
	ck_logged(extra, 0, "No such file or directory");
	tu_log_reset();
	tu_write_file(extra, "not a directory\n");
	ck_assert_int_eq(config_load(conf, extra, &c), 0);
	ck_logged(extra, 0, "not a directory");
	ck_assert_str_eq(c.iface_regex, "^tap");
}
END_TEST

START_TEST(test_unknown_key_warns)
{
	struct config c;

	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "Old_Option = 1\n"
	    "[DEFAULT]\n"
	    "another = x\n", &c), 0);
	ck_logged(conf, 3, "unknown key 'old_option' ignored");
	ck_logged(conf, 5, "unknown key 'another' ignored");
	ck_assert_str_eq(c.iface_regex, "^tap");
}
END_TEST

START_TEST(test_other_sections_ignored)
{
	struct config c;

	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "[monitoring]\n"
	    "dhcp_ratelimit = not checked\n"
	    "[Statichcpd]\n"
	    "dhcp_ratelimit = 3\n", &c), 0);
	ck_assert_uint_eq(c.ratelimit, 1000);
	ck_logged(conf, 3, "section [monitoring] ignored");
	ck_logged(conf, 5, "section [Statichcpd] ignored");
}
END_TEST

START_TEST(test_interpolation)
{
	struct config c;

	ck_assert_int_eq(load("[DEFAULT]\n"
	    "base = /srv/sd\n"
	    "[statichcpd]\n"
	    "dhcp_db_filename = %(BASE)s/db/clients.db\n"
	    "pid_file = %(base)s/pid\n"
	    "served_interface_regex = ^tap[0-9]{1,3}%%\n", &c), 0);
	ck_assert_str_eq(c.db_path, "/srv/sd/db/clients.db");
	ck_assert_str_eq(c.pid_file, "/srv/sd/pid");
	ck_assert_str_eq(c.iface_regex, "^tap[0-9]{1,3}%");
}
END_TEST

START_TEST(test_continuation_lines)
{
	struct config c;

	/* configparser: indented lines continue the value, blanks kept */
	ck_assert_int_eq(load("[statichcpd]\n"
	    "served_interface_regex = ^tap\n"
	    "    |^veth\n"
	    "\n"
	    "  # a comment does not end it\n"
	    "\t|^mv\n"
	    "\n"
	    "\n"
	    "user = u\n", &c), 0);
	ck_assert_str_eq(c.iface_regex, "^tap\n|^veth\n\n|^mv");
	ck_assert_str_eq(c.user, "u");
}
END_TEST

START_TEST(test_python_regex_class_warns)
{
	struct config c;

	ck_assert_int_eq(load("[statichcpd]\n"
	    "served_interface_regex = ^tap\\d+\n", &c), 0);
	ck_logged(conf, 2, "'\\d' is not POSIX");
	tu_log_reset();
	ck_assert_int_eq(load("[statichcpd]\n"
	    "served_interface_regex = ^tap\\\\d+\n", &c), 0);
	ck_assert_str_eq(tu_log_text(), "");
}
END_TEST

START_TEST(test_chroot_dir)
{
	struct config c;
	char buf[PATH_MAX];

	config_defaults(&c);
	config_chroot_dir(&c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "/var/lib/statichcpd");
	snprintf(c.db_path, sizeof(c.db_path), "/db.sqlite");
	config_chroot_dir(&c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "/");
	snprintf(c.db_path, sizeof(c.db_path), "/a//b///db");
	config_chroot_dir(&c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "/a//b");
	snprintf(c.chroot_dir, sizeof(c.chroot_dir), "/var/empty");
	config_chroot_dir(&c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "/var/empty");
}
END_TEST

START_TEST(test_integer_bounds)
{
	struct config c;

	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "dhcp_ratelimit = 0\n"
	    "max_lease_time = 4294967295\n"
	    "default_lease_time = 1\n"
	    "default_valid_lifetime = 00042\n", &c), 0);
	ck_assert_uint_eq(c.ratelimit, 0);
	ck_assert_uint_eq(c.max_lease_time, 4294967295u);
	ck_assert_uint_eq(c.default_lease_time, 1);
	ck_assert_uint_eq(c.default_valid_lifetime, 42);
	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "dhcp_ratelimit = 4294967296\n", &c), -1);
	ck_logged(conf, 3, "dhcp_ratelimit: '4294967296' is out of range");
	tu_log_reset();
	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "max_lease_time = 99999999999999999999999\n", &c), -1);
	ck_logged(conf, 3, "max_lease_time: '99999999999999999999999' is "
	    "out of range");
	tu_log_reset();
	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "default_renew_time = 0\n", &c), -1);
	ck_logged(conf, 3, "default_renew_time: '0' is out of range 1..");
}
END_TEST

/* The responder's restart back-off ceiling: 1 s to an hour. */
START_TEST(test_restart_max_delay)
{
	struct config c;

	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "responder_restart_max_delay = 1\n", &c), 0);
	ck_assert_uint_eq(c.restart_max_delay, 1);
	ck_assert_int_eq(load("[DEFAULT]\nresponder_restart_max_delay = 3600\n"
	    "[statichcpd]\n" REGEX_LINE, &c), 0);
	ck_assert_uint_eq(c.restart_max_delay, 3600);
	ck_assert_str_eq(tu_log_text(), "");
	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "responder_restart_max_delay = 0\n", &c), -1);
	ck_logged(conf, 3, "responder_restart_max_delay: '0' is out of range "
	    "1..3600");
	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE "\n"
	    "responder_restart_max_delay = 3601\n", &c), -1);
	ck_logged(conf, 4, "responder_restart_max_delay: '3601' is out of "
	    "range 1..3600");
	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "responder_restart_max_delay = 99999999999\n", &c), -1);
	ck_logged(conf, 3, "'99999999999' is out of range 1..3600");
	ck_assert_int_eq(load("[statichcpd]\n" REGEX_LINE
	    "responder_restart_max_delay = 30s\n", &c), -1);
	ck_logged(conf, 3, "responder_restart_max_delay: '30s' is not a "
	    "decimal number");
}
END_TEST

/* A value of n bytes for key, in a file that is otherwise valid. */
static int
load_long(const char *key, char fill, const char *head, size_t n,
    struct config *c)
{
	char *text, *p;
	int rc;

	ck_assert_ptr_nonnull(text = malloc(n + 256));
	p = text + sprintf(text, "[statichcpd]\n%s%s = %s", strcmp(key,
	    "served_interface_regex") ? REGEX_LINE : "", key, head);
	memset(p, fill, n - strlen(head));
	strcpy(p + n - strlen(head), "\n");
	rc = load(text, c);
	free(text);
	return rc;
}

START_TEST(test_string_lengths)
{
	struct config c;

	ck_assert_int_eq(load_long("pid_file", 'p', "/", PATH_MAX - 1, &c),
	    0);
	ck_assert_uint_eq(strlen(c.pid_file), PATH_MAX - 1);
	ck_assert_int_eq(load_long("pid_file", 'p', "/", PATH_MAX, &c), -1);
	ck_logged(conf, 3, "pid_file: too long");
	ck_assert_int_eq(load_long("user", 'u', "", CONFIG_USER_MAX - 1,
	    &c), 0);
	ck_assert_int_eq(load_long("user", 'u', "", CONFIG_USER_MAX, &c),
	    -1);
	ck_logged(conf, 3, "user: too long");
	ck_assert_int_eq(load_long("served_interface_regex", 'r', "^",
	    CONFIG_REGEX_MAX - 1, &c), 0);
	ck_assert_int_eq(load_long("served_interface_regex", 'r', "^",
	    CONFIG_REGEX_MAX, &c), -1);
	ck_logged(conf, 2, "served_interface_regex: too long");
	/* beyond what interpolation buffers: still one clean error */
	ck_assert_int_eq(load_long("chroot_dir", 'c', "/", 3 * PATH_MAX,
	    &c), -1);
	ck_logged(conf, 3, "chroot_dir: too long");
}
END_TEST

START_TEST(test_overlong_path_untouched)
{
	char *text;
	int n;

	ck_assert_ptr_nonnull(text = malloc(PATH_MAX + 128));
	n = sprintf(text, "[statichcpd]\n" REGEX_LINE "dhcp_db_filename = /");
	memset(text + n, 'd', PATH_MAX);
	strcpy(text + n + PATH_MAX, "\n");
	tu_write_file(conf, text);
	free(text);
	expect_failure(NULL);
	ck_logged(conf, 3, "dhcp_db_filename: too long");
}
END_TEST

START_TEST(test_interpolation_depth)
{
	char text[1024], *p;
	struct config c;
	int i, depth;

	/* configparser substitutes 10 levels deep and refuses the 11th */
	for (depth = 10; depth <= 11; depth++) {
		p = text + sprintf(text, "[DEFAULT]\n");
		for (i = 1; i < depth; i++)
			p += sprintf(p, "k%d = %%(k%d)s\n", i, i + 1);
		p += sprintf(p, "k%d = ^tap\n", depth);
		sprintf(p, "[statichcpd]\n"
		    "served_interface_regex = %%(k1)s\n");
		tu_log_reset();
		ck_assert_int_eq(load(text, &c), depth == 10 ? 0 : -1);
	}
	ck_logged(conf, 14, "served_interface_regex: interpolation nested");
	/* a loop is just too deep, never endless */
	tu_log_reset();
	ck_assert_int_eq(load("[statichcpd]\n"
	    "served_interface_regex = %(user)s\n"
	    "user = %(served_interface_regex)s\n", &c), -1);
	ck_logged(conf, 2, "interpolation nested");
}
END_TEST

/*
 * Depth alone does not bound the work: 30 references per level, 9 levels
 * deep, is 30^9 expansions from a 1.7 KB file (an empty innermost value
 * never fills the output).  Found by fuzz_config; the input is kept in
 * tests/fuzz/crashes/config/.  Refused quickly, with a message.
 */
START_TEST(test_interpolation_fanout)
{
	char text[4096], *p;
	struct config c;
	int i, k;

	p = text + sprintf(text, "[statichcpd]\nserved_interface_regex = ");
	for (i = 1; i <= 9; i++) {
		for (k = 0; k < 30; k++)
			p += sprintf(p, "%%(k%d)s", i);
		p += sprintf(p, "\nk%d = ", i);
	}
	sprintf(p, "\n");
	ck_assert_int_eq(load(text, &c), -1);
	ck_logged(conf, 2, "served_interface_regex: more than");
	/* a heavy but sane use still works */
	ck_assert_int_eq(load("[DEFAULT]\nd = /var/lib\n[statichcpd]\n"
	    "served_interface_regex = ^tap\n"
	    "dhcp_db_filename = %(d)s/%(d)s/%(d)s/%(d)s/%(d)s/%(d)s/x.db\n",
	    &c), 0);
	ck_assert_str_eq(c.db_path, "/var/lib//var/lib//var/lib//var/lib/"
	    "/var/lib//var/lib/x.db");
}
END_TEST

/* Each must fail with "<conf>:<line>: <needle>". */
static const struct {
	const char	*text;
	int		 line;
	const char	*needle;
} bad[] = {
	{ "[statichcpd]\n" REGEX_LINE "dhcp_ratelimit = many\n", 3,
	    "dhcp_ratelimit: 'many' is not a decimal number" },
	{ "[statichcpd]\n" REGEX_LINE "default_lease_time = -5\n", 3,
	    "default_lease_time: '-5' is not a decimal number" },
	{ "[statichcpd]\n" REGEX_LINE "max_lease_time = 600s\n", 3,
	    "max_lease_time: '600s' is not a decimal number" },
	{ "[statichcpd]\n" REGEX_LINE "max_lease_time = +600\n", 3,
	    "'+600' is not a decimal number" },
	{ "[statichcpd]\n" REGEX_LINE "max_lease_time = 0x10\n", 3,
	    "'0x10' is not a decimal number" },
	{ "[statichcpd]\n" REGEX_LINE "dhcp_ratelimit =\n", 3,
	    "dhcp_ratelimit: '' is not a decimal number" },
	{ "[statichcpd]\n" REGEX_LINE "default_rebind_time = 1 000\n", 3,
	    "'1 000' is not a decimal number" },
	{ "[statichcpd]\n" REGEX_LINE "default_lease_time = 0\n", 3,
	    "default_lease_time: '0' is out of range 1..4294967295" },
	{ "[statichcpd]\n" REGEX_LINE "disable_ia_id = yes\n", 3,
	    "disable_ia_id: 'yes' is not True, False, 1 or 0" },
	{ "[statichcpd]\n" REGEX_LINE "use_mac_as_client_duid = 2\n", 3,
	    "use_mac_as_client_duid: '2' is not True" },
	{ "[statichcpd]\nserved_interface_regex = ^tap(\n", 2,
	    "served_interface_regex: bad regular expression: " },
	{ "[statichcpd]\nserved_interface_regex =\n", 2,
	    "served_interface_regex: must not be empty" },
	{ "[statichcpd]\n" REGEX_LINE "dhcp_db_filename = db/x.db\n", 3,
	    "dhcp_db_filename: 'db/x.db' is not an absolute path" },
	{ "[statichcpd]\n" REGEX_LINE "dhcp_db_filename =\n", 3,
	    "dhcp_db_filename: must not be empty" },
	{ "[statichcpd]\n" REGEX_LINE "pid_file = run/sd.pid\n", 3,
	    "pid_file: 'run/sd.pid' is not an absolute path" },
	{ "[statichcpd]\n" REGEX_LINE "chroot_dir = empty\n", 3,
	    "chroot_dir: 'empty' is not an absolute path" },
	{ "[statichcpd]\n" REGEX_LINE "user = root;id\n", 3,
	    "user: 'root;id' is not a user name" },
	{ "[statichcpd]\n" REGEX_LINE "user =\n", 3,
	    "user: must not be empty" },
	{ "[statichcpd]\n" REGEX_LINE "default_attributes_file =\n", 3,
	    "default_attributes_file: must not be empty" },
	{ "[statichcpd]\n" REGEX_LINE
	    "disable_routing_with_rawsock = 1\n"
	    "disable_routing_with_udpsock = True\n", 4,
	    "disable_routing_with_udpsock and disable_routing_with_rawsock "
	    "cannot both be True" },
	{ "[statichcpd]\n" REGEX_LINE "this is not a setting\n", 3,
	    "expected '[section]' or 'key = value'" },
	{ "[statichcpd]\n" REGEX_LINE "[]\n", 3,
	    "expected '[section]' or 'key = value'" },
	{ REGEX_LINE "[statichcpd]\n", 1,
	    "expected a [section] header first" },
	{ "[statichcpd]\n" REGEX_LINE "= 5\n", 3,
	    "no key before '=' or ':'" },
	{ "[statichcpd]\n" REGEX_LINE "user = a\nUSER = b\n", 4,
	    "duplicate key 'user' (first on line 3)" },
	{ "[statichcpd]\n" REGEX_LINE "[statichcpd]\n", 3,
	    "duplicate section [statichcpd]" },
	{ "[statichcpd]\n" REGEX_LINE "pid_file = /run/50%.pid\n", 3,
	    "pid_file: '%' must be followed by '%' or '(key)s'" },
	{ "[statichcpd]\n" REGEX_LINE "pid_file = /run/%(nope)s\n", 3,
	    "pid_file: no key 'nope' to interpolate" },
	{ "[statichcpd]\n" REGEX_LINE "pid_file = /run/%(x)\n", 3,
	    "'%' must be followed by" },
	/* the indented line continues the value, as in configparser */
	{ "[statichcpd]\n" REGEX_LINE "dhcp_ratelimit = 5\n"
	    "  max_lease_time = 9000\n", 3,
	    "dhcp_ratelimit: '5\\x0amax_lease_time = 9000' is not a decimal" },
	{ "[statichcpd]\n" REGEX_LINE "user = a\0b\n", 3,
	    "NUL byte in line" },
};

START_TEST(test_bad_value)
{
	/* tu_write_file stops at NUL: write the bytes of the literal */
	size_t len = strlen(bad[_i].text);
	FILE *f;

	if (strcmp(bad[_i].needle, "NUL byte in line") == 0)
		len += 1 + strlen(bad[_i].text + len + 1);
	ck_assert_ptr_nonnull(f = fopen(conf, "w"));
	ck_assert_uint_eq(fwrite(bad[_i].text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	expect_failure(NULL);
	ck_logged(conf, bad[_i].line, bad[_i].needle);
}
END_TEST

START_TEST(test_missing_regex)
{
	tu_write_file(conf, "[statichcpd]\ndhcp_ratelimit = 5\n");
	expect_failure(NULL);
	ck_logged(conf, 0, "served_interface_regex is missing");
}
END_TEST

START_TEST(test_missing_main_file)
{
	expect_failure(NULL);
	ck_logged(conf, 0, "No such file or directory");
	/* a directory is not a configuration file either */
	ck_assert_int_eq(mkdir(conf, 0700), 0);
	expect_failure(NULL);
	ck_logged(conf, 0, "Is a directory");
}
END_TEST

START_TEST(test_all_errors_reported)
{
	tu_write_file(conf, "[statichcpd]\n"
	    "dhcp_ratelimit = x\n"
	    "garbage\n"
	    "user = !\n"
	    "disable_ia_id = maybe\n");
	expect_failure(NULL);
	ck_logged(conf, 2, "dhcp_ratelimit: 'x'");
	ck_logged(conf, 3, "expected '[section]'");
	ck_logged(conf, 4, "user: '!'");
	ck_logged(conf, 5, "disable_ia_id: 'maybe'");
	ck_logged(conf, 0, "served_interface_regex is missing");
}
END_TEST

START_TEST(test_error_in_extra_file)
{
	char path[PATH_MAX];

	tu_write_file(conf, "[statichcpd]\n" REGEX_LINE
	    "disable_routing_with_udpsock = True\n");
	extra_file("10-a.conf", "# ok\n[statichcpd]\nuser = fine\n");
	extra_file("20-b.conf", "[DEFAULT]\n"
	    "default_lease_time = 1h\n"
	    "[statichcpd]\n"
	    "disable_routing_with_rawsock = 1\n");
	expect_failure(extra);
	path_join(path, extra, "20-b.conf");
	ck_logged(path, 2, "default_lease_time: '1h'");
	/* the conflict is reported where the later of the two was set */
	ck_logged(path, 4, "cannot both be True");
}
END_TEST

START_TEST(test_regex_from_extra_file_only)
{
	struct config c;

	/* the required key may come from any file */
	tu_write_file(conf, "[statichcpd]\n");
	extra_file("regex.conf", "[statichcpd]\n" REGEX_LINE);
	ck_assert_int_eq(config_load(conf, extra, &c), 0);
	ck_assert_str_eq(c.iface_regex, "^tap");
}
END_TEST

/*
 * glibc's regcomp() copies x{m,n} n times, so nested counts multiply.  In
 * a plain regcomp() the first takes 4 GB in 4 s and fails (ENOMEM) or
 * runs on, the second 30 s and 4 GB, the third a second.  Refused before
 * regcomp(), at once, with the file and line.
 */
static const struct {
	const char	*re;
	const char	*needle;
} costly[] = {
	{ "((a{1,255}){1,255}){1,255}", "its repetitions expand it to more "
	    "than 10000 elements (nested counts multiply)" },
	{ "a{1,32767}", "repetition count 32767 is more than 255" },
	{ "^tap((a{1,100}){1,100}){1,100}$", "its repetitions expand" },
	{ "x{255}{255}", "its repetitions expand" },
	{ "(a+){100}(b{1,99}|c{1,100})+{50}", "its repetitions expand" },
	{ "a{99999999999999999999}", "a repetition count is more than 255" },
	{ "a{,256}", "repetition count 256 is more than 255" },
};

START_TEST(test_regex_too_costly)
{
	struct timespec t0, t1;
	struct config c;
	char text[256], needle[128];

	snprintf(text, sizeof(text), "[statichcpd]\n"
	    "served_interface_regex = %s\n", costly[_i].re);
	snprintf(needle, sizeof(needle), "served_interface_regex: too costly "
	    "to compile: %s", costly[_i].needle);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(load(text, &c), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_logged(conf, 2, needle);
	ck_assert_msg(t1.tv_sec - t0.tv_sec < 1, "refusing %s took %ld s",
	    costly[_i].re, (long)(t1.tv_sec - t0.tv_sec));
}
END_TEST

/* Right at the limits, and what real files hold, still compiles. */
START_TEST(test_regex_cost_limits)
{
	char deep[2 * RECOST_MAX_DEPTH + 8], why[128];
	struct config c;
	int i;

	ck_assert_int_eq(recost_check("a{255}", why, sizeof(why)), 0);
	ck_assert_int_eq(recost_check("a{256}", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "repetition count 256 is more than 255");
	/* 100 x 100 = RECOST_MAX_SIZE exactly; one more copy is too many */
	ck_assert_int_eq(recost_check("(a{1,100}){1,100}", why, sizeof(why)),
	    0);
	ck_assert_int_eq(recost_check("(a{1,100}){1,101}", why, sizeof(why)),
	    -1);
	/* braces that are not intervals are regcomp()'s to judge */
	ck_assert_int_eq(recost_check("\\{99999}[{]{255}a{", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(recost_check("[]{1000}]x", why, sizeof(why)), 0);
	ck_assert_int_eq(recost_check("[[:digit:]{1000}]", why, sizeof(why)),
	    0);
	/* parentheses: RECOST_MAX_DEPTH deep is fine, one more is not */
	for (i = 0; i < RECOST_MAX_DEPTH; i++)
		deep[i] = '(';
	deep[i] = 'a';
	memset(deep + i + 1, ')', RECOST_MAX_DEPTH);
	deep[2 * RECOST_MAX_DEPTH + 1] = '\0';
	ck_assert_int_eq(recost_check(deep, why, sizeof(why)), 0);
	ck_assert_int_eq(recost_check(deep + 1, why, sizeof(why)), 0);
	memmove(deep + 1, deep, strlen(deep) + 1);
	ck_assert_int_eq(recost_check(deep, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "parentheses nested more than 64 deep");
	ck_assert_int_eq(load("[statichcpd]\nserved_interface_regex = "
	    "^(tap|veth|vnet)[0-9]{1,5}(-[0-9a-f]{4}){0,3}$\n", &c), 0);
	ck_assert_str_eq(tu_log_text(), "");
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *malformed = tcase_create("malformed");

	tcase_add_checked_fixture(core, setup, teardown);
	tcase_add_checked_fixture(limits, setup, teardown);
	tcase_add_checked_fixture(malformed, setup, teardown);
	tcase_add_test(core, test_full_file);
	tcase_add_test(core, test_defaults);
	tcase_add_test(core, test_default_fallback_and_override);
	tcase_add_test(core, test_syntax_forms);
	tcase_add_test(core, test_booleans);
	tcase_add_test(core, test_extra_dir_sorted);
	tcase_add_test(core, test_extra_dir_sections_merge);
	tcase_add_test(core, test_extra_dir_absent);
	tcase_add_test(core, test_unknown_key_warns);
	tcase_add_test(core, test_other_sections_ignored);
	tcase_add_test(core, test_interpolation);
	tcase_add_test(core, test_continuation_lines);
	tcase_add_test(core, test_python_regex_class_warns);
	tcase_add_test(core, test_chroot_dir);
	tcase_add_test(core, test_regex_from_extra_file_only);
	tcase_add_test(limits, test_integer_bounds);
	tcase_add_test(limits, test_restart_max_delay);
	tcase_add_test(limits, test_string_lengths);
	tcase_add_test(limits, test_overlong_path_untouched);
	tcase_add_test(limits, test_interpolation_depth);
	tcase_add_test(limits, test_interpolation_fanout);
	tcase_add_loop_test(limits, test_regex_too_costly, 0,
	    sizeof(costly) / sizeof(costly[0]));
	tcase_add_test(limits, test_regex_cost_limits);
	tcase_add_loop_test(malformed, test_bad_value, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(malformed, test_missing_regex);
	tcase_add_test(malformed, test_missing_main_file);
	tcase_add_test(malformed, test_all_errors_reported);
	tcase_add_test(malformed, test_error_in_extra_file);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, malformed);
	return s;
}

int
main(void)
{
	return tu_run_suite(config_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
