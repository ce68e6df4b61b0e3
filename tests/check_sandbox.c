/*
 * The responder's seccomp filter, installed for real in a forked child per
 * case: allowed calls work, forbidden ones kill with SIGSYS, write-opens
 * fail with EACCES, and threads started before the filter are under it.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fdreaper.h"
#include "responder/responder.h"
#include "tests/testutil.h"

enum outcome { OK_EXIT = 0, EXIT_EACCES = 3, KILLED = -1, OTHER = -2 };

/* Run setup, then fn under the filter in a child; what happened to it. */
static int
in_sandbox_after(int (*setup)(void), int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (setup != NULL && setup() != 0)
			_exit(101);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
		    responder_sandbox() < 0)
			_exit(100);
		_exit(fn());
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		return WTERMSIG(status) == SIGSYS ? KILLED : OTHER;
	return WEXITSTATUS(status);
}

static int
in_sandbox(int (*fn)(void))
{
	return in_sandbox_after(NULL, fn);
}

static int
do_nothing_much(void)
{
	char buf[8];

	if (getpid() <= 0 || read(-1, buf, 1) != -1)
		return 1;
	return 0;
}

static int
open_for_reading(void)
{
	int fd = openat(AT_FDCWD, "/proc/self/status", O_RDONLY);

	return fd >= 0 ? 0 : 1;
}

static int
open_for_writing(void)
{
	int fd = openat(AT_FDCWD, "/dev/null", O_WRONLY);

	return fd == -1 && errno == EACCES ? EXIT_EACCES : 1;
}

static int
open_creating(void)
{
	int fd = openat(AT_FDCWD, "/tmp/x", O_RDONLY | O_CREAT, 0600);

	return fd == -1 && errno == EACCES ? EXIT_EACCES : 1;
}

static int
make_socket(void)
{
	return socket(AF_INET, SOCK_DGRAM, 0) >= 0 ? 0 : 1;
}

static int
run_exec(void)
{
	char *const argv[] = { "/bin/true", NULL };

	execv("/bin/true", argv);
	return 1;
}

static int fds[2];

static int
sendto_plain(void)
{
	return sendto(fds[0], "x", 1, 0, NULL, 0) == 1 ? 0 : 1;
}

static int
sendto_with_address(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	sendto(fds[0], "x", 1, 0, (struct sockaddr *)&sin, sizeof(sin));
	return 0;
}

static int
set_option(void)
{
	int one = 1;

	setsockopt(fds[0], SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	return 0;
}

static int
bind_it(void)
{
	struct sockaddr_un { sa_family_t f; char p[8]; } a = { AF_UNIX, "" };

	bind(fds[0], (struct sockaddr *)&a, sizeof(a.f));
	return 0;
}

static int
raise_privs(void)
{
	prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0);
	return 0;
}

static int rp[2];

static int
start_reaper(void)
{
	return pipe(rp) == 0 && fdreaper_start(8) == 8 ? 0 : 1;
}

/* the reaper threads work under the filter and stop cleanly */
static int
reap_a_pipe(void)
{
	fdreaper_close(rp[0]);
	fdreaper_close(rp[1]);
	fdreaper_drain();
	return fcntl(rp[0], F_GETFD) == -1 && errno == EBADF ? 0 : 1;
}

/* a thread running before the filter is installed is confined too */
static int go[2], ready[2];

static void *
thread_makes_socket(void *arg)
{
	char c = 'r';

	(void)arg;
	if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
		return NULL;
	socket(AF_INET, SOCK_DGRAM, 0);
	return NULL;
}

static int
start_socket_thread(void)
{
	pthread_t t;
	char c;

	if (pipe(go) == -1 || pipe(ready) == -1 ||
	    pthread_create(&t, NULL, thread_makes_socket, NULL) != 0)
		return 1;
	/* running, past its own start-up calls */
	return read(ready[0], &c, 1) == 1 ? 0 : 1;
}

static int
let_the_thread_go(void)
{
	char c = 'g';

	if (write(go[1], &c, 1) != 1)
		return 1;
	sleep(5);		/* killed long before */
	return 0;
}

START_TEST(test_threads_are_confined)
{
	int i;

	/* often enough that a thread still starting would be caught */
	for (i = 0; i < 20; i++)
		ck_assert_int_eq(in_sandbox_after(start_reaper, reap_a_pipe),
		    OK_EXIT);
	ck_assert_int_eq(in_sandbox_after(start_socket_thread,
	    let_the_thread_go), KILLED);
}
END_TEST

START_TEST(test_allowed_calls_work)
{
	ck_assert_int_eq(in_sandbox(do_nothing_much), OK_EXIT);
	ck_assert_int_eq(in_sandbox(open_for_reading), OK_EXIT);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, fds), 0);
	ck_assert_int_eq(in_sandbox(sendto_plain), OK_EXIT);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_write_opens_fail_with_eacces)
{
	ck_assert_int_eq(in_sandbox(open_for_writing), EXIT_EACCES);
	ck_assert_int_eq(in_sandbox(open_creating), EXIT_EACCES);
}
END_TEST

START_TEST(test_forbidden_calls_kill)
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, fds), 0);
	ck_assert_int_eq(in_sandbox(make_socket), KILLED);
	ck_assert_int_eq(in_sandbox(run_exec), KILLED);
	ck_assert_int_eq(in_sandbox(sendto_with_address), KILLED);
	ck_assert_int_eq(in_sandbox(set_option), KILLED);
	ck_assert_int_eq(in_sandbox(bind_it), KILLED);
	ck_assert_int_eq(in_sandbox(raise_privs), KILLED);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

static Suite *
sandbox_suite(void)
{
	Suite *s = suite_create("sandbox");
	TCase *core = tcase_create("core");

	tcase_add_test(core, test_allowed_calls_work);
	tcase_add_test(core, test_write_opens_fail_with_eacces);
	tcase_add_test(core, test_forbidden_calls_kill);
	tcase_add_test(core, test_threads_are_confined);
	suite_add_tcase(s, core);
	return s;
}

int
main(void)
{
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
	/* the filter is not installed in sanitizer builds */
	return EXIT_SUCCESS;
#endif
#endif
	return tu_run_suite(sandbox_suite()) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
