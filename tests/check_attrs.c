#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/attrs.h"
#include "tests/testutil.h"

static char	tmpdir[PATH_MAX];
static struct attr_table *tab;

static void
setup(void)
{
	tu_mkdtemp(tmpdir, sizeof(tmpdir));
	tu_log_capture();
	tab = calloc(1, sizeof(*tab));
	ck_assert_ptr_nonnull(tab);
}

static void
teardown(void)
{
	free(tab);
	tu_rm_rf(tmpdir);
}

static void
mkpath(char *buf, const char *dir, const char *name)
{
	ck_assert_int_lt(snprintf(buf, PATH_MAX, "%s/%s", dir, name),
	    PATH_MAX);
}

static const struct attr_def *
find(const struct attr_table *t, uint32_t opcode)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->defs[i].opcode == opcode)
			return &t->defs[i];
	return NULL;
}

static void
expect(const struct attr_table *t, uint32_t opcode, uint32_t max, int dt)
{
	const struct attr_def *d = find(t, opcode);

	ck_assert_msg(d != NULL, "opcode %u missing", opcode);
	ck_assert_uint_eq(d->max_count, max);
	ck_assert_int_eq(d->datatype, dt);
}

/* Write content to tmpdir/name and load it; returns attr_csv_load's value. */
static int
load(const char *name, const char *content, enum attr_family fam)
{
	char path[PATH_MAX];

	mkpath(path, tmpdir, name);
	tu_write_file(path, content);
	return attr_csv_load(path, fam, tab);
}

START_TEST(test_default_v4_csv)
{
	char path[PATH_MAX];

	mkpath(path, tu_srcdir(), "schema/default_attr.csv");
	ck_assert_int_eq(attr_csv_load(path, ATTR_FAMILY_V4, tab), 0);
	ck_assert_msg(tu_log_text()[0] == '\0', "%s", tu_log_text());
	ck_assert_uint_eq(tab->n, 19);
	expect(tab, 1, 1, ATTR_IPV4);
	expect(tab, 2, 1, ATTR_INT32);
	expect(tab, 3, 3, ATTR_IPV4);
	expect(tab, 4, 100, ATTR_IPV4);
	expect(tab, 5, 100, ATTR_IPV4);
	expect(tab, 6, 100, ATTR_IPV4);
	expect(tab, 7, 100, ATTR_IPV4);
	expect(tab, 12, 1, ATTR_STRING);
	expect(tab, 15, 1, ATTR_STRING);
	expect(tab, 26, 1, ATTR_INT16);
	expect(tab, 28, 1, ATTR_IPV4);
	expect(tab, 33, 100, ATTR_STATICRT);
	expect(tab, 47, 1, ATTR_STRING);
	expect(tab, 69, 100, ATTR_IPV4);
	expect(tab, 70, 100, ATTR_IPV4);
	expect(tab, 119, 100, ATTR_DOMAIN);
	expect(tab, 121, 100, ATTR_STATICRT);
	expect(tab, ATTR_V4_ADDRESS, 1, ATTR_IPV4);
	expect(tab, ATTR_V4_SERVER_ID, 1, ATTR_IPV4);
}
END_TEST

START_TEST(test_default_v6_csv)
{
	char path[PATH_MAX];

	mkpath(path, tu_srcdir(), "schema/default_v6attr.csv");
	ck_assert_int_eq(attr_csv_load(path, ATTR_FAMILY_V6, tab), 0);
	ck_assert_msg(tu_log_text()[0] == '\0', "%s", tu_log_text());
	ck_assert_uint_eq(tab->n, 12);
	expect(tab, 23, 100, ATTR_IPV6);
	expect(tab, 24, 100, ATTR_DOMAIN);
	expect(tab, 31, 100, ATTR_IPV6);
	expect(tab, 39, 100, ATTR_STRING);
	expect(tab, 3, 100, ATTR_IA);
	expect(tab, 4, 100, ATTR_IA);
	expect(tab, 25, 100, ATTR_PD);
	expect(tab, ATTR_V6_T1, 1, ATTR_INT32);
	expect(tab, ATTR_V6_T2, 1, ATTR_INT32);
	expect(tab, ATTR_V6_PREF_LIFETIME, 1, ATTR_INT32);
	expect(tab, ATTR_V6_VALID_LIFETIME, 1, ATTR_INT32);
	expect(tab, 12, 1, ATTR_IPV6);
}
END_TEST

