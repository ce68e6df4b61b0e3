/*
 * The descriptor reaper: what is handed over gets closed, by the pool when
 * it runs and at once when it does not; drain waits for all of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/fdreaper.h"
#include "tests/testutil.h"

#define NPIPES	500

static int
is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

START_TEST(test_closes_inline_when_stopped)
{
	int p[2];

	ck_assert_int_eq(fdreaper_running(), 0);
	ck_assert_int_eq(pipe(p), 0);
	fdreaper_close(p[0]);
	ck_assert(!is_open(p[0]));
	close(p[1]);
	fdreaper_close(-1);	/* harmless */
}
END_TEST

START_TEST(test_pool_closes_everything_handed_over)
{
	static int fds[2 * NPIPES];
	int i;

	ck_assert_int_eq(fdreaper_start(4), 4);
	ck_assert_int_eq(fdreaper_running(), 4);
	ck_assert_int_eq(fdreaper_start(4), 0);	/* already running */
	for (i = 0; i < NPIPES; i++)
		ck_assert_int_eq(pipe(&fds[2 * i]), 0);
	for (i = 0; i < 2 * NPIPES; i++)
		fdreaper_close(fds[i]);
	fdreaper_drain();
	ck_assert_int_eq(fdreaper_running(), 0);
	for (i = 0; i < 2 * NPIPES; i++)
		ck_assert_msg(!is_open(fds[i]), "fd %d still open", fds[i]);
	/* and it can start again */
	ck_assert_int_eq(fdreaper_start(1), 1);
	fdreaper_drain();
}
END_TEST

START_TEST(test_thread_count_is_capped)
{
	ck_assert_int_eq(fdreaper_start(1000), FDREAPER_MAX_THREADS);
	fdreaper_drain();
	ck_assert_int_eq(fdreaper_start(0), 1);
	fdreaper_drain();
}
END_TEST

static Suite *
fdreaper_suite(void)
{
	Suite *s = suite_create("fdreaper");
	TCase *core = tcase_create("core");

	tcase_add_test(core, test_closes_inline_when_stopped);
	tcase_add_test(core, test_pool_closes_everything_handed_over);
	tcase_add_test(core, test_thread_count_is_capped);
	suite_add_tcase(s, core);
	return s;
}

int
main(void)
{
	return tu_run_suite(fdreaper_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
