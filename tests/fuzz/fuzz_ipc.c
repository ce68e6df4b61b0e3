/*
 * The monitor <-> responder framing (common/ipc.c) on a real
 * SOCK_SEQPACKET socketpair.  The input is a list of records, each a kind
 * byte and then:
 *   kind % 3 == 0  u16 length (little endian) and that many bytes, sent as
 *                  one raw datagram: a header the sender forged
 *   kind % 3 == 1  u32 type, u16 length, bytes: sent with ipc_send, which
 *                  must arrive intact whenever ipc_send accepts it
 *   kind % 3 == 2  a 12-byte header and up to 64 bytes put straight into
 *                  a struct ipc_msg: ipc_check_size on lengths that
 *                  ipc_recv would never let through
 * Every datagram is read back with ipc_recv, then ipc_check_size.  No fd
 * is ever passed: that is the unit suite's business (check_ipc.c).
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common/ipc.h"
#include "tests/fuzz/fuzz.h"

static int		sv[2];
static struct ipc_msg	m;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_logs();
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1 ||
	    fcntl(sv[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(sv[1], F_SETFL, O_NONBLOCK) == -1)
		abort();
	return 0;
}

struct in {
	const uint8_t	*p;
	size_t		 left;
};

static size_t
take(struct in *in, void *dst, size_t n)
{
	if (n > in->left)
		n = in->left;
	memcpy(dst, in->p, n);
	in->p += n;
	in->left -= n;
	return n;
}

/* A message ipc_recv accepted is consistent, and the size check agrees
 * with the protocol's table. */
static void
check_msg(size_t sent)
{
	FZ_ASSERT(m.fd == -1);
	FZ_ASSERT(m.hdr.len == sent - sizeof(m.hdr));
	FZ_ASSERT(m.hdr.len <= sizeof(m.data));
	FZ_ASSERT((m.hdr.flags & ~IPC_F_FD) == 0);
	if (ipc_check_size(&m) == 0 && m.hdr.type == MSG_LOG)
		FZ_ASSERT(memchr(m.data + offsetof(struct msg_log, text), '\0',
		    m.hdr.len - offsetof(struct msg_log, text)) != NULL);
	if (ipc_check_size(&m) == 0 && m.hdr.type == MSG_LOG_BATCH) {
		const char *text;
		size_t off = 0;
		int prio, r;

		while ((r = ipc_log_next(m.data, m.hdr.len, &off, &prio,
		    &text)) == 1)
			FZ_ASSERT(strlen(text) < LOG_LINE_MAX &&
			    off <= m.hdr.len);
		FZ_ASSERT(r == 0);
	}
}

struct expect {
	uint32_t	 type;
	const uint8_t	*data;
	size_t		 len;
};

/* Read everything queued (ipc_recv clears m before each try); returns
 * how many messages were accepted.  With want, each must be that one. */
static int
receive_all(size_t sent, const struct expect *want)
{
	int r, n = 0;

	while ((r = ipc_recv(sv[1], &m)) != -EAGAIN) {
		FZ_ASSERT(r == 1 || r == 0 || r == -EBADMSG);
		FZ_ASSERT(want == NULL || r == 1);
		if (r != 1)
			continue;
		n++;
		check_msg(sent);
		if (want != NULL)
			FZ_ASSERT(m.hdr.type == want->type &&
			    m.hdr.len == want->len && m.hdr.flags == 0 &&
			    memcmp(m.data, want->data, want->len) == 0);
	}
	return n;
}

static void
raw_datagram(struct in *in)
{
	static uint8_t buf[IPC_MAX_PAYLOAD + 64];
	uint8_t lenb[2] = { 0, 0 };
	size_t len;

	take(in, lenb, 2);
	len = take(in, buf, (size_t)(lenb[0] | lenb[1] << 8));
	if (send(sv[0], buf, len, MSG_DONTWAIT) != (ssize_t)len)
		return;
	receive_all(len, NULL);
}

static void
via_ipc_send(struct in *in)
{
	static uint8_t buf[IPC_MAX_PAYLOAD + 64];
	struct expect want;
	uint32_t type = 0;
	uint8_t lenb[2] = { 0, 0 };
	size_t len;

	take(in, &type, sizeof(type));
	take(in, lenb, 2);
	len = take(in, buf, (size_t)(lenb[0] | lenb[1] << 8));
	if (ipc_send(sv[0], type, buf, len, -1) != 0)
		return;
	/* what ipc_send framed, ipc_recv takes back byte for byte */
	want.type = type;
	want.data = buf;
	want.len = len;
	FZ_ASSERT(receive_all(sizeof(m.hdr) + len, &want) == 1);
}

static void
forged(struct in *in)
{
	memset(&m, 0, sizeof(m));
	take(in, &m.hdr, sizeof(m.hdr));
	take(in, m.data, 64);
	m.fd = -1;
	if (ipc_check_size(&m) == 0)
		FZ_ASSERT(m.hdr.len <= sizeof(m.data));
	msg_type_name(m.hdr.type);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	uint8_t kind;

	while (take(&in, &kind, 1) == 1) {
		switch (kind % 3) {
		case 0:
			raw_datagram(&in);
			break;
		case 1:
			via_ipc_send(&in);
			break;
		default:
			forged(&in);
			break;
		}
	}
	receive_all(0, NULL);
	return 0;
}