START_TEST(test_datatype_names)
{
	static const char *const names[] = { "IPV4", "IPV6", "INT16",
	    "INT32", "STRING", "STATICRT", "IA", "PD", "DOMAIN" };
	int i;

	for (i = 0; i < 9; i++) {
		ck_assert_int_eq(attr_datatype_from_name(names[i]), i + 1);
		ck_assert_str_eq(attr_datatype_name(i + 1), names[i]);
	}
	ck_assert_int_eq(attr_datatype_from_name("  IPV4 \t"), ATTR_IPV4);
	ck_assert_int_eq(attr_datatype_from_name("ipv6"), ATTR_IPV6);
	ck_assert_int_eq(attr_datatype_from_name("IPV5"), -1);
	ck_assert_int_eq(attr_datatype_from_name("IPV"), -1);
	ck_assert_int_eq(attr_datatype_from_name(""), -1);
	ck_assert_int_eq(attr_datatype_from_name("1"), -1);
	ck_assert_str_eq(attr_datatype_name(0), "UNKNOWN");
	ck_assert_str_eq(attr_datatype_name(10), "UNKNOWN");
	ck_assert_str_eq(attr_datatype_name(-1), "UNKNOWN");
}
END_TEST

START_TEST(test_opcode_names)
{
	static const struct {
		const char	*name;
		int		 fam;
		uint32_t	 code;
	} ok[] = {
		{ "DHCP_OPT_NETMASK", 4, 1 },	{ "DHCP_OPT_TIMEOFFSET", 4, 2 },
		{ "DHCP_OPT_ROUTER", 4, 3 },	{ "TIMESERVER", 4, 4 },
		{ "NAMESERVER", 4, 5 },		{ "DHCP_OPT_DNS_SVRS", 4, 6 },
		{ "DHCP_OPT_LOGSERV", 4, 7 },	{ "DHCP_OPT_HOSTNAME", 4, 12 },
		{ "DHCP_OPT_DOMAIN", 4, 15 },	{ "DHCP_OPT_MTUSIZE", 4, 26 },
		{ "BROADCASTADDR", 4, 28 },	{ "STATICROUTE", 4, 33 },
		{ "DHCP_OPT_NBNS", 4, 44 },	{ "NBTCPSCOPE", 4, 47 },
		{ "SMTPSERVER", 4, 69 },	{ "POP3SERVER", 4, 70 },
		{ "DHCP_OPT_NNTPSERVER", 4, 71 },
		{ "DHCP_OPT_STDASERVER", 4, 76 },
		{ "dhcp_opt_router", 4, 3 },
		{ "DHCP_IP_OPCODE", 4, 256 },
		{ "DHCP_NON_DEFAULT_SERVERID_OPCODE", 4, 258 },
		{ "DHCP6_OPT_CLIENTID", 6, 1 },	{ "DHCP6_OPT_IA_NA", 6, 3 },
		{ "DHCP6_OPT_IA_TA", 6, 4 },	{ "DHCP6_OPT_UNICAST", 6, 12 },
		{ "DHCP6_OPT_DNS_SERVERS", 6, 23 },
		{ "DHCP6_OPT_DOMAIN_LIST", 6, 24 },
		{ "DHCP6_OPT_IA_PD", 6, 25 },	{ "SNTP_SERVERS", 6, 31 },
		{ "DHCP6_OPT_INFORMATION_REFRESH_TIME", 6, 32 },
		{ "DHCP6_OPT_CLIENT_FQDN", 6, 39 },
		{ "DHCP6_OPT_Address_MoS", 6, 54 },
		{ "DHCP6_OPT_V6_DOTS_ADDRESS", 6, 142 },
		{ "DHCP6_NON_DEFAULT_T1", 6, 259 },
		{ "DHCP6_NON_DEFAULT_T2", 6, 260 },
		{ "DHCP6_NON_DEFAULT_PREF_LIFETIME", 6, 261 },
		{ "DHCP6_NON_DEFAULT_VALID_LIFETIME", 6, 262 },
		{ "DHCP_IP_OPCODE", 6, 256 },
		{ " DHCP_OPT_ROUTER  ", 4, 3 },
	};
	static const struct {
		const char	*name;
		int		 fam;
	} bad[] = {
		{ "DHCP_OPT_", 4 },		{ "DHCP_OPT_FOO", 4 },
		{ "DHCP6_OPT_DNS_SERVERS", 4 },	{ "DHCP6_NON_DEFAULT_T1", 4 },
		{ "DHCP_OPT_ROUTER", 6 },	{ "DHCP6_OPT_10", 6 },
		{ "DHCP_OP_REQUEST", 4 },	{ "DHCPDISCOVER", 4 },
		{ "NON_DEFAULT_T1", 6 },	{ "", 4 },
		{ "   ", 6 },			{ "DHCP_OPT_ ROUTER", 4 },
	};
	uint32_t v;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = 0;
		ck_assert_msg(attr_opcode_parse(ok[i].name, ok[i].fam, &v) == 0,
		    "%s rejected", ok[i].name);
		ck_assert_msg(v == ok[i].code, "%s: %u != %u", ok[i].name, v,
		    ok[i].code);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 12345;
		ck_assert_msg(attr_opcode_parse(bad[i].name, bad[i].fam,
		    &v) == -1, "\"%s\" accepted", bad[i].name);
		ck_assert_uint_eq(v, 12345);
	}
}
END_TEST

