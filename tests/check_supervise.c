/*
 * What the monitor accepts from a responder: whitelisted types with the
 * right sizes, no descriptors, READY once.  Messages arrive over a real
 * socketpair, as from a responder.  And the back-off between restarts.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/ipc.h"
#include "monitor/monitor.h"
#include "tests/testutil.h"

static int sp[2];

static void
setup(void)
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp), 0);
}

static void
teardown(void)
{
	close(sp[0]);
	close(sp[1]);
}

/* send, receive, and judge as the monitor does */
static const char *
judge(uint32_t type, const void *data, size_t len, int fd, int ready)
{
	static struct ipc_msg m;
	const char *verdict;

	ck_assert_int_eq(ipc_send(sp[0], type, data, len, fd), 0);
	ck_assert_int_eq(ipc_recv(sp[1], &m), 1);
	verdict = supervise_check_message(&m, ready);
	if (m.fd >= 0)
		close(m.fd);
	return verdict;
}

START_TEST(test_whitelisted_messages_pass)
{
	struct msg_log ml = { .priority = LOG_INFO };
	struct msg_stats ms;

	strcpy(ml.text, "responder: hello");
	memset(&ms, 0, sizeof(ms));
	ck_assert_ptr_null(judge(MSG_LOG, &ml,
	    offsetof(struct msg_log, text) + strlen(ml.text) + 1, -1, 1));
	ck_assert_ptr_null(judge(MSG_STATS, &ms, sizeof(ms), -1, 1));
	ck_assert_ptr_null(judge(MSG_RESPONDER_READY, NULL, 0, -1, 0));
	{
		uint8_t buf[256];
		size_t off = 0;

		ipc_log_append(buf, sizeof(buf), &off, LOG_INFO, "a");
		ipc_log_append(buf, sizeof(buf), &off, LOG_DEBUG, "b");
		ck_assert_ptr_null(judge(MSG_LOG_BATCH, buf, off, -1, 1));
	}
}
END_TEST

START_TEST(test_violations_are_named)
{
	struct msg_log ml = { .priority = 9 };
	struct msg_iface mi;
	struct msg_stats ms;

	memset(&mi, 0, sizeof(mi));
	memset(&ms, 0, sizeof(ms));
	strcpy(ml.text, "x");
	/* a monitor-to-responder type */
	ck_assert_str_eq(judge(MSG_IFACE_ADD, &mi, sizeof(mi), -1, 1),
	    "a message only the monitor sends");
	/* wrong size for its type */
	ck_assert_str_eq(judge(MSG_STATS, &ms, sizeof(ms) - 1, -1, 1),
	    "bad size or unknown type");
	/* unknown type */
	ck_assert_str_eq(judge(200, NULL, 0, -1, 1), "bad size or unknown type");
	/* a descriptor passed to the monitor */
	ck_assert_str_eq(judge(MSG_STATS, &ms, sizeof(ms), STDIN_FILENO, 1),
	    "a file descriptor from the responder");
	/* priority outside syslog's range */
	ck_assert_str_eq(judge(MSG_LOG, &ml,
	    offsetof(struct msg_log, text) + 2, -1, 1), "bad log priority");
	/* a batch with one priority outside syslog's range */
	{
		uint8_t buf[256];
		size_t off = 0;

		ipc_log_append(buf, sizeof(buf), &off, LOG_INFO, "a");
		ipc_log_append(buf, sizeof(buf), &off, 9, "b");
		ck_assert_str_eq(judge(MSG_LOG_BATCH, buf, off, -1, 1),
		    "bad log priority");
	}
	/* READY twice */
	ck_assert_str_eq(judge(MSG_RESPONDER_READY, NULL, 0, -1, 1),
	    "second READY");
}
END_TEST

/* delays of n restarts in a row, none healthy, as "250 500 ..." */
static const char *
delays(unsigned n, unsigned max_ms)
{
	static char buf[512];
	unsigned ms = 0;
	size_t len = 0;

	buf[0] = '\0';
	while (n-- > 0 && len < sizeof(buf)) {
		ms = supervise_backoff(ms, 0, max_ms);
		len += snprintf(buf + len, sizeof(buf) - len, "%s%u",
		    len > 0 ? " " : "", ms);
	}
	return buf;
}

START_TEST(test_backoff)
{
	/* the default ceiling, 30 s */
	ck_assert_str_eq(delays(10, 30000), "250 500 1000 2000 4000 8000 "
	    "16000 30000 30000 30000");
	/* responder_restart_max_delay = 1 */
	ck_assert_str_eq(delays(6, 1000), "250 500 1000 1000 1000 1000");
	/* = 3600: doubling all the way up */
	ck_assert_str_eq(delays(16, 3600000), "250 500 1000 2000 4000 8000 "
	    "16000 32000 64000 128000 256000 512000 1024000 2048000 3600000 "
	    "3600000");
	/* a healthy run starts over */
	ck_assert_uint_eq(supervise_backoff(30000, 1, 30000), 250);
	/* never below 250 ms, whatever the ceiling */
	ck_assert_uint_eq(supervise_backoff(250, 0, 100), 250);
	ck_assert_uint_eq(supervise_backoff(0, 0, 100), 250);
}
END_TEST

static Suite *
supervise_suite(void)
{
	Suite *s = suite_create("supervise");
	TCase *malformed = tcase_create("malformed");
	TCase *backoff = tcase_create("backoff");

	tcase_add_checked_fixture(malformed, setup, teardown);
	tcase_add_test(malformed, test_whitelisted_messages_pass);
	tcase_add_test(malformed, test_violations_are_named);
	tcase_add_test(backoff, test_backoff);
	suite_add_tcase(s, malformed);
	suite_add_tcase(s, backoff);
	return s;
}

int
main(void)
{
	return tu_run_suite(supervise_suite()) == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
