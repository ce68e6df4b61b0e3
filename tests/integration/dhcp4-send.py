#!/usr/bin/env python3
"""Bounded DHCPv4 senders for the integration tests (run inside a client
namespace).  Standard library only.

  dhcp4-send.py inform --mac MAC --ciaddr A --server S [--prl 1,3,...]
      A DHCPINFORM from ciaddr:68 to server:67 over an ordinary UDP socket,
      as a client with a configured address sends it (RFC 2131 3.4).  Up to
      3 tries, 1 s apart.  Prints the reply as KEY=value lines: type, xid_ok,
      ciaddr, yiaddr, giaddr and opt<code>=<hex> for each option; exit
      status 0 with a reply, 1 without.

  dhcp4-send.py flood --iface IF --mac MAC --count N --seconds T [--gap-ms G]
      Broadcast DHCPDISCOVER Ethernet frames (chaddr MAC) on IF through an
      AF_PACKET socket: stops after N frames or T seconds, whichever comes
      first, sleeping G ms between frames (0: as fast as possible).  Prints
      sent=<n> and elapsed=<s>.

  dhcp4-send.py probe --seconds T [--interval-ms I] [--timeout-ms W]
                      [--log FILE] IF=MAC...
      Reply latency: every I ms (default 100) for T seconds, one broadcast
      DHCPDISCOVER frame per IF=MAC pair in turn (chaddr and Ethernet source
      MAC, out of IF), each waiting up to W ms (default 500) for the OFFER
      with its xid before the next goes out.  With --log, the daemon's log
      (-v): a line saying the lookup for MAC found the database busy ends
      the wait as well, so a drop is timed too.  Prints one line per probe,
      "iface=IF mac=MAC ms=<latency> outcome=offer|busy", or "ms=none
      outcome=none", then a summary line per pair: "summary iface=IF
      offers=N busy=N none=N median_ms=M max_ms=M" (of offers and drops).
"""
import argparse
import os
import select
import socket
import struct
import sys
import time

MAGIC = b"\x63\x82\x53\x63"


def mac_bytes(text):
    b = bytes(int(x, 16) for x in text.split(":"))
    if len(b) != 6:
        raise ValueError("bad MAC " + text)
    return b


def bootp(msgtype, mac, xid, ciaddr=b"\0" * 4, flags=0, options=b""):
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0,
                      flags, ciaddr, b"\0" * 4, b"\0" * 4, b"\0" * 4,
                      mac + b"\0" * 10, b"", b"")
    opts = bytes([53, 1, msgtype]) + options + b"\xff"
    msg = hdr + MAGIC + opts
    return msg + b"\0" * max(0, 300 - len(msg))


def parse_options(data):
    """Option code -> concatenated body (RFC 3396)."""
    opts = {}
    i = 0
    while i < len(data):
        code = data[i]
        if code == 0:
            i += 1
            continue
        if code == 255 or i + 1 >= len(data):
            break
        n = data[i + 1]
        opts[code] = opts.get(code, b"") + data[i + 2:i + 2 + n]
        i += 2 + n
    return opts


def cmd_inform(a):
    mac = mac_bytes(a.mac)
    ciaddr = socket.inet_aton(a.ciaddr)
    xid = int.from_bytes(os.urandom(4), "big")
    prl = bytes(int(x) for x in a.prl.split(","))
    msg = bootp(8, mac, xid, ciaddr=ciaddr,
                options=bytes([55, len(prl)]) + prl)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a.ciaddr, 68))
    for _ in range(3):
        s.sendto(msg, (a.server, 67))
        deadline = time.monotonic() + 1.0
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([s], [], [], left)[0]:
                break
            data, src = s.recvfrom(4096)
            if len(data) < 240 or data[0] != 2 or data[236:240] != MAGIC:
                continue
            rxid = struct.unpack("!I", data[4:8])[0]
            if rxid != xid:
                continue
            opts = parse_options(data[240:])
            print("from=%s:%d" % src)
            print("xid_ok=1")
            print("type=%d" % opts.get(53, b"\0")[0])
            print("ciaddr=" + socket.inet_ntoa(data[12:16]))
            print("yiaddr=" + socket.inet_ntoa(data[16:20]))
            print("giaddr=" + socket.inet_ntoa(data[24:28]))
            print("codes=" + ",".join(str(c) for c in opts))
            for code, body in opts.items():
                print("opt%d=%s" % (code, body.hex()))
            return 0
    return 1


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def discover_frame(src_mac, chaddr, xid):
    payload = bootp(1, chaddr, xid, flags=0x8000,
                    options=bytes([55, 3, 1, 3, 6]))
    src, dst = b"\0" * 4, b"\xff" * 4
    udp = struct.pack("!HHHH", 68, 67, 8 + len(payload), 0) + payload
    pseudo = src + dst + struct.pack("!BBH", 0, 17, len(udp))
    csum = checksum(pseudo + udp) or 0xffff
    udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                     0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return b"\xff" * 6 + src_mac + b"\x08\x00" + ip + udp


