#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/ipc.h"

const char *
msg_type_name(uint32_t type)
{
	switch (type) {
	case MSG_NONE:			return "MSG_NONE";
	case MSG_CONFIG:		return "MSG_CONFIG";
	case MSG_IFACE_ADD:		return "MSG_IFACE_ADD";
	case MSG_IFACE_UPDATE:		return "MSG_IFACE_UPDATE";
	case MSG_IFACE_DEL:		return "MSG_IFACE_DEL";
	case MSG_UDP_SOCKET:		return "MSG_UDP_SOCKET";
	case MSG_LOG:			return "MSG_LOG";
	case MSG_RESPONDER_READY:	return "MSG_RESPONDER_READY";
	case MSG_STATS:			return "MSG_STATS";
	case MSG_LOG_BATCH:		return "MSG_LOG_BATCH";
	default:			return "MSG_UNKNOWN";
	}
}

int
ipc_send(int sock, uint32_t type, const void *data, size_t len, int fd)
{
	struct ipc_hdr hdr = { .type = type, .len = len, .flags = 0 };
	struct iovec iov[2];
	struct msghdr mh;
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(int))];
	} cmsg;
	ssize_t n;

	if (len > IPC_MAX_PAYLOAD)
		return -EMSGSIZE;
	memset(&mh, 0, sizeof(mh));
	if (fd >= 0) {
		struct cmsghdr *c;

		hdr.flags |= IPC_F_FD;
		memset(&cmsg, 0, sizeof(cmsg));
		mh.msg_control = cmsg.buf;
		mh.msg_controllen = sizeof(cmsg.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	iov[0].iov_base = &hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = (void *)(uintptr_t)data;
	iov[1].iov_len = len;
	mh.msg_iov = iov;
	mh.msg_iovlen = len > 0 ? 2 : 1;
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n != sizeof(hdr) + len)
		return -EIO;
	return 0;
}

/* Close every fd a control buffer carries; return how many there were. */
static int
close_passed_fds(struct msghdr *mh, int *ret_first)
{
	struct cmsghdr *c;
	int count = 0;

	for (c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c)) {
		size_t i, nfds;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		nfds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfds; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (count == 0 && ret_first != NULL)
				*ret_first = fd;
			else
				close(fd);
			count++;
		}
	}
	return count;
}

int
ipc_recv(int sock, struct ipc_msg *m)
{
	struct iovec iov[2];
	struct msghdr mh;
	union {
		struct cmsghdr	hdr;
		/* room for more than one fd so that extras can be closed */
		char		buf[CMSG_SPACE(sizeof(int) * 8)];
	} cmsg;
	ssize_t n;
	int nfds, fd = -1;

	memset(&mh, 0, sizeof(mh));
	memset(&m->hdr, 0, sizeof(m->hdr));
	m->fd = -1;
	iov[0].iov_base = &m->hdr;
	iov[0].iov_len = sizeof(m->hdr);
	iov[1].iov_base = m->data;
	iov[1].iov_len = sizeof(m->data);
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	mh.msg_control = cmsg.buf;
	mh.msg_controllen = sizeof(cmsg.buf);
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	nfds = close_passed_fds(&mh, &fd);
	if (n == 0 && nfds == 0)
		return 0;
	if ((mh.msg_flags & (MSG_CTRUNC | MSG_TRUNC)) ||
	    (size_t)n < sizeof(m->hdr) ||
	    m->hdr.len != (size_t)n - sizeof(m->hdr) ||
	    (m->hdr.flags & ~IPC_F_FD) != 0 ||
	    nfds > 1 ||
	    (nfds == 1) != ((m->hdr.flags & IPC_F_FD) != 0)) {
		if (fd >= 0)
			close(fd);
		return -EBADMSG;
	}
	m->fd = fd;
	return 1;
}

int
ipc_check_size(const struct ipc_msg *m)
{
	size_t want;

	/* a message built by hand (tests, fuzzers) may claim any length */
	if (m->hdr.len > sizeof(m->data))
		return -EBADMSG;
	switch (m->hdr.type) {
	case MSG_CONFIG:		want = sizeof(struct msg_config); break;
	case MSG_IFACE_ADD:
	case MSG_IFACE_UPDATE:		want = sizeof(struct msg_iface); break;
	case MSG_IFACE_DEL:		want = sizeof(struct msg_iface_del); break;
	case MSG_UDP_SOCKET:		want = sizeof(struct msg_udp_socket); break;
	case MSG_RESPONDER_READY:	want = 0; break;
	case MSG_STATS:			want = sizeof(struct msg_stats); break;
	case MSG_LOG_BATCH: {
		size_t off = 0;
		const char *text;
		int prio, r, n = 0;

		while ((r = ipc_log_next(m->data, m->hdr.len, &off, &prio,
		    &text)) == 1)
			n++;
		return r == 0 && n > 0 ? 0 : -EBADMSG;
	}
	case MSG_LOG:
		/* priority plus a NUL-terminated text within bounds */
		if (m->hdr.len <= offsetof(struct msg_log, text) ||
		    m->hdr.len > sizeof(struct msg_log) ||
		    m->data[m->hdr.len - 1] != '\0')
			return -EBADMSG;
		return 0;
	default:
		return -EBADMSG;
	}
	return m->hdr.len == want ? 0 : -EBADMSG;
}

int
ipc_log_append(uint8_t *buf, size_t cap, size_t *off, int priority,
    const char *text)
{
	int32_t prio = priority;
	size_t len = strnlen(text, LOG_LINE_MAX - 1);

	if (*off > cap || cap - *off < sizeof(prio) + len + 1)
		return -1;
	memcpy(buf + *off, &prio, sizeof(prio));
	memcpy(buf + *off + sizeof(prio), text, len);
	buf[*off + sizeof(prio) + len] = '\0';
	*off += sizeof(prio) + len + 1;
	return 0;
}

int
ipc_log_next(const uint8_t *buf, size_t len, size_t *off, int *priority,
    const char **text)
{
	const uint8_t *nul;
	int32_t prio;
	size_t max;

	if (*off == len)
		return 0;
	if (*off > len || len - *off < IPC_LOG_REC_MIN)
		return -1;
	memcpy(&prio, buf + *off, sizeof(prio));
	max = len - *off - sizeof(prio);
	if (max > LOG_LINE_MAX)
		max = LOG_LINE_MAX;
	nul = memchr(buf + *off + sizeof(prio), '\0', max);
	if (nul == NULL)
		return -1;
	*priority = prio;
	*text = (const char *)buf + *off + sizeof(prio);
	*off = (size_t)(nul - buf) + 1;
	return 1;
}
