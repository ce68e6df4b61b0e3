/* Shared helpers for the Check suites. */
#ifndef STATICHCPD_TESTUTIL_H
#define STATICHCPD_TESTUTIL_H

#include <check.h>
#include <stddef.h>

/* Capture log lines (installs a log sink); tu_log_reset() clears them. */
void	 tu_log_capture(void);
void	 tu_log_reset(void);
/* 1 if some captured line contains needle. */
int	 tu_log_contains(const char *needle);
/* All captured lines, newline-separated (for failure messages). */
const char *tu_log_text(void);

/* mkdtemp under $TMPDIR or /tmp; path returned is static per call site
 * buffer owned by the caller (must hold PATH_MAX). */
void	 tu_mkdtemp(char *buf, size_t len);
void	 tu_rm_rf(const char *path);
void	 tu_write_file(const char *path, const char *content);
/* The source tree's top (for schema/ and tests/ data): $TOP_SRCDIR or ".". */
const char *tu_srcdir(void);

/*
 * Privileged tests: 1 when root.  When not root, prints a skip message and
 * returns 0 -- unless CI=true, where not being root fails the test.
 */
int	 tu_need_root(const char *what);

/* Run a suite; returns the number of failures (for main's exit status). */
int	 tu_run_suite(Suite *s);

#endif
