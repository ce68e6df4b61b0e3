/*
 * Helpers for the harnesses: quiet logging, temporary files, checksum
 * repair, and the reply checkers that turn a malformed reply into a
 * finding.  Abort on anything unexpected: a harness that half works
 * fuzzes nothing.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "responder/dhcp4.h"
#include "responder/dhcp6.h"
#include "tests/fuzz/fuzz.h"

static void
discard_line(int priority, const char *line)
{
	(void)priority;
	(void)line;
}

void
fz_quiet_logs(void)
{
	log_procinit("fuzz");
	log_setverbose(1);
	/* FZ_LOG=1 shows the lines, to see where a seed goes */
	if (getenv("FZ_LOG") == NULL)
		log_set_sink(discard_line);
}

void
fz_mkdtemp(char *buf, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(buf, len, "%s/statichcpd-fuzz.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(buf) == NULL) {
		perror("mkdtemp");
		abort();
	}
}

void
fz_write_file(const char *path, const uint8_t *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t off = 0;

	if (fd == -1) {
		perror(path);
		abort();
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n <= 0) {
			perror(path);
			abort();
		}
		off += (size_t)n;
	}
	close(fd);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

void
fz_rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* --- checksums ----------------------------------------------------------- */

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t
sum_bytes(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
	return sum;
}

static uint16_t
fold(uint32_t sum)
{
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
fix_udp(uint8_t *udp, size_t udp_len, uint32_t pseudo)
{
	uint16_t v;

	wr16(udp + 6, 0);
	v = fold(sum_bytes(pseudo + 17 + (uint32_t)udp_len, udp, udp_len));
	wr16(udp + 6, v == 0 ? 0xffff : v);
}

void
fz_fix_checksums(uint8_t *f, size_t len)
{
	uint8_t *ip = f + 14;
	size_t ihl, total, plen;

	if (len < 14 + 20)
		return;
	if (rd16(f + 12) == 0x0800) {
		ihl = (size_t)(ip[0] & 0x0f) * 4;
		if (ihl < 20 || 14 + ihl > len)
			return;
		wr16(ip + 10, 0);
		wr16(ip + 10, fold(sum_bytes(0, ip, ihl)));
		total = rd16(ip + 2);
		if (total < ihl + 8 || 14 + total > len)
			return;
		fix_udp(ip + ihl, total - ihl, sum_bytes(0, ip + 12, 8));
	} else if (rd16(f + 12) == 0x86dd && len >= 14 + 40 + 8 &&
	    ip[6] == 17) {
		plen = rd16(ip + 4);
		if (plen < 8 || 14 + 40 + plen > len)
			return;
		fix_udp(ip + 40, plen, sum_bytes(0, ip + 8, 32) +
		    (uint32_t)(plen >> 16));
	}
}

/* --- reply checkers ------------------------------------------------------ */

/*
 * Walk one DHCPv4 option area: every option inside it, an END in it.
 * Returns the END's offset; *ret_overload gets option 52's value.
 */
static size_t
walk4(const uint8_t *p, size_t len, int *ret_overload)
{
	size_t i = 0;

	while (i < len) {
		if (p[i] == DHO_PAD) {
			i++;
			continue;
		}
		if (p[i] == DHO_END)
			return i;
		FZ_ASSERT(i + 2 <= len && i + 2 + p[i + 1] <= len);
		if (p[i] == DHO_OVERLOAD && ret_overload != NULL) {
			FZ_ASSERT(p[i + 1] == 1 && p[i + 2] >= 1 &&
			    p[i + 2] <= 3);
			*ret_overload = p[i + 2];
		}
		i += 2 + (size_t)p[i + 1];
	}
	FZ_ASSERT(!"option area without END");
	return len;
}

void
fz_check_dhcp4_reply(const uint8_t *buf, size_t len, size_t limit)
{
	static const uint8_t cookie[4] = { 0x63, 0x82, 0x53, 0x63 };
	int overload = 0;

	FZ_ASSERT(len > DHCP4_MIN_LEN && len <= limit &&
	    limit <= DHCP4_REPLY_MAX);
	FZ_ASSERT(buf[0] == 2 && memcmp(buf + 236, cookie, 4) == 0);
	/* the END closes the reply: nothing after it */
	FZ_ASSERT(walk4(buf + DHCP4_MIN_LEN, len - DHCP4_MIN_LEN, &overload) ==
	    len - DHCP4_MIN_LEN - 1);
	if (overload & 1)
		walk4(buf + DHCP4_FILE_OFF, DHCP4_FILE_LEN, NULL);
	if (overload & 2)
		walk4(buf + DHCP4_SNAME_OFF, DHCP4_SNAME_LEN, NULL);
}

/* Options of one DHCPv6 container: each inside it, none past its end. */
static void
walk6(const uint8_t *p, size_t len, int depth)
{
	size_t i = 0;

	FZ_ASSERT(depth <= 4);
	while (i < len) {
		uint16_t code, olen;

		FZ_ASSERT(i + 4 <= len);
		code = rd16(p + i);
		olen = rd16(p + i + 2);
		FZ_ASSERT(i + 4 + olen <= len);
		if (code == D6O_IA_NA || code == D6O_IA_PD) {
			FZ_ASSERT(olen >= 12);
			walk6(p + i + 4 + 12, olen - 12, depth + 1);
		} else if (code == D6O_IA_TA) {
			FZ_ASSERT(olen >= 4);
			walk6(p + i + 4 + 4, olen - 4, depth + 1);
		} else if (code == D6O_IAADDR) {
			FZ_ASSERT(olen >= 24);
			walk6(p + i + 4 + 24, olen - 24, depth + 1);
		} else if (code == D6O_IAPREFIX) {
			FZ_ASSERT(olen >= 25 && p[i + 4 + 8] <= 128);
			walk6(p + i + 4 + 25, olen - 25, depth + 1);
		} else if (code == D6O_STATUS_CODE)
			FZ_ASSERT(olen >= 2);
		i += 4 + (size_t)olen;
	}
}

void
fz_check_dhcp6_reply(const uint8_t *buf, size_t len)
{
	FZ_ASSERT(len >= 4 && len <= DHCP6_REPLY_MAX);
	while (buf[0] == DHCP6_RELAY_REPL) {
		size_t i = 34, inner_len = 0;
		const uint8_t *inner = NULL;

		FZ_ASSERT(len >= 34);
		walk6(buf + 34, len - 34, 0);
		while (i < len) {
			if (rd16(buf + i) == D6O_RELAY_MSG) {
				FZ_ASSERT(inner == NULL);
				inner = buf + i + 4;
				inner_len = rd16(buf + i + 2);
			}
			i += 4 + (size_t)rd16(buf + i + 2);
		}
		FZ_ASSERT(inner != NULL && inner_len >= 4);
		buf = inner;
		len = inner_len;
	}
	FZ_ASSERT(buf[0] == DHCP6_ADVERTISE || buf[0] == DHCP6_REPLY);
	walk6(buf + 4, len - 4, 0);
}
