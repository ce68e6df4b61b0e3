#!/usr/bin/env python3
"""Send seed frames one at a time and tell, from the daemon's debug log,
what became of each (run in the client namespace; the daemon runs with -v).

  hostile-seeds.py IFACE LOG SERVER_IFACE [--skip K] [--timeout S] FILE...

Frames go out of IFACE; LOG is the daemon's log, where the interface they
arrive on is SERVER_IFACE.  Each file holds one frame after K leading
bytes (the fuzz corpora put a control byte first).  After every seed a
sentinel follows: a DHCPDISCOVER from an unconfigured chaddr that encodes
the seed's number, which the daemon logs as an unknown client.  A packet
socket is a queue and the log lines travel in order, so the lines between
two sentinels are the seed's.  One line per seed on stdout:

  NAME<TAB>OUTCOME<TAB>DETAIL

OUTCOME names the counters the lines stand for: malformed (DETAIL: the drop
reason), unknown_clients, unknown_clients+mac_mismatch, none (no line: the
socket filter dropped it, or it cannot be sent), or other (DETAIL: the
lines, e.g. a reply).  Exit status 1 when a sentinel did not show in time
(the responder died, or lines were lost)."""
import argparse
import importlib.util
import os
import socket
import sys
import time

# the order of the counters in an OUTCOME
COUNTERS = ("malformed", "unknown_clients", "mac_mismatch")


def load_dhcp4_send():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "dhcp4-send.py")
    spec = importlib.util.spec_from_file_location("dhcp4_send", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def classify(lines, iface):
    """The OUTCOME and DETAIL of one seed's log lines."""
    seen, reasons, other = set(), [], []
    for ln in lines:
        if ("on %s:" % iface) in ln and "ignoring" in ln:
            seen.add("malformed")
            reasons.append(ln.split("on %s: " % iface, 1)[1])
        elif "unknown client, ignored" in ln or \
                "without a usable client identity" in ln:
            seen.add("unknown_clients")
        elif "is not chaddr" in ln:
            seen.add("mac_mismatch")
        else:
            other.append(ln)
    if other:
        return "other", " | ".join(other)
    if not seen:
        return "none", ""
    return "+".join(c for c in COUNTERS if c in seen), "; ".join(reasons)


def send(sock, frame):
    for _ in range(100):
        try:
            sock.send(frame)
            return True
        except BlockingIOError:
            time.sleep(0.001)      # queue full: back off, stay bounded
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("iface")
    ap.add_argument("log")
    ap.add_argument("server_iface")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=3.0)
    a = ap.parse_args()
    d4 = load_dhcp4_send()
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((a.iface, 0))
    tail = d4.LogTail(a.log)
    rc = 0
    for i, name in enumerate(a.files, 1):
        with open(name, "rb") as f:
            frame = f.read()[a.skip:]
        # "frame4/NAME": the corpus and the seed
        base = os.path.join(os.path.basename(os.path.dirname(name)),
                            os.path.basename(name))
        # the kernel refuses these (shorter than a header, over the MTU)
        if len(frame) < 14 or len(frame) > 1514:
            print("%s\tnone\tnot sent (%d bytes)" % (base, len(frame)))
            continue
        mac = bytes([0x0e, 0x5e, 0, 0, i >> 8 & 0xff, i & 0xff])
        mark = "Client: %s " % ":".join("%02x" % b for b in mac)
        if not send(sock, frame) or \
                not send(sock, d4.discover_frame(mac, mac, i)):
            print("%s\tother\tcould not send" % base)
            rc = 1
            continue
        got, end = [], time.monotonic() + a.timeout
        while time.monotonic() < end:
            new = tail.lines()
            hit = [k for k, ln in enumerate(new) if mark in ln]
            if hit:
                got += new[:hit[0]]
                break
            got += new
            time.sleep(0.002)
        else:
            print("%s\tother\tsentinel not logged within %.1f s" %
                  (base, a.timeout))
            rc = 1
            continue
        # only the responder's lines about this interface belong to it
        mine = [ln for ln in got if (" %s:" % a.server_iface) in ln or
                ("Interface: %s " % a.server_iface) in ln]
        outcome, detail = classify(mine, a.server_iface)
        print("%s\t%s\t%s" % (base, outcome, detail))
        sys.stdout.flush()
    return rc


if __name__ == "__main__":
    sys.exit(main())
