#!/usr/bin/env python3
"""A minimal syslog receiver for tests: reads datagrams on a unix socket and
appends them to a file, one per line.  Stops by itself after a time limit."""
import os
import socket
import sys
import time

path, out, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
try:
    os.unlink(path)
except FileNotFoundError:
    pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
s.settimeout(0.2)
end = time.monotonic() + limit
with open(out, "ab", buffering=0) as f:
    while time.monotonic() < end:
        try:
            data = s.recv(4096)
        except socket.timeout:
            continue
        f.write(data.rstrip(b"\0\n") + b"\n")
