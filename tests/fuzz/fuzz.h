/*
 * Shared by the libFuzzer harnesses (tests/fuzz/fuzz_<parser>.c), the
 * replay driver that runs their corpora in make check (replay.c), and the
 * helpers both use (fuzz_util.c, fuzz_env.c).
 */
#ifndef STATICHCPD_FUZZ_H
#define STATICHCPD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/if_packet.h>

struct iface;

/* The libFuzzer entry points every harness defines. */
int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test broke: a finding, like a crash. */
#define FZ_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* --- fuzz_util.c --------------------------------------------------------- */

/* Debug logging on (bad-inputs F9), every line formatted and discarded
 * (shown on stderr when FZ_LOG is set). */
void	fz_quiet_logs(void);
/* mkdtemp under $TMPDIR or /tmp into buf (PATH_MAX); aborts on failure. */
void	fz_mkdtemp(char *buf, size_t len);
/* Write data to path (truncating); aborts on failure. */
void	fz_write_file(const char *path, const uint8_t *data, size_t len);
void	fz_rm_rf(const char *path);
/*
 * Make the IPv4 header checksum and the UDP checksum (IPv4 or IPv6) of an
 * Ethernet frame right, wherever the length fields say they are and the
 * frame holds them: lets the fuzzer past the checksums to the fields
 * behind them.  Independent of responder/frame.c's code.
 */
void	fz_fix_checksums(uint8_t *frame, size_t len);
/*
 * Abort unless buf is a well-formed DHCPv4 reply of at most limit bytes:
 * BOOTREPLY, cookie, every option inside its area, END where it must be,
 * overloaded file/sname fields well-formed too.
 */
void	fz_check_dhcp4_reply(const uint8_t *buf, size_t len, size_t limit);
/* Abort unless buf is a well-formed DHCPv6 reply (relay layers too). */
void	fz_check_dhcp6_reply(const uint8_t *buf, size_t len);

/* --- fuzz_env.c: the responder the frame harnesses drive ---------------- */

#define FZ_NIFACES	3

/*
 * The first byte of a frame harness's input: how the frame arrives and
 * with which configuration; the rest is the Ethernet frame.
 */
#define FZ_CTL_AUX_MASK		0x03	/* PACKET_AUXDATA: */
#define FZ_CTL_AUX_NONE		0x00	/*   none (checksums verified) */
#define FZ_CTL_AUX_NOT_READY	0x01	/*   TP_STATUS_CSUMNOTREADY */
#define FZ_CTL_AUX_VALID	0x02	/*   TP_STATUS_CSUM_VALID */
#define FZ_CTL_AUX_VLAN		0x03	/*   VLAN tag stripped into aux */
#define FZ_CTL_FIX_CSUM		0x04	/* harness repairs the checksums */
#define FZ_CTL_MAC_AS_DUID	0x08	/* use_mac_as_client_duid */
#define FZ_CTL_NO_IA_ID		0x10	/* disable_ia_id */
#define FZ_CTL_RAWSOCK		0x20	/* disable_routing_with_rawsock */
#define FZ_CTL_IFACE_SHIFT	6	/* receiving interface: tap0..tap2 */

/*
 * Build the database (every attribute type, bad rows, groups) in a
 * temporary directory, open it as the responder does, register the
 * interfaces (each fd one end of a socketpair), configure
 * responder_state with udp4/udp6 = -1.  Aborts if a known client cannot
 * be found afterwards: a harness must never fuzz a dead database.
 */
void	fz_env_init(void);
/* Apply the control byte; returns the receiving interface, sets *aux. */
struct iface *fz_env_control(uint8_t ctl, struct tpacket_auxdata *buf,
	    const struct tpacket_auxdata **ret_aux);
/* Read and check every frame the responder sent; returns how many. */
int	fz_env_drain(void);
/*
 * One input of a frame harness: the control byte, then the frame, which
 * goes to responder_input() -- the whole path from the packet socket to
 * the reply on the wire.  Frames of skip_ethertype are left to the other
 * family's harness, so each spends its time where its corpus points.
 */
void	fz_frame_input(const uint8_t *data, size_t size,
	    uint16_t skip_ethertype);

#endif
