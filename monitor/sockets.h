/* Sockets the monitor opens with privilege and hands to the responder. */
#ifndef STATICHCPD_SOCKETS_H
#define STATICHCPD_SOCKETS_H

#include <stdint.h>

/* AF_PACKET socket on ifindex with the inbound DHCP filter (SPEC 9);
 * fd or -errno. */
int	pktsock_open(uint32_t ifindex);
/* 0.0.0.0:67 with IP_PKTINFO; fd or -errno. */
int	udp4_open(void);
/* [::]:547 with IPV6_RECVPKTINFO, v6 only; fd or -errno. */
int	udp6_open(void);

#endif