START_TEST(test_numeric_and_symbolic_rows)
{
	ck_assert_int_eq(load("a.csv",
	    "opcode,max_count,datatype\n"
	    "3,2,IPV4\n"
	    "DHCP_OPT_DNS_SVRS,4,IPV4\n"
	    "MTUSIZE,1,INT16\n"
	    "224,1,STRING\n"
	    "256,1,IPV4\n", ATTR_FAMILY_V4), 0);
	ck_assert_uint_eq(tab->n, 5);
	expect(tab, 3, 2, ATTR_IPV4);
	expect(tab, 6, 4, ATTR_IPV4);
	expect(tab, 26, 1, ATTR_INT16);
	expect(tab, 224, 1, ATTR_STRING);
	expect(tab, 256, 1, ATTR_IPV4);
	ck_assert_int_eq(load("b.csv",
	    "opcode,max_count,datatype\n"
	    "DHCP6_OPT_NTP_SERVER,10,IPV6\n"
	    "65535,1,STRING\n", ATTR_FAMILY_V6), 0);
	expect(tab, 56, 10, ATTR_IPV6);
	expect(tab, 65535, 1, ATTR_STRING);
}
END_TEST

START_TEST(test_table_set_replaces)
{
	struct attr_def d = { 3, 1, ATTR_IPV4 };

	ck_assert_int_eq(attr_table_set(tab, &d), 0);
	d.max_count = 5;
	ck_assert_int_eq(attr_table_set(tab, &d), 0);
	ck_assert_uint_eq(tab->n, 1);
	expect(tab, 3, 5, ATTR_IPV4);
	d.max_count = 0;
	ck_assert_int_eq(attr_table_set(tab, &d), -EINVAL);
	d.max_count = 1;
	d.datatype = 10;
	ck_assert_int_eq(attr_table_set(tab, &d), -EINVAL);
	d.datatype = ATTR_IPV4;
	d.opcode = 65536;
	ck_assert_int_eq(attr_table_set(tab, &d), -EINVAL);
	ck_assert_uint_eq(tab->n, 1);
}
END_TEST

START_TEST(test_later_row_wins)
{
	ck_assert_int_eq(load("a.csv",
	    "opcode,max_count,datatype\n"
	    "DHCP_OPT_ROUTER,3,IPV4\n"
	    "6,100,IPV4\n"
	    "3,1,IPV4\n", ATTR_FAMILY_V4), 0);
	ck_assert_uint_eq(tab->n, 2);
	expect(tab, 3, 1, ATTR_IPV4);
	/* an additional file on top of the defaults replaces their rows */
	ck_assert_int_eq(load("b.csv",
	    "opcode,max_count,datatype\n"
	    "DNS_SVRS,2,IPV4\n"
	    "121,100,STATICRT\n", ATTR_FAMILY_V4), 0);
	ck_assert_uint_eq(tab->n, 3);
	expect(tab, 3, 1, ATTR_IPV4);
	expect(tab, 6, 2, ATTR_IPV4);
	expect(tab, 121, 100, ATTR_STATICRT);
}
END_TEST

START_TEST(test_blanks_crlf_and_layout)
{
	/* trailing blanks (3.x's own CSV had them), CRLF, blank lines,
	 * quotes, a trailing comma, a BOM and no final newline */
	ck_assert_int_eq(load("a.csv",
	    "\xef\xbb\xbf opcode , max_count , datatype \r\n"
	    "\r\n"
	    "DHCP_OPT_ROUTER,3,IPV4 \r\n"
	    "  \t\n"
	    " 6 , 100 ,\tIPV4\t\n"
	    "\"15\",\"1\",\"STRING\"\n"
	    "26,1,INT16,\n"
	    "\n"
	    "28,1,IPV4", ATTR_FAMILY_V4), 0);
	ck_assert_msg(tu_log_text()[0] == '\0', "%s", tu_log_text());
	ck_assert_uint_eq(tab->n, 5);
	expect(tab, 3, 3, ATTR_IPV4);
	expect(tab, 6, 100, ATTR_IPV4);
	expect(tab, 15, 1, ATTR_STRING);
	expect(tab, 26, 1, ATTR_INT16);
	expect(tab, 28, 1, ATTR_IPV4);
}
END_TEST

