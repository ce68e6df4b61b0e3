#include <stdlib.h>
#include <string.h>

#include "common/ipc.h"
#include "common/stats.h"
#include "tests/testutil.h"

static char *
render(const char *iface, const struct stats_counters *c)
{
	static char buf[16384];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	ck_assert_ptr_nonnull(f);
	stats_write_prom(f, iface, c);
	fclose(f);
	return buf;
}

START_TEST(test_add_and_zero)
{
	struct stats_counters a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	ck_assert_int_eq(stats_is_zero(&a), 1);
	b.v4_in[1] = 3;
	b.send_errors = 2;
	stats_add(&a, &b);
	stats_add(&a, &b);
	ck_assert_uint_eq(a.v4_in[1], 6);
	ck_assert_uint_eq(a.send_errors, 4);
	ck_assert_int_eq(stats_is_zero(&a), 0);
}
END_TEST

START_TEST(test_prom_total_lists_everything)
{
	struct stats_counters c;
	const char *out;

	memset(&c, 0, sizeof(c));
	c.v4_in[1] = 7;
	c.v6_out[7] = 2;
	c.unknown_client = 5;
	out = render(NULL, &c);
	ck_assert_ptr_nonnull(strstr(out, "statichcpd_dhcpv4_messages_total"
	    "{direction=\"in\",type=\"discover\"} 7\n"));
	ck_assert_ptr_nonnull(strstr(out, "statichcpd_dhcpv6_messages_total"
	    "{direction=\"out\",type=\"reply\"} 2\n"));
	/* totals show zeros too, so every series exists from the start */
	ck_assert_ptr_nonnull(strstr(out, "statichcpd_dhcpv4_messages_total"
	    "{direction=\"out\",type=\"nak\"} 0\n"));
	ck_assert_ptr_nonnull(strstr(out, "statichcpd_unknown_clients_total 5\n"));
}
END_TEST

START_TEST(test_prom_interface_only_nonzero)
{
	struct stats_counters c;
	const char *out;

	memset(&c, 0, sizeof(c));
	c.v4_out[5] = 1;
	c.rate_limited = 9;
	out = render("tap0", &c);
	ck_assert_ptr_nonnull(strstr(out, "statichcpd_dhcpv4_messages_total"
	    "{interface=\"tap0\",direction=\"out\",type=\"ack\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(out,
	    "statichcpd_rate_limited_total{interface=\"tap0\"} 9\n"));
	ck_assert_ptr_null(strstr(out, "type=\"nak\""));
	ck_assert_ptr_null(strstr(out, "db_busy"));
}
END_TEST

START_TEST(test_counters_do_not_wrap_at_32_bits)
{
	struct stats_counters a, b;
	char line[LOG_LINE_MAX];

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.v4_in[1] = 0xffffffffull;
	b.v4_in[1] = 2;
	stats_add(&a, &b);
	ck_assert_uint_eq(a.v4_in[1], 0x100000001ull);
	stats_format(line, sizeof(line), &a);
	ck_assert_ptr_nonnull(strstr(line, "discover 4294967297"));
}
END_TEST

static Suite *
stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");

	tcase_add_test(core, test_add_and_zero);
	tcase_add_test(core, test_prom_total_lists_everything);
	tcase_add_test(core, test_prom_interface_only_nonzero);
	tcase_add_test(limits, test_counters_do_not_wrap_at_32_bits);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	return s;
}

int
main(void)
{
	return tu_run_suite(stats_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
