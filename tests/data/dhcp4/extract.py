#!/usr/bin/env python3
"""Extract the client frames of the lab captures as golden inputs.

Usage: extract.py CAPTURE_DIR OUT_DIR
Writes CLIENT-discover.frame, CLIENT-request.frame (and networkd4-release.frame):
whole Ethernet frames as captured (pcap linktype 1), byte for byte.
"""
import os
import struct
import sys

CLIENTS = ["dhclient4", "udhcpc4", "dhcpcd4", "networkd4"]
NAMES = {1: "discover", 3: "request", 7: "release"}


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
    # Ethernet 14 + IPv4 (IHL) + UDP 8, then BOOTP 236 + cookie 4
    ihl = (frame[14] & 0x0F) * 4
    p = frame[14 + ihl + 8:]
    if p[0] != 1:
        return None
    i = 240
    while i < len(p) and p[i] != 255:
        if p[i] == 0:
            i += 1
            continue
        if p[i] == 53:
            return p[i + 2]
        i += 2 + p[i + 1]
    return None


def main():
    src, out = sys.argv[1], sys.argv[2]
    for c in CLIENTS:
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