START_TEST(test_header_only)
{
	ck_assert_int_eq(load("a.csv", "opcode,max_count,datatype\n",
	    ATTR_FAMILY_V6), 0);
	ck_assert_uint_eq(tab->n, 0);
	ck_assert_int_eq(load("b.csv", "opcode,max_count,datatype",
	    ATTR_FAMILY_V6), 0);
	ck_assert_uint_eq(tab->n, 0);
}
END_TEST

START_TEST(test_numeric_bounds)
{
	ck_assert_int_eq(load("a.csv",
	    "opcode,max_count,datatype\n"
	    "0,1,STRING\n"
	    "65535,2147483647,STRING\n"
	    "0007,001,IPV4\n", ATTR_FAMILY_V6), 0);
	expect(tab, 0, 1, ATTR_STRING);
	expect(tab, 65535, 2147483647, ATTR_STRING);
	expect(tab, 7, 1, ATTR_IPV4);
	ck_assert_int_eq(load("b.csv",
	    "opcode,max_count,datatype\n"
	    "65536,1,STRING\n"
	    "99999999999999999999,1,STRING\n"
	    "1,2147483648,STRING\n"
	    "1,0,STRING\n", ATTR_FAMILY_V6), -1);
	ck_assert_uint_eq(tab->n, 3);
	ck_assert(tu_log_contains("b.csv:2: unknown opcode \"65536\""));
	ck_assert(tu_log_contains("b.csv:3: unknown opcode"));
	ck_assert(tu_log_contains("b.csv:4: bad max_count \"2147483648\""));
	ck_assert(tu_log_contains("b.csv:5: bad max_count \"0\""));
}
END_TEST

START_TEST(test_table_full)
{
	char *buf, *p;
	size_t len = 64 + (ATTR_TABLE_MAX + 1) * 24;
	int i;

	buf = malloc(len);
	ck_assert_ptr_nonnull(buf);
	p = buf + sprintf(buf, "opcode,max_count,datatype\n");
	for (i = 0; i < ATTR_TABLE_MAX + 1; i++)
		p += sprintf(p, "%d,1,STRING\n", 1000 + i);
	ck_assert_int_eq(load("a.csv", buf, ATTR_FAMILY_V6), -1);
	ck_assert_uint_eq(tab->n, ATTR_TABLE_MAX);
	ck_assert_msg(tu_log_contains("a.csv:1026: more than 1024"), "%s",
	    tu_log_text());
	/* replacing an existing opcode still works when full */
	ck_assert_int_eq(load("b.csv", "opcode,max_count,datatype\n"
	    "1000,7,IPV6\n", ATTR_FAMILY_V6), 0);
	expect(tab, 1000, 7, ATTR_IPV6);
	free(buf);
}
END_TEST

START_TEST(test_bad_rows_skipped)
{
	ck_assert_int_eq(load("bad.csv",
	    "opcode,max_count,datatype\n"
	    "3,3,IPV4\n"
	    "DHCP_OPT_NOPE,1,IPV4\n"
	    "6,100,IPV7\n"
	    "12,-1,STRING\n"
	    "15,one,STRING\n"
	    "26,1\n"
	    "28,1,IPV4,extra\n"
	    ",1,IPV4\n"
	    "33,,STATICRT\n"
	    "47,1,\n"
	    "-5,1,IPV4\n"
	    "69,100,IPV4\n", ATTR_FAMILY_V4), -1);
	ck_assert_uint_eq(tab->n, 2);
	expect(tab, 3, 3, ATTR_IPV4);
	expect(tab, 69, 100, ATTR_IPV4);
	ck_assert(tu_log_contains("bad.csv:3: unknown opcode "
	    "\"DHCP_OPT_NOPE\""));
	ck_assert(tu_log_contains("bad.csv:4: unknown datatype \"IPV7\""));
	ck_assert(tu_log_contains("bad.csv:5: bad max_count \"-1\""));
	ck_assert(tu_log_contains("bad.csv:6: bad max_count \"one\""));
	ck_assert(tu_log_contains("bad.csv:7: expected 3 fields"));
	ck_assert(tu_log_contains("bad.csv:8: expected 3 fields"));
	ck_assert(tu_log_contains("bad.csv:9: unknown opcode \"\""));
	ck_assert(tu_log_contains("bad.csv:10: bad max_count"));
	ck_assert(tu_log_contains("bad.csv:11: unknown datatype"));
	ck_assert(tu_log_contains("bad.csv:12: unknown opcode \"-5\""));
	ck_assert(!tu_log_contains("bad.csv:2:"));
	ck_assert(!tu_log_contains("bad.csv:13:"));
}
END_TEST

