#!/usr/bin/env python3
"""Send raw Ethernet frames from files out of an interface (AF_PACKET), as a
hostile guest would: bounded in count and time.

  sendframes.py IFACE [--repeat N] [--seconds S] [--rate R] [--skip K]
                [--src-mac MAC] FILE...

Each file holds one whole frame, after K leading bytes that are skipped
(the fuzz corpora put a control byte first).  With --src-mac the Ethernet source is
rewritten (the frames of a corpus may carry any MAC).  With --rate at
most R frames a second leave (a steady background instead of a burst).
Prints how many frames were sent, also when stopped by SIGTERM."""
import argparse
import signal
import socket
import sys
import time


class Stopped(Exception):
    pass


def stopped(signum, frame):
    raise Stopped()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("iface")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--rate", type=float, default=0.0)
    ap.add_argument("--src-mac")
    ap.add_argument("--skip", type=int, default=0)
    a = ap.parse_args()
    frames = []
    for name in a.files:
        with open(name, "rb") as f:
            data = f.read()[a.skip:]
        if len(data) < 14 or len(data) > 1514:
            continue          # the kernel would refuse or pad it anyway
        if a.src_mac:
            data = data[:6] + bytes.fromhex(a.src_mac.replace(":", "")) + data[12:]
        frames.append(data)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    sent = 0
    start = time.monotonic()
    end = start + a.seconds
    signal.signal(signal.SIGTERM, stopped)
    try:
        for _ in range(a.repeat):
            for fr in frames:
                now = time.monotonic()
                if now > end:
                    break
                if a.rate > 0 and start + sent / a.rate > now:
                    time.sleep(min(start + sent / a.rate, end) - now)
                try:
                    s.send(fr)
                    sent += 1
                except OSError:
                    time.sleep(0.001)   # queue full: back off, stay bounded
    except Stopped:
        pass
    print(sent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
