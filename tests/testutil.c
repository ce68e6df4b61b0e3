#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "tests/testutil.h"

static char	captured[65536];
static size_t	captured_len;

static void
capture_sink(int priority, const char *line)
{
	size_t n = strlen(line);

	(void)priority;
	if (captured_len + n + 2 > sizeof(captured))
		return;
	memcpy(captured + captured_len, line, n);
	captured_len += n;
	captured[captured_len++] = '\n';
	captured[captured_len] = '\0';
}

void
tu_log_capture(void)
{
	log_setverbose(1);
	log_set_sink(capture_sink);
	tu_log_reset();
}

void
tu_log_reset(void)
{
	captured_len = 0;
	captured[0] = '\0';
}

int
tu_log_contains(const char *needle)
{
	return strstr(captured, needle) != NULL;
}

const char *
tu_log_text(void)
{
	return captured;
}

void
tu_mkdtemp(char *buf, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(buf, len, "%s/statichcpd-test.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(buf));
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

void
tu_rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
tu_write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	fputs(content, f);
	ck_assert_int_eq(fclose(f), 0);
}

const char *
tu_srcdir(void)
{
	const char *s = getenv("TOP_SRCDIR");

	return s != NULL && *s != '\0' ? s : ".";
}

int
tu_need_root(const char *what)
{
	const char *ci = getenv("CI");

	if (geteuid() == 0)
		return 1;
	if (ci != NULL && strcmp(ci, "true") == 0)
		ck_abort_msg("%s needs root, and CI=true forbids skipping", what);
	fprintf(stderr, "SKIP: %s needs root\n", what);
	return 0;
}

int
tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed;
}