START_TEST(test_wrong_family_names)
{
	ck_assert_int_eq(load("v6.csv",
	    "opcode,max_count,datatype\n"
	    "DHCP_OPT_ROUTER,3,IPV4\n"
	    "DHCP6_OPT_DNS_SERVERS,3,IPV6\n", ATTR_FAMILY_V6), -1);
	ck_assert_uint_eq(tab->n, 1);
	expect(tab, 23, 3, ATTR_IPV6);
	ck_assert(tu_log_contains("v6.csv:2: unknown opcode"));
}
END_TEST

START_TEST(test_bad_header)
{
	ck_assert_int_eq(load("a.csv",
	    "opcode,datatype,max_count\n"
	    "3,3,IPV4\n", ATTR_FAMILY_V4), -1);
	ck_assert_uint_eq(tab->n, 0);
	ck_assert(tu_log_contains("a.csv:1: header must be"));
	tu_log_reset();
	/* a file without a header: its first row is not taken as one */
	ck_assert_int_eq(load("b.csv", "3,3,IPV4\n6,1,IPV4\n",
	    ATTR_FAMILY_V4), -1);
	ck_assert_uint_eq(tab->n, 0);
	ck_assert(tu_log_contains("b.csv:1: header must be"));
}
END_TEST

START_TEST(test_empty_and_missing_file)
{
	char path[PATH_MAX];

	ck_assert_int_eq(load("empty.csv", "", ATTR_FAMILY_V4), -1);
	ck_assert(tu_log_contains("empty.csv: empty file"));
	mkpath(path, tmpdir, "nonexistent.csv");
	ck_assert_int_eq(attr_csv_load(path, ATTR_FAMILY_V4, tab), -1);
	ck_assert_msg(tu_log_contains("nonexistent.csv: cannot read attribute "
	    "file: No such file or directory"), "%s", tu_log_text());
	/* a directory is not a file either */
	ck_assert_int_eq(attr_csv_load(tmpdir, ATTR_FAMILY_V4, tab), -1);
	ck_assert_uint_eq(tab->n, 0);
}
END_TEST

START_TEST(test_control_bytes_escaped)
{
	ck_assert_int_eq(load("a.csv",
	    "opcode,max_count,datatype\n"
	    "3\x1b[2J,1,IPV4\n", ATTR_FAMILY_V4), -1);
	ck_assert(!tu_log_contains("\x1b"));
	ck_assert(tu_log_contains("a.csv:2: unknown opcode"));
}
END_TEST

static Suite *
attrs_suite(void)
{
	Suite *s = suite_create("attrs");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *malformed = tcase_create("malformed");

	tcase_add_checked_fixture(core, setup, teardown);
	tcase_add_checked_fixture(limits, setup, teardown);
	tcase_add_checked_fixture(malformed, setup, teardown);
	tcase_add_test(core, test_default_v4_csv);
	tcase_add_test(core, test_default_v6_csv);
	tcase_add_test(core, test_datatype_names);
	tcase_add_test(core, test_opcode_names);
	tcase_add_test(core, test_numeric_and_symbolic_rows);
	tcase_add_test(core, test_table_set_replaces);
	tcase_add_test(core, test_later_row_wins);
	tcase_add_test(limits, test_blanks_crlf_and_layout);
	tcase_add_test(limits, test_header_only);
	tcase_add_test(limits, test_numeric_bounds);
	tcase_add_test(limits, test_table_full);
	tcase_add_test(malformed, test_bad_rows_skipped);
	tcase_add_test(malformed, test_wrong_family_names);
	tcase_add_test(malformed, test_bad_header);
	tcase_add_test(malformed, test_empty_and_missing_file);
	tcase_add_test(malformed, test_control_bytes_escaped);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, malformed);
	return s;
}

int
main(void)
{
	return tu_run_suite(attrs_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
