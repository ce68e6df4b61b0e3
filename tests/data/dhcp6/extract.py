#!/usr/bin/env python3
"""Extract the client messages of the DHCPv6 lab captures as golden inputs.

Usage: extract.py CAPTURE_DIR OUT_DIR
Writes CAPTURE-solicit.frame, CAPTURE-request.frame, CAPTURE-release.frame
(the first of each type sent from port 546 to 547): whole Ethernet frames as
captured (pcap linktype 1), byte for byte.  The captures carry no IPv6
extension headers, so the DHCPv6 message starts at 14 + 40 + 8 = 62.
"""
import os
import struct
import sys

CAPTURES = ["dhclient6", "dhclient6-kea", "dhclient6-pd", "dhcpcd6",
            "dhcpcd6-kea", "dhcpcd6-pd", "dhcp6c-na", "dhcp6c-pd"]
NAMES = {1: "solicit", 3: "request", 8: "release"}


def frames(path):
    d = open(path, "rb").read()
    magic, _, _, _, _, _, linktype = struct.unpack("<IHHiIII", d[:24])
    assert magic == 0xA1B2C3D4 and linktype == 1, path
    off = 24
    while off < len(d):
        _, _, incl, orig = struct.unpack("<IIII", d[off:off + 16])
        off += 16
        assert incl == orig, path
        yield d[off:off + incl]
        off += incl


def msg_type(frame):
    # Ethernet, IPv6 with UDP as the next header, client port to server port
    if struct.unpack(">H", frame[12:14])[0] != 0x86DD or frame[20] != 17:
        return None
    sport, dport = struct.unpack(">HH", frame[54:58])
    if (sport, dport) != (546, 547):
        return None
    return frame[62]


def main():
    src, out = sys.argv[1], sys.argv[2]
    for c in CAPTURES:
        seen = set()
        for f in frames(os.path.join(src, c + ".pcap")):
            t = msg_type(f)
            if t in NAMES and t not in seen:
                seen.add(t)
                name = os.path.join(out, "%s-%s.frame" % (c, NAMES[t]))
                with open(name, "wb") as fh:
                    fh.write(f)
                print(name, len(f))


if __name__ == "__main__":
    main()
