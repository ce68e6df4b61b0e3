#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/cursor.h"
#include "tests/testutil.h"

START_TEST(test_read_in_bounds)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
	struct cursor c, sub;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;

	cur_init(&c, b, sizeof(b));
	ck_assert_int_eq(cur_get_u8(&c, &u8), 0);
	ck_assert_uint_eq(u8, 1);
	ck_assert_int_eq(cur_get_u16(&c, &u16), 0);
	ck_assert_uint_eq(u16, 0x0203);
	ck_assert_int_eq(cur_sub(&c, 2, &sub), 0);
	ck_assert_uint_eq(cur_left(&sub), 2);
	ck_assert_int_eq(cur_get_u16(&sub, &u16), 0);
	ck_assert_uint_eq(u16, 0x0405);
	ck_assert_int_eq(cur_get_u8(&sub, &u8), -EBADMSG);
	ck_assert_uint_eq(cur_left(&c), 2);
	/* a short read fails and leaves the cursor where it was */
	ck_assert_int_eq(cur_get_u32(&c, &u32), -EBADMSG);
	ck_assert_uint_eq(cur_left(&c), 2);
	ck_assert_int_eq(cur_skip(&c, 3), -EBADMSG);
	ck_assert_int_eq(cur_skip(&c, 2), 0);
	ck_assert_uint_eq(cur_left(&c), 0);
}
END_TEST

START_TEST(test_read_empty_and_null)
{
	struct cursor c, sub;
	uint8_t u8;

	cur_init(&c, NULL, 100);
	ck_assert_uint_eq(cur_left(&c), 0);
	ck_assert_int_eq(cur_get_u8(&c, &u8), -EBADMSG);
	ck_assert_int_eq(cur_sub(&c, 1, &sub), -EBADMSG);
	ck_assert_int_eq(cur_sub(&c, 0, &sub), 0);
	ck_assert_int_eq(cur_skip(&c, SIZE_MAX), -EBADMSG);
}
END_TEST

START_TEST(test_write_overflow_is_sticky)
{
	uint8_t b[5];
	struct wbuf w;

	wb_init(&w, b, sizeof(b));
	ck_assert_int_eq(wb_put_u32(&w, 0x01020304), 0);
	ck_assert_int_eq(wb_put_u16(&w, 0xffff), -ENOBUFS);
	ck_assert_int_eq(w.overflow, 1);
	/* one byte would still fit, but the writer stays failed */
	ck_assert_int_eq(wb_put_u8(&w, 9), -ENOBUFS);
	ck_assert_uint_eq(w.len, 4);
	ck_assert_uint_eq(b[0], 1);
	ck_assert_uint_eq(b[3], 4);
}
END_TEST

START_TEST(test_write_patch_length)
{
	uint8_t b[8];
	struct wbuf w;

	wb_init(&w, b, sizeof(b));
	wb_put_u16(&w, 0);
	wb_put_zero(&w, 3);
	ck_assert_int_eq(wb_set_u16(&w, 0, 3), 0);
	ck_assert_uint_eq(b[1], 3);
	ck_assert_int_eq(wb_set_u16(&w, 4, 1), -EINVAL);
}
END_TEST

static Suite *
cursor_suite(void)
{
	Suite *s = suite_create("cursor");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");

	tcase_add_test(core, test_read_in_bounds);
	tcase_add_test(core, test_write_patch_length);
	tcase_add_test(limits, test_read_empty_and_null);
	tcase_add_test(limits, test_write_overflow_is_sticky);
	suite_add_tcase(s, core);
	suite_add_tcase(s, limits);
	return s;
}

int
main(void)
{
	return tu_run_suite(cursor_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
