/*
 * The DHCPv6 frame path: Ethernet/IPv6/UDP -> relay layers -> dhcp6 ->
 * database -> reply, through responder_input().  Input: one control byte
 * (FZ_CTL_* in fuzz.h), then the Ethernet frame.  Environment: fuzz_env.c.
 */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_env_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_frame_input(data, size, 0x0800);
	return 0;
}
