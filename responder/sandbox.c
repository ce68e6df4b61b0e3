/*
 * The responder's seccomp filter (SPEC 9, bad-inputs H5): installed after
 * the privilege drop and set-up, it allows only what the event loop, the
 * read-only database and packet I/O use.  Anything else kills the process
 * (the monitor restarts it).  Two calls are allowed with conditions:
 * sendto only without a destination address (a passed packet socket could
 * otherwise send out of any interface), and openat only for reading --
 * SQLite first tries to open -wal/-shm read-write and falls back to
 * read-only, so a write-open fails with EACCES instead of killing.
 * socket, bind, connect, setsockopt, execve and the rest are not listed.
 * The filter covers every thread (TSYNC): the socket-closing threads of
 * common/fdreaper.c run under it.
 */
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <unistd.h>

#include "common/log.h"
#include "responder/responder.h"

#if defined(__x86_64__)
#define SANDBOX_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SANDBOX_ARCH	AUDIT_ARCH_AARCH64
#endif

#define ALLOW(nr)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD_NR		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
			    offsetof(struct seccomp_data, nr))
/* the low 32 bits of argument n (pointers and flags fit for our checks) */
#define LOAD_ARG(n)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
			    offsetof(struct seccomp_data, args[n]))
#define LOAD_ARG_HI(n)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
			    offsetof(struct seccomp_data, args[n]) + 4)
#define WRITE_FLAGS	(O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)

#ifdef SANDBOX_ARCH
static struct sock_filter filter[] = {
	/* the architecture first: syscall numbers mean nothing otherwise */
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_ARCH, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	LOAD_NR,
#if defined(__x86_64__)
	/* x32 calls share the architecture: refuse them all */
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
#endif
	/* sendto(fd, buf, len, flags, dest_addr, addrlen): dest_addr NULL */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_sendto, 0, 6),
	LOAD_ARG(4),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3),
	LOAD_ARG_HI(4),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	/* openat(dirfd, path, flags, mode): read-only, else EACCES */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 0, 4),
	LOAD_ARG(2),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, WRITE_FLAGS, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EACCES & 0xffff)),
	/* the event loop, IPC and packets */
	ALLOW(SYS_epoll_wait), ALLOW(SYS_epoll_pwait), ALLOW(SYS_epoll_ctl),
	ALLOW(SYS_recvmmsg), ALLOW(SYS_recvmsg), ALLOW(SYS_recvfrom),
	ALLOW(SYS_sendmsg),
	ALLOW(SYS_read), ALLOW(SYS_write), ALLOW(SYS_close),
	ALLOW(SYS_clock_gettime), ALLOW(SYS_gettimeofday),
	ALLOW(SYS_clock_nanosleep), ALLOW(SYS_nanosleep),
	ALLOW(SYS_rt_sigreturn), ALLOW(SYS_rt_sigprocmask),
	ALLOW(SYS_restart_syscall), ALLOW(SYS_exit), ALLOW(SYS_exit_group),
	/* memory */
	ALLOW(SYS_brk), ALLOW(SYS_mmap), ALLOW(SYS_munmap), ALLOW(SYS_mremap),
	ALLOW(SYS_madvise), ALLOW(SYS_futex),
	/* the read-only database (SQLite's unix VFS) */
	ALLOW(SYS_pread64), ALLOW(SYS_lseek), ALLOW(SYS_fcntl),
	ALLOW(SYS_fstat), ALLOW(SYS_newfstatat), ALLOW(SYS_readlinkat),
	ALLOW(SYS_faccessat), ALLOW(SYS_getcwd), ALLOW(SYS_getrandom),
#if defined(__x86_64__)
	ALLOW(SYS_stat), ALLOW(SYS_lstat), ALLOW(SYS_access),
	ALLOW(SYS_readlink), ALLOW(SYS_poll),
#endif
	ALLOW(SYS_ppoll),
	ALLOW(SYS_getpid), ALLOW(SYS_gettid), ALLOW(SYS_geteuid),
	ALLOW(SYS_getuid), ALLOW(SYS_getegid), ALLOW(SYS_getgid),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
};
#endif

int
responder_sandbox(void)
{
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
	/* the sanitizer runtime needs calls no responder makes */
	log_info("%s: sanitizer build: no seccomp filter", __func__);
	return 0;
#endif
#endif
#ifdef SANDBOX_ARCH
	struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};

	long r;

	/* TSYNC: the threads started before (fdreaper.c) are confined too */
	r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_TSYNC, &prog);
	if (r != 0) {
		if (r > 0)
			log_warnx("%s: thread %ld cannot take the filter",
			    __func__, r);
		else
			log_warn("%s: seccomp filter", __func__);
		return -1;
	}
	log_debug("%s: seccomp filter installed (%u instructions)", __func__,
	    (unsigned)prog.len);
	return 0;
#else
	log_warnx("%s: no seccomp filter for this architecture", __func__);
	return 0;
#endif
}
