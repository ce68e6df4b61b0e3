/*
 * The DHCPv4 frame path: Ethernet/IPv4/UDP -> dhcp4 -> database -> reply
 * frame, through responder_input().  Input: one control byte (FZ_CTL_* in
 * fuzz.h), then the Ethernet frame.  The environment is fuzz_env.c's.
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
	fz_frame_input(data, size, 0x86dd);
	return 0;
}