def cmd_flood(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    src_mac = s.getsockname()[4][:6]
    chaddr = mac_bytes(a.mac)
    start = time.monotonic()
    sent = 0
    while sent < a.count and time.monotonic() - start < a.seconds:
        frame = discover_frame(src_mac, chaddr, sent + 1)
        try:
            s.send(frame)
            sent += 1
        except BlockingIOError:
            pass
        if a.gap_ms > 0:
            time.sleep(a.gap_ms / 1000.0)
    print("sent=%d" % sent)
    print("elapsed=%.3f" % (time.monotonic() - start))
    return 0


def offer_xid(frame):
    """The xid of a frame holding a BOOTREPLY from port 67 to 68, else
    None (IPv4, any header length)."""
    if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00" or \
            frame[23] != 17:
        return None
    udp = 14 + (frame[14] & 0x0f) * 4
    bootp = udp + 8
    if len(frame) < bootp + 240 or \
            frame[udp:udp + 4] != b"\x00\x43\x00\x44":
        return None
    if frame[bootp] != 2:
        return None
    return struct.unpack("!I", frame[bootp + 4:bootp + 8])[0]


class LogTail:
    """New whole lines of a file that only grows."""

    def __init__(self, path):
        self.f = open(path, "rb")
        self.f.seek(0, os.SEEK_END)
        self.part = b""

    def lines(self):
        data = self.part + self.f.read()
        *whole, self.part = data.split(b"\n")
        return [w.decode("utf-8", "replace") for w in whole]


def probe_once(s, mac, xid, timeout, tail):
    """(outcome, ms) of one DISCOVER: ("offer", ms), ("busy", ms) or
    ("none", None)."""
    while select.select([s], [], [], 0)[0]:
        s.recv(4096)            # stale frames: replies to earlier probes
    busy = "db_lookup: client %s on " % ":".join("%02x" % b for b in mac)
    if tail:
        tail.lines()            # what was logged before is not ours
    start = time.monotonic()
    s.send(discover_frame(mac, mac, xid))
    deadline = start + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return "none", None
        # the log is polled every 2 ms while no frame comes
        if select.select([s], [], [], min(left, 0.002))[0]:
            if offer_xid(s.recv(4096)) == xid:
                return "offer", (time.monotonic() - start) * 1000.0
        elif tail and any(busy in ln for ln in tail.lines()):
            return "busy", (time.monotonic() - start) * 1000.0


def cmd_probe(a):
    tail = LogTail(a.log) if a.log else None
    pairs = []
    for arg in a.pairs:
        iface, mac = arg.split("=", 1)
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(0x0800))
        s.bind((iface, 0))
        pairs.append((iface, mac, mac_bytes(mac), s, []))
    xid = int.from_bytes(os.urandom(3), "big") << 8
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        tick = time.monotonic()
        for iface, text, mac, s, got in pairs:
            xid = (xid + 1) & 0xffffffff
            outcome, ms = probe_once(s, mac, xid, a.timeout_ms / 1000.0,
                                     tail)
            got.append((outcome, ms))
            print("iface=%s mac=%s ms=%s outcome=%s" %
                  (iface, text, "none" if ms is None else "%.2f" % ms,
                   outcome))
        sys.stdout.flush()
        rest = a.interval_ms / 1000.0 - (time.monotonic() - tick)
        if rest > 0:
            time.sleep(rest)
    for iface, text, mac, s, got in pairs:
        ms = sorted(m for o, m in got if m is not None)
        count = {o: sum(1 for g, _ in got if g == o)
                 for o in ("offer", "busy", "none")}
        print("summary iface=%s offers=%d busy=%d none=%d median_ms=%.2f "
              "max_ms=%.2f" % (iface, count["offer"], count["busy"],
                               count["none"], ms[len(ms) // 2] if ms else -1,
                               ms[-1] if ms else -1))
    return 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("inform")
    i.add_argument("--mac", required=True)
    i.add_argument("--ciaddr", required=True)
    i.add_argument("--server", required=True)
    i.add_argument("--prl", default="1,3,6,15")
    f = sub.add_parser("flood")
    f.add_argument("--iface", required=True)
    f.add_argument("--mac", required=True)
    f.add_argument("--count", type=int, required=True)
    f.add_argument("--seconds", type=float, required=True)
    f.add_argument("--gap-ms", type=float, default=0)
    r = sub.add_parser("probe")
    r.add_argument("--seconds", type=float, required=True)
    r.add_argument("--interval-ms", type=float, default=100)
    r.add_argument("--timeout-ms", type=float, default=500)
    r.add_argument("--log")
    r.add_argument("pairs", nargs="+", metavar="IF=MAC")
    a = p.parse_args()
    return {"inform": cmd_inform, "flood": cmd_flood,
            "probe": cmd_probe}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
